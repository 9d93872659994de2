// Bench: the Somerset cost-benefit analysis for a 10,000-family cohort (both comparisons and the
// incident projection, per family, agency and month). Generates the population into a fresh
// PostgreSQL database on 127.0.0.1:5432 and prints seconds. Target: under 5 seconds.
//   node bench/cost-benefit.ts [--families 10000]
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const { createTestDatabase } = await import('../test/support/database.ts');
const { createContainer } = await import('../src/app/container.ts');
const { createCouncil } = await import('../test/support/factories.ts');
const { fixedClock } = await import('../src/platform/clock.ts');
const { permissionsFor } = await import('../src/auth/permissions.ts');
const { generatePopulation } = await import('./prove-population.ts');

const arg = process.argv.indexOf('--families');
const families = arg > 0 ? Number(process.argv[arg + 1]) : 10_000;
const database = await createTestDatabase();
const container = await createContainer(database.config, { clock: fixedClock('2025-06-01T09:00:00Z') });
try {
  const council = await createCouncil(container.database.db, 'BENCH');
  const counts = await generatePopulation(container.database.db, { id: council.id, teamId: council.teamId, keyworkerId: council.users.keyworker.id }, families);
  const ctx = { actor: { id: council.users.data.id, localAuthorityId: council.id, displayName: 'Bench', email: council.users.data.email, role: 'data_manager' as const, teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'bench' };
  await container.services.economics.loadIllustrative(ctx);
  const t = performance.now();
  const data = await container.services.economics.cohortData(council.id, { openedFrom: '2023-01-01', openedTo: '2023-12-31', window: 'case', includeProgrammeCost: true }, { pence: 300_000, dataFrom: null });
  const seconds = (performance.now() - t) / 1000;
  const r = data.result;
  console.log(`cost-benefit for a ${data.families.length}-family cohort (${counts.events} events, ${data.contacts.length} family-month-type rows): ${seconds.toFixed(2)} s`);
  if (r) console.log(`preceding: N=${r.preceding.n} gross £${Math.round(r.preceding.grossSavingPence / 100)}; year earlier: N=${r.yearEarlier.n} gross £${Math.round(r.yearEarlier.grossSavingPence / 100)}; projection: N=${r.projection.n} £${Math.round(r.projection.totalSavingPence / 100)}`);
} finally {
  await container.close();
  await database.drop();
}
