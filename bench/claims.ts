// Bench: build a claim batch over 100,000 family units with three years of events.
// Generates the population into a fresh PostgreSQL database on 127.0.0.1:5432 (created and dropped
// here) and prints the seconds the build took. Target: under 20 seconds.
//   node bench/claims.ts [--families 100000]
import { familiesArg, startProveBench } from './support/prove-bench.ts';

const families = familiesArg(100_000);
const { container, council, counts, ctx, close } = await startProveBench(families);
try {
  const outcomes = container.services.outcomes;
  const t = performance.now();
  const { batchId } = await outcomes.startBatch(ctx, { asOf: '2025-06-01' });
  const result = await outcomes.buildBatch(council.id, batchId, async () => undefined);
  const seconds = (performance.now() - t) / 1000;
  const view = await outcomes.batch(ctx, batchId, { page: 1 });
  const summary = view.batch.summary as { considered: number; claimable: number; counts: Record<string, number> };
  console.log(`claim batch over ${families} family units (${counts.events} events): ${seconds.toFixed(1)} s — ${summary.considered} attachments decided, ${summary.claimable} claimable (${result.summary})`);
  console.log(JSON.stringify(summary.counts));
} finally {
  await close();
}
