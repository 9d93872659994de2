// Evaluation runs, candidates, check before contact and panels, on a real database (PGlite, or
// the server when DATABASE_URL is set), with families and events built by the test factories.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { attendance, insertEvents } from '../../../test/support/events.ts';
import { permissionsFor, type RequestContext, type Role } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { registerJobs } from '../../app/jobs.ts';

let t: TestContainer;
let council: TestCouncil;
const clock = fixedClock('2025-04-10T09:00:00Z');
const DATE = '2025-03-31';
const TERMS: Array<[string, string]> = [['2024-04-15', '2024-07-22'], ['2024-09-04', '2024-12-20'], ['2025-01-06', '2025-03-28']];
const fam: Record<string, { familyId: string; personIds: string[] }> = {};

function ctx(role: Role, user: keyof TestCouncil['users'], teamId: string | null = null): RequestContext {
  return { actor: { id: council.users[user].id, localAuthorityId: council.id, displayName: user, email: council.users[user].email, role, teamId, organisation: null, permissions: permissionsFor(role) }, correlationId: 'test' };
}

before(async () => {
  t = await createTestContainer({ clock });
  registerJobs(t.container);
  const db = t.container.database.db;
  council = await createCouncil(db, 'IDN');
  const other = await createCouncil(db, 'OTH');
  // A: three needs (persistent absence, worklessness, mental health) → eligible under sf2022.
  fam.A = await createFamily(db, council, { name: 'Able family', members: [{ given: 'Ann', family: 'Able', dob: '1985-01-01', role: 'parent' }, { given: 'Alf', family: 'Able', dob: '2012-06-01', role: 'child' }] });
  // B: two needs only.
  fam.B = await createFamily(db, council, { name: 'Baker family', members: [{ given: 'Bea', family: 'Baker', dob: '1990-01-01', role: 'parent' }, { given: 'Bo', family: 'Baker', dob: '2015-01-01', role: 'child' }] });
  // C: eligible but already open to the service.
  fam.C = await createFamily(db, council, { name: 'Cole family', members: [{ given: 'Cy', family: 'Cole', dob: '1980-01-01', role: 'parent' }, { given: 'Cal', family: 'Cole', dob: '2011-01-01', role: 'child' }], case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId } });
  // D and E share a father (a person in two family units) whose offence is a need in both.
  fam.D = await createFamily(db, council, { name: 'Dunn family', members: [{ given: 'Dan', family: 'Dunn', dob: '1982-01-01', role: 'parent' }, { given: 'Dee', family: 'Dunn', dob: '1984-01-01', role: 'parent' }, { given: 'Dot', family: 'Dunn', dob: '2014-01-01', role: 'child' }] });
  const dan = fam.D.personIds[0] as string;
  fam.E = await createFamily(db, council, { name: 'Eve family', members: [{ given: 'Dan', family: 'Dunn', dob: '1982-01-01', role: 'parent', personId: dan }, { given: 'Eve', family: 'Eve', dob: '1988-01-01', role: 'parent' }, { given: 'Ed', family: 'Eve', dob: '2016-01-01', role: 'child' }] });
  const [ann, alf] = fam.A.personIds as [string, string];
  const [bea] = fam.B.personIds as [string];
  const [cy, cal] = fam.C.personIds as [string, string];
  const [, dee] = fam.D.personIds as [string, string];
  const [, eve] = fam.E.personIds as [string, string];
  await insertEvents(db, council.id, [
    ...attendance(alf, TERMS, 15),
    { type: 'dwp.out_of_work_benefit', on: '2023-01-01', personId: ann, source: 'DWP', attributes: { benefit: "Employment and Support Allowance" } },
    { type: 'health.mental_health_contact', on: '2024-02-01', end: '2024-06-01', personId: ann, source: 'NHS Trust', attributes: { team: 'TALK' } },
    { type: 'dwp.universal_credit', on: '2024-01-01', personId: bea, source: 'DWP', attributes: { conditionality: 'searching for work (out of work)' } },
    { type: 'housing.rent_arrears', on: '2024-12-01', personId: bea, source: 'Housing', attributes: { arrears_balance: 900 } },
    { type: 'police.domestic_abuse_incident', on: '2025-01-05', personId: cy, source: 'Police', attributes: { role: 'victim' } },
    { type: 'school.suspension', on: '2025-02-01', personId: cal, source: 'Education' },
    { type: 'health.substance_misuse', on: '2024-09-01', personId: cy, source: 'Recovery' },
    { type: 'police.offence', on: '2024-10-01', personId: dan, source: 'Police', attributes: { role: 'offender', outcome: 'charged or summonsed (proven)' } },
    { type: 'police.domestic_abuse_incident', on: '2025-01-05', personId: dee, source: 'Police', attributes: { role: 'victim' } },
    { type: 'housing.homelessness', on: '2025-02-01', personId: dee, source: 'Housing' },
    { type: 'health.mental_health_contact', on: '2025-01-01', personId: eve, source: 'NHS Trust' },
  ]);
  // Another council's identical data must not leak into this council's run.
  const x = await createFamily(db, other, { name: 'Other family', members: [{ given: 'Oz', family: 'Other', dob: '1985-01-01', role: 'parent' }, { given: 'Ola', family: 'Other', dob: '2012-01-01', role: 'child' }] });
  await insertEvents(db, other.id, [{ type: 'health.mental_health_contact', on: '2025-01-01', personId: x.personIds[0] as string }]);
});
after(async () => {
  await t?.close();
});

