// The demo council that `npm start` loads: casework on its cases (recorded through the services,
// dated consistently in the past), outcomes Prove can claim for at the demo date, non-zero
// cost-benefit, and a second load that adds nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { permissionsFor, type RequestContext, type Role } from '../auth/permissions.ts';
import { withSystem, withTenant } from '../db/tenant.ts';
import { fixedClock } from '../platform/clock.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { createContainer, type Container } from './container.ts';
import { ensureDemoCouncil } from './demo.ts';
import { DEMO_COUNCIL_CODE, type DemoSummary } from './demo-council.ts';
import { registerJobs } from './jobs.ts';

const DEMO_DATE = '2026-11-23';
let database: TestDatabase;
let container: Container;
let first: DemoSummary;
let laId = '';

const TABLES = ['support_case', 'case_history', 'consent', 'contact', 'assessment', 'assessment_need', 'measure_score', 'plan_goal', 'plan_action', 'plan_version', 'taf_member', 'taf_meeting', 'case_review', 'supervision', 'case_closure', 'follow_up', 'unit_cost', 'event', 'audit_event'] as const;

async function counts(): Promise<Record<(typeof TABLES)[number], number>> {
  return withTenant(container.database.db, laId, async (tx) => {
    const out = {} as Record<(typeof TABLES)[number], number>;
    for (const table of TABLES) out[table] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]?.n ?? 0);
    return out;
  });
}

