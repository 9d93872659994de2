// Set-up shared by the Prove benchmarks (claims, cost-benefit): a fresh database on the PostgreSQL
// server (created here, dropped by close()), a council with the synthetic population of
// prove-population.ts, and a data manager's request context, on the benchmarks' fixed date.
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const { createTestDatabase } = await import('../../test/support/database.ts');
const { createContainer } = await import('../../src/app/container.ts');
const { createCouncil } = await import('../../test/support/factories.ts');
const { fixedClock } = await import('../../src/platform/clock.ts');
const { permissionsFor } = await import('../../src/auth/permissions.ts');
const { registerJobs } = await import('../../src/app/jobs.ts');
const { generatePopulation } = await import('../prove-population.ts');

/** The --families argument, or the default. */
export function familiesArg(fallback: number): number {
  const arg = process.argv.indexOf('--families');
  return arg > 0 ? Number(process.argv[arg + 1]) : fallback;
}

export async function startProveBench(families: number) {
  const database = await createTestDatabase();
  const container = await createContainer(database.config, { clock: fixedClock('2025-06-01T09:00:00Z') });
  registerJobs(container);
  const close = async () => {
    await container.close();
    await database.drop();
  };
  try {
    const council = await createCouncil(container.database.db, 'BENCH');
    const t = performance.now();
    const counts = await generatePopulation(container.database.db, { id: council.id, teamId: council.teamId, keyworkerId: council.users.keyworker.id }, families);
    console.error(`generated ${families} family units, ${counts.people} people, ${counts.events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const ctx = { actor: { id: council.users.data.id, localAuthorityId: council.id, displayName: 'Bench', email: council.users.data.email, role: 'data_manager' as const, teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'bench' };
    return { container, council, counts, ctx, close };
  } catch (error) {
    await close();
    throw error;
  }
}