async function evaluate(code: string): Promise<string> {
  const versionId = await t.container.services.frameworks.publishedVersionId(council.id, code);
  assert.ok(versionId);
  const { runId } = await t.container.services.identification.startEvaluation(ctx('data_manager', 'data'), { versionId, date: DATE });
  await t.container.queue.drain();
  return runId;
}

let runId = '';

void test('an evaluation run: needs by person, evidence, eligibility, and the job links to the summary', async () => {
  runId = await evaluate('sf2022');
  const { run } = await t.container.services.identification.run(ctx('data_manager', 'data'), runId);
  assert.equal(run.status, 'succeeded');
  assert.equal(run.families_evaluated, 5);
  assert.ok(run.result_hash);
  const db = t.container.database.db;
  const rows = await withTenant(db, council.id, (tx) => tx.selectFrom('evaluation_family').select(['family_unit_id', 'needs', 'eligible', 'agencies']).where('run_id', '=', runId).execute());
  const by = new Map(rows.map((r) => [r.family_unit_id, r]));
  assert.deepEqual(by.get(fam.A!.familyId)?.needs, ['sf2022.mental_health', 'sf2022.persistent_absence', 'sf2022.worklessness']);
  assert.equal(by.get(fam.A!.familyId)?.eligible, true);
  assert.deepEqual(by.get(fam.A!.familyId)?.agencies, ['DWP', 'Education', 'NHS Trust']);
  assert.equal(by.get(fam.B!.familyId)?.eligible, false);
  // The father's offence is his need, visible in both families, once in each.
  const dan = fam.D!.personIds[0];
  const needs = await withTenant(db, council.id, (tx) => tx.selectFrom('evaluation_need').select(['family_unit_id', 'person_id', 'descriptor']).where('run_id', '=', runId).where('descriptor', '=', 'sf2022.offending').execute());
  assert.deepEqual(needs.map((n) => n.person_id), [dan, dan]);
  assert.deepEqual(new Set(needs.map((n) => n.family_unit_id)), new Set([fam.D!.familyId, fam.E!.familyId]));
  assert.equal(by.get(fam.D!.familyId)?.eligible, true); // offending, DA, temporary accommodation + housing
  assert.equal(by.get(fam.E!.familyId)?.eligible, false); // offending, mental health
  const job = await withTenant(db, council.id, (tx) => tx.selectFrom('job').select(['status', 'result']).where('name', '=', 'identification.evaluate').executeTakeFirstOrThrow());
  assert.equal(job.status, 'succeeded');
  assert.equal((job.result as { href: string }).href, `/identify/runs/${runId}`);
});