async function ctxFor(email: string): Promise<RequestContext> {
  const user = await withTenant(container.database.db, laId, (tx) => tx.selectFrom('app_user').select(['id', 'role', 'team_id', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow());
  return { actor: { id: user.id, localAuthorityId: laId, displayName: user.display_name, email, role: user.role as Role, teamId: user.team_id, organisation: null, permissions: permissionsFor(user.role as Role) }, correlationId: 'test' };
}

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-demo-test-'));

before(async () => {
  database = await createTestDatabase({ HEARTH_DATA_DIR: dataDir });
  container = await createContainer({ ...database.config, dataDir }, { clock: fixedClock(`${DEMO_DATE}T12:00:00Z`) });
  registerJobs(container);
  first = await ensureDemoCouncil(container);
  laId = (await withSystem(container.database.db, (tx) => tenancyRepository.findCouncilByCode(tx, DEMO_COUNCIL_CODE)))?.id ?? '';
});
after(async () => {
  await container?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

void test('the demo cases have assessments with needs, plans with goals (some met), contacts, reviews, a TAF and closures', async () => {
  assert.equal(first.created, true);
  const n = await counts();
  assert.ok(n.support_case >= 45, `cases: ${n.support_case}`);
  assert.ok(n.assessment >= 20, `assessments: ${n.assessment}`);
  assert.ok(n.assessment_need >= n.assessment, `needs: ${n.assessment_need}`);
  assert.ok(n.plan_goal >= n.assessment, `goals: ${n.plan_goal}`);
  assert.ok(n.contact >= 3 * n.assessment, `contacts: ${n.contact}`);
  assert.ok(n.case_review >= n.assessment, `reviews: ${n.case_review}`);
  assert.ok(n.taf_meeting >= 10 && n.taf_member >= 10, `TAF: ${n.taf_member} members, ${n.taf_meeting} meetings`);
  assert.ok(n.case_closure >= 5 && n.follow_up >= 5, `closures ${n.case_closure}, follow-ups ${n.follow_up}`);
  assert.ok(n.unit_cost >= 10, 'the illustrative unit costs are loaded');
  const kinds = await withTenant(container.database.db, laId, (tx) => tx.selectFrom('contact').select('kind').distinct().execute());
  for (const kind of ['home_visit', 'phone']) assert.ok(kinds.some((k) => k.kind === kind), `a ${kind} contact`);
  const goals = await withTenant(container.database.db, laId, (tx) => tx.selectFrom('plan_goal').select(['status']).execute());
  assert.ok(goals.some((g) => g.status === 'achieved') && goals.some((g) => g.status !== 'achieved'), 'some goals met, some not yet');
  // Every case with an assessment has a need, and every need a goal.
  const bare = await withTenant(container.database.db, laId, (tx) =>
    tx.selectFrom('assessment as a').select('a.case_id').where((eb) => eb.not(eb.exists(eb.selectFrom('assessment_need as n').select('n.id').whereRef('n.case_id', '=', 'a.case_id')))).execute(),
  );
  assert.deepEqual(bare, []);
  // Closed cases were closed through the closure service, approved by the manager, with outcomes.
  const closed = await withTenant(container.database.db, laId, (tx) => tx.selectFrom('support_case as c').innerJoin('case_closure as x', (j) => j.onRef('x.case_id', '=', 'c.id')).select(['c.closed_on', 'x.decided_on', 'x.status', 'x.reason']).where('c.status', '=', 'closed').execute());
  assert.ok(closed.length >= 5);
  assert.ok(closed.every((c) => c.status === 'approved' && c.decided_on === c.closed_on));
  assert.ok(closed.some((c) => c.reason === 'goals_met') && closed.some((c) => c.reason !== 'goals_met'));
});

void test('the dates are in the past and consistent: assessment after opening, contacts during the case, closure after the last contact', async () => {
  const rows = await withTenant(container.database.db, laId, (tx) =>
    tx
      .selectFrom('support_case as c')
      .select((eb) => [
        'c.reference',
        'c.opened_on',
        'c.closed_on',
        eb.selectFrom('contact as x').select((e) => e.fn.min('x.occurred_on').as('d')).whereRef('x.case_id', '=', 'c.id').as('first_contact'),
        eb.selectFrom('contact as x').select((e) => e.fn.max('x.occurred_on').as('d')).whereRef('x.case_id', '=', 'c.id').as('last_contact'),
        eb.selectFrom('assessment as a').select((e) => e.fn.min('a.started_on').as('d')).whereRef('a.case_id', '=', 'c.id').as('assessed'),
        eb.selectFrom('case_review as r').select((e) => e.fn.max('r.held_on').as('d')).whereRef('r.case_id', '=', 'c.id').as('last_review'),
        eb.selectFrom('case_closure as x').select((e) => e.fn.min('x.requested_on').as('d')).whereRef('x.case_id', '=', 'c.id').as('closure_requested'),
      ])
      .execute(),
  );
  const asText = (d: unknown) => (d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
  for (const r of rows) {
    const [first, last, assessed, review, requested] = [r.first_contact, r.last_contact, r.assessed, r.last_review, r.closure_requested].map(asText);
    const end = r.closed_on ?? DEMO_DATE;
    assert.ok(r.opened_on < DEMO_DATE && end <= DEMO_DATE, `${r.reference} opened ${r.opened_on}, closed ${r.closed_on}`);
    if (first) assert.ok(first > r.opened_on && (last as string) < end, `${r.reference}: contacts ${first} to ${last} outside ${r.opened_on} to ${end}`);
    if (assessed) assert.ok(assessed > r.opened_on && assessed < end, `${r.reference}: assessed ${assessed}`);
    if (review) assert.ok(review > (assessed as string) && review < end, `${r.reference}: reviewed ${review}`);
    if (r.closed_on) assert.ok(requested && requested >= (last as string) && requested < r.closed_on, `${r.reference}: closure requested ${requested}, last contact ${last}, closed ${r.closed_on}`);
  }
  const future = await withTenant(container.database.db, laId, async (tx) => [
    ...(await tx.selectFrom('contact').select('occurred_on as d').where('occurred_on', '>', DEMO_DATE).execute()),
    ...(await tx.selectFrom('case_review').select('held_on as d').where('held_on', '>', DEMO_DATE).execute()),
    ...(await tx.selectFrom('plan_goal').select('id as d').where('updated_at', '>', new Date(`${DEMO_DATE}T23:59:59Z`)).execute()),
  ]);
  assert.deepEqual(future, []);
});

void test('a claim batch built at the demo date finds claimable families (none is pre-built)', async () => {
  const before = await withTenant(container.database.db, laId, (tx) => tx.selectFrom('claim_batch').select('id').execute());
  assert.deepEqual(before, [], 'the demo leaves building a batch to the person trying Hearth');
  const { batchId } = await container.services.outcomes.startBatch(await ctxFor('data@demo.hearth.test'), { asOf: DEMO_DATE });
  await container.queue.drain();
  const batch = await container.services.outcomes.batch(await ctxFor('data@demo.hearth.test'), batchId, { claimable: true, page: 1 });
  const summary = batch.batch.summary as { claimable: number; families: number; amountPence: number };
  assert.ok(summary.families >= 1, `claimable families: ${JSON.stringify(summary)}`);
  assert.ok(summary.amountPence > 0);
  // A second person approves it: the builder may not.
  const builder = await ctxFor('data@demo.hearth.test');
  await assert.rejects(() => container.services.outcomes.approve(builder, batchId));
  await container.services.outcomes.approve(await ctxFor('manager@demo.hearth.test'), batchId);
});

void test('cost-benefit for the demo cohort has non-zero figures', async () => {
  const ctx = await ctxFor('data@demo.hearth.test');
  const settings = await container.services.outcomes.settings(ctx);
  assert.equal(settings.costDataFrom, '2022-04-01');
  const result = await container.services.economics.cohortCostBenefit(ctx, { openedFrom: '2022-04-01', openedTo: DEMO_DATE, window: 'case', includeProgrammeCost: false }, { pence: null, source: null, dataFrom: settings.costDataFrom });
  assert.ok(result.families.length >= 40, `cohort: ${result.families.length}`);
  const preceding = result.result?.preceding;
  assert.ok(preceding && preceding.n > 0 && preceding.duringPence > 0 && preceding.baselinePence > 0, JSON.stringify(preceding && { n: preceding.n, during: preceding.duringPence, baseline: preceding.baselinePence }));
  assert.notEqual(preceding.grossSavingPence, 0);
});

void test('loading the demo again adds nothing', async () => {
  const before = await counts();
  const again = await ensureDemoCouncil(container);
  assert.equal(again.created, false);
  assert.deepEqual(await counts(), before);
});
