// Bench: the Somerset cost-benefit analysis for a 10,000-family cohort (both comparisons and the
// incident projection, per family, agency and month). Generates the population into a fresh
// PostgreSQL database on 127.0.0.1:5432 and prints seconds. Target: under 5 seconds.
//   node bench/cost-benefit.ts [--families 10000]
import { familiesArg, startProveBench } from './support/prove-bench.ts';

const { container, council, counts, ctx, close } = await startProveBench(familiesArg(10_000));
try {
  await container.services.economics.loadIllustrative(ctx);
  const t = performance.now();
  const data = await container.services.economics.cohortData(council.id, { openedFrom: '2023-01-01', openedTo: '2023-12-31', window: 'case', includeProgrammeCost: true }, { pence: 300_000, dataFrom: null });
  const seconds = (performance.now() - t) / 1000;
  const r = data.result;
  console.log(`cost-benefit for a ${data.families.length}-family cohort (${counts.events} events, ${data.contacts.length} family-month-type rows): ${seconds.toFixed(2)} s`);
  if (r) console.log(`preceding: N=${r.preceding.n} gross £${Math.round(r.preceding.grossSavingPence / 100)}; year earlier: N=${r.yearEarlier.n} gross £${Math.round(r.yearEarlier.grossSavingPence / 100)}; projection: N=${r.projection.n} £${Math.round(r.projection.totalSavingPence / 100)}`);
} finally {
  await close();
}