void test('candidates: eligible, not already open, filterable, exportable with formulas neutralised', async () => {
  const service = t.container.services.identification;
  const list = await service.candidates(ctx('team_manager', 'manager', council.teamId), runId, { sort: 'needs' }, { limit: 50, offset: 0 });
  assert.deepEqual(list.rows.map((r) => r.family_unit_id).sort(), [fam.A!.familyId, fam.D!.familyId].sort());
  assert.equal(list.rows.find((r) => r.family_unit_id === fam.C!.familyId), undefined, 'open case excluded');
  const housing = await service.candidates(ctx('team_manager', 'manager', council.teamId), runId, { sort: 'needs', headline: 'housing' }, { limit: 50, offset: 0 });
  assert.deepEqual(housing.rows.map((r) => r.family_unit_id), [fam.D!.familyId]);
  const csv = await service.candidatesCsv(ctx('data_manager', 'data'), runId, { sort: 'needs' });
  assert.match(csv, /^reference,family,locality,needs/);
  assert.equal(csv.trim().split('\r\n').length, 3);
});

void test('check before contact: stale evidence is flagged and new data since the run is noticed', async () => {
  const service = t.container.services.identification;
  const before = await service.candidate(ctx('data_manager', 'data'), runId, fam.A!.familyId);
  assert.equal(before.newEvents, 0);
  // The mental health episode ended in June 2024: older than 90 days on 10 April 2025.
  assert.ok(before.staleNeeds.includes('Mental health need'));
  assert.equal(before.stale, true);
  // Ann starts work: her benefit spell ends. The run's results do not change; the check sees it.
  await withTenant(t.container.database.db, council.id, (tx) => sql`update event set ended_on = '2025-04-01' where type = 'dwp.out_of_work_benefit' and person_id = ${fam.A!.personIds[0]}`.execute(tx));
  await insertEvents(t.container.database.db, council.id, [{ type: 'school.attendance', on: '2025-04-15', end: '2025-07-22', personId: fam.A!.personIds[1] as string, attributes: { sessions_possible: 10, sessions_missed: 0 } }]);
  const after = await service.candidate(ctx('data_manager', 'data'), runId, fam.A!.familyId);
  assert.equal(after.newEvents, 2, 'the changed benefit spell and the new attendance record');
  const check = await service.checkNow(ctx('data_manager', 'data'), runId, fam.A!.familyId);
  assert.deepEqual(check.gone, ['Worklessness']);
  assert.equal(check.eligibleNow, false);
  assert.equal(check.unchanged, false);
});

void test('results are frozen: a finished run cannot change, a published version cannot change', async () => {
  const db = t.container.database.db;
  await assert.rejects(withTenant(db, council.id, (tx) => tx.deleteFrom('evaluation_family').where('run_id', '=', runId).execute()), /cannot change/);
  await assert.rejects(withTenant(db, council.id, (tx) => sql`update framework_descriptor set severity = 3`.execute(tx)), /cannot change/);
});

