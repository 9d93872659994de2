// Bench: build a claim batch over 100,000 family units with three years of events.
// Generates the population into a fresh PostgreSQL database on 127.0.0.1:5432 (created and dropped
// here) and prints the seconds the build took. Target: under 20 seconds.
//   node bench/claims.ts [--families 100000]
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const { createTestDatabase } = await import('../test/support/database.ts');
const { createContainer } = await import('../src/app/container.ts');
const { createCouncil } = await import('../test/support/factories.ts');
const { fixedClock } = await import('../src/platform/clock.ts');
const { permissionsFor } = await import('../src/auth/permissions.ts');
const { generatePopulation } = await import('./prove-population.ts');
const { registerJobs } = await import('../src/app/jobs.ts');

const arg = process.argv.indexOf('--families');
const families = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const database = await createTestDatabase();
const container = await createContainer(database.config, { clock: fixedClock('2025-06-01T09:00:00Z') });
registerJobs(container);
try {
  const council = await createCouncil(container.database.db, 'BENCH');
  let t = performance.now();
  const counts = await generatePopulation(container.database.db, { id: council.id, teamId: council.teamId, keyworkerId: council.users.keyworker.id }, families);
  console.error(`generated ${families} family units, ${counts.people} people, ${counts.events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const ctx = { actor: { id: council.users.data.id, localAuthorityId: council.id, displayName: 'Bench', email: council.users.data.email, role: 'data_manager' as const, teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'bench' };
  const outcomes = container.services.outcomes;
  t = performance.now();
  const { batchId } = await outcomes.startBatch(ctx, { asOf: '2025-06-01' });
  const result = await outcomes.buildBatch(council.id, batchId, async () => undefined);
  const seconds = (performance.now() - t) / 1000;
  const view = await outcomes.batch(ctx, batchId, { page: 1 });
  const summary = view.batch.summary as { considered: number; claimable: number; counts: Record<string, number> };
  console.log(`claim batch over ${families} family units (${counts.events} events): ${seconds.toFixed(1)} s — ${summary.considered} attachments decided, ${summary.claimable} claimable (${result.summary})`);
  console.log(JSON.stringify(summary.counts));
} finally {
  await container.close();
  await database.drop();
}