void test('a new version: draft, edit with the test panel, switch the count, publish; the old run keeps its results', async () => {
  const frameworks = t.container.services.frameworks;
  const c = ctx('data_manager', 'data');
  const v1 = await frameworks.publishedVersionId(council.id, 'sf2022');
  const draft = await frameworks.createDraft(c, v1 as string);
  const { descriptor } = await frameworks.descriptor(c, draft, 'sf2022.mental_health');
  const edited = { code: descriptor.code, headline: descriptor.headline, name: descriptor.name, description: descriptor.description, severity: descriptor.severity, rule: { ...descriptor.rule!, anyOf: [{ ...descriptor.rule!.anyOf[0]!, window: { kind: 'last_months' as const, months: 3, match: 'overlaps' as const } }] }, provenance: { status: 'local' as const, source: 'test' } };
  const panel = await frameworks.testDescriptor(c, draft, edited, DATE);
  assert.equal(panel.familiesMatched, 1, 'only Eve\'s recent episode within 3 months'); // Ann's ended June 2024
  assert.equal(panel.examples[0]?.people[0]?.events[0]?.type, 'health.mental_health_contact');
  await frameworks.saveDescriptor(c, draft, descriptor.code, edited);
  await frameworks.setFamilyCount(c, draft, 'headlines', 3);
  await assert.rejects(frameworks.publish(c, draft, ''), (e: { fields?: Record<string, string> }) => /Say what changed/.test(e.fields?.note ?? ''));
  await frameworks.publish(c, draft, 'Mental health in the last 3 months; three distinct headlines');
  const view = await frameworks.version(c, draft);
  assert.deepEqual(view.changed, [{ code: 'sf2022.mental_health', change: 'changed' }, { code: 'family rule', change: 'changed' }]);
  const run2 = await evaluate('sf2022');
  assert.notEqual(run2, runId);
  const db = t.container.database.db;
  const count = (id: string) => withTenant(db, council.id, async (tx) => Number((await sql<{ n: number }>`select count(*)::int as n from evaluation_family where run_id = ${id} and eligible`.execute(tx)).rows[0]?.n));
  assert.equal(await count(runId), 3, 'the first run still says A, C and D');
  const { run } = await t.container.services.identification.run(c, run2);
  assert.equal(run.version, 2);
});

void test('a panel: attendees, a decision with reasons, and allocation opens a case awaiting allocation', async () => {
  const service = t.container.services.identification;
  const c = ctx('team_manager', 'manager', council.teamId);
  const panelId = await service.createPanel(c, { title: 'April panel', meetsOn: '2025-04-15', runId, familyIds: [fam.A!.familyId, fam.D!.familyId] });
  await service.addAttendee(c, panelId, { name: 'Sam School', agency: 'Riverside Primary', role: 'DSL' });
  await assert.rejects(service.decide(c, panelId, 'x', { decision: 'allocate', tier: '', teamId: '', referTo: '', reasons: '' }), /There is a problem/);
  const { families, attendees } = await service.panel(c, panelId);
  assert.equal(attendees.length, 1);
  const a = families.find((f) => f.family_unit_id === fam.A!.familyId)!;
  assert.equal((a.evidence as { needs: string[] }).needs.length, 3, 'the evidence snapshot');
  const result = await service.decide(c, panelId, a.id, { decision: 'allocate', tier: 'intensive', teamId: council.teamId, referTo: '', reasons: 'School and health agree support is needed' });
  assert.ok(result.caseId);
  const d = families.find((f) => f.family_unit_id === fam.D!.familyId)!;
  await service.decide(c, panelId, d.id, { decision: 'refer_elsewhere', tier: '', teamId: '', referTo: 'Housing options', reasons: 'Housing first' });
  await assert.rejects(service.decide(c, panelId, d.id, { decision: 'no_action', tier: '', teamId: '', referTo: '', reasons: 'x' }), /already decided/);
  const cases = await withTenant(t.container.database.db, council.id, (tx) => tx.selectFrom('support_case').select(['status', 'tier', 'team_id']).where('family_unit_id', '=', fam.A!.familyId).execute());
  assert.deepEqual(cases, [{ status: 'awaiting_allocation', tier: 'intensive', team_id: council.teamId }]);
  // Now open to the service, A is no longer a candidate.
  const list = await service.candidates(c, runId, { sort: 'needs' }, { limit: 50, offset: 0 });
  assert.deepEqual(list.rows.map((r) => r.family_unit_id), [fam.D!.familyId]);
});

void test('needs over time: a series of monthly evaluations', async () => {
  const r = await t.container.services.identification.needsOverTime(ctx('data_manager', 'data'), fam.D!.familyId, { code: 'tf2015', months: 12 });
  assert.equal(r.series.length, 13);
  assert.deepEqual(r.series[0]?.headlines, []);
  assert.ok((r.series.at(-1)?.headlines.length ?? 0) >= 2);
});
