// A council authoring its own outcome plan through the framework service, on a real database
// (PGlite, or the server when DATABASE_URL is set): local headlines, removing local items, a
// framework of its own (from scratch or a copy), the history's comparisons, and identification
// evaluating a published local framework while runs under older versions keep their results.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { insertEvents } from '../../../test/support/events.ts';
import { permissionsFor, type RequestContext, type Role } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { registerJobs } from '../../app/jobs.ts';
import type { DescriptorDef } from './rule.types.ts';

let t: TestContainer;
let council: TestCouncil;
let other: TestCouncil;
const DATE = '2025-03-31';
let familyId = '';

function ctx(c: TestCouncil, role: Role = 'data_manager', user: keyof TestCouncil['users'] = 'data'): RequestContext {
  return { actor: { id: c.users[user].id, localAuthorityId: c.id, displayName: `${user} ${c.code}`, email: c.users[user].email, role, teamId: null, organisation: null, permissions: permissionsFor(role) }, correlationId: 'test' };
}
const svc = () => t.container.services.frameworks;
const fields = (e: unknown): Record<string, string> => (e instanceof ValidationError ? e.fields : {});

const carerRule = (types = ['csc.young_carer_assessment']): DescriptorDef['rule'] => ({ who: { preset: 'child', roles: ['child'], maxAge: 17 }, anyOf: [{ types, window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }] });
const descriptor = (code: string, headline: string, name = 'Young carer', rule = carerRule()): DescriptorDef => ({ code, headline, name, description: 'A child assessed as a young carer in the last 12 months.', severity: 2, rule, provenance: { status: 'local', source: 'test' } });

before(async () => {
  t = await createTestContainer({ clock: fixedClock('2025-04-10T09:00:00Z') });
  registerJobs(t.container);
  const db = t.container.database.db;
  council = await createCouncil(db, 'AUT');
  other = await createCouncil(db, 'AUX');
  const f = await createFamily(db, council, { name: 'Carer family', members: [{ given: 'Pat', family: 'Carer', dob: '1980-01-01', role: 'parent' }, { given: 'Kim', family: 'Carer', dob: '2012-01-01', role: 'child' }] });
  familyId = f.familyId;
  const [pat, kim] = f.personIds as [string, string];
  await createFamily(db, council, { name: 'Quiet family', members: [{ given: 'Quinn', family: 'Quiet', dob: '1985-01-01', role: 'parent' }, { given: 'Q', family: 'Quiet', dob: '2014-01-01', role: 'child' }] });
  await insertEvents(db, council.id, [
    { type: 'csc.young_carer_assessment', on: '2025-01-15', personId: kim, source: 'Young Carers Service' },
    { type: 'health.mental_health_contact', on: '2025-02-01', personId: pat, source: 'NHS Trust' },
  ]);
});
after(async () => {
  await t?.close();
});

async function draftOf(code: string): Promise<string> {
  const v1 = await svc().publishedVersionId(council.id, code);
  assert.ok(v1);
  return svc().createDraft(ctx(council), v1);
}

async function auditActions(): Promise<string[]> {
  return withTenant(t.container.database.db, council.id, async (tx) => (await tx.selectFrom('audit_event').select('action').where('action', 'like', 'framework.%').execute()).map((r) => r.action));
}

void test('a local headline: validation, add, edit, and national headlines stay as they are', async (s) => {
  const draft = await draftOf('tf2015');
  const cases: Array<{ name: string; code: string | null; input: { code: string; name: string; description: string }; field: string; message: RegExp }> = [
    { name: 'no code', code: null, input: { code: '', name: 'Young carers', description: '' }, field: 'code', message: /Enter a code/ },
    { name: 'a code with spaces', code: null, input: { code: 'young carers', name: 'Young carers', description: '' }, field: 'code', message: /lower-case letters/ },
    { name: 'a code already used', code: null, input: { code: 'health', name: 'Health again', description: '' }, field: 'code', message: /already exists/ },
    { name: 'no name', code: null, input: { code: 'young_carers', name: '  ', description: '' }, field: 'name', message: /Enter a name/ },
    { name: 'a long description', code: null, input: { code: 'young_carers', name: 'Young carers', description: 'x'.repeat(1001) }, field: 'description', message: /1000 characters/ },
  ];
  for (const c of cases) {
    await s.test(c.name, async () => {
      await assert.rejects(svc().saveHeadline(ctx(council), draft, c.code, c.input), (e) => c.message.test(fields(e)[c.field] ?? ''));
    });
  }
  assert.equal(await svc().saveHeadline(ctx(council), draft, null, { code: 'young_carers', name: 'Young carers', description: 'Children who care for a family member' }), 'young_carers');
  const { headline } = await svc().headline(ctx(council), draft, 'young_carers');
  assert.deepEqual({ ...headline, provenance: headline.provenance.status }, { code: 'young_carers', name: 'Young carers', description: 'Children who care for a family member', local: true, provenance: 'local' });
  await svc().saveHeadline(ctx(council), draft, 'young_carers', { code: 'ignored', name: 'Young carers supported', description: '' });
  const edited = (await svc().headline(ctx(council), draft, 'young_carers')).headline;
  assert.equal(edited.name, 'Young carers supported');
  assert.equal(edited.description, undefined);
  assert.match(edited.provenance.source, /Edited by data AUT on 2025-04-10/);
  await assert.rejects(svc().saveHeadline(ctx(council), draft, 'health', { code: '', name: 'Health', description: '' }), ConflictError);
  await assert.rejects(svc().saveHeadline(ctx(council), draft, 'nope', { code: '', name: 'x', description: '' }), NotFoundError);
  // Published versions cannot change.
  const published = await svc().publishedVersionId(council.id, 'tf2015');
  await assert.rejects(svc().saveHeadline(ctx(council), published as string, null, { code: 'x_y', name: 'X', description: '' }), ConflictError);
  // Another council cannot see this draft.
  await assert.rejects(svc().headline(ctx(other), draft, 'young_carers'), NotFoundError);
  assert.ok((await auditActions()).includes('framework.headline.add'));
  assert.ok((await auditActions()).includes('framework.headline.edit'));
});

void test('removing: local descriptors and empty local headlines only, with a clear refusal otherwise', async () => {
  const draft = await draftOf('tf2012');
  await svc().saveHeadline(ctx(council), draft, null, { code: 'carers', name: 'Young carers', description: '' });
  await svc().saveDescriptor(ctx(council), draft, null, descriptor('local.young_carer', 'carers'));
  const refusals: Array<{ name: string; run: () => Promise<void>; check: (e: unknown) => boolean }> = [
    { name: 'a headline with a descriptor under it', run: () => svc().removeHeadline(ctx(council), draft, 'carers'), check: (e) => /still has a descriptor \(Young carer\)\. Remove it or move it to another headline first/.test(fields(e).confirm ?? '') },
    { name: 'a national headline', run: () => svc().removeHeadline(ctx(council), draft, 'education'), check: (e) => e instanceof ConflictError && /national framework/.test(e.message) },
    { name: 'a national descriptor', run: () => svc().removeDescriptor(ctx(council), draft, 'tf2012.exclusion'), check: (e) => e instanceof ConflictError && /cannot be removed/.test(e.message) },
    { name: 'a descriptor that is not there', run: () => svc().removeDescriptor(ctx(council), draft, 'local.nothing'), check: (e) => e instanceof NotFoundError },
    { name: 'a headline that is not there', run: () => svc().removeHeadline(ctx(council), draft, 'nothing'), check: (e) => e instanceof NotFoundError },
  ];
  for (const r of refusals) await assert.rejects(r.run(), r.check, r.name);
  // The shipped local examples are the council's to remove.
  await svc().removeDescriptor(ctx(council), draft, 'tf2012.local_health');
  await svc().removeDescriptor(ctx(council), draft, 'local.young_carer');
  await svc().removeHeadline(ctx(council), draft, 'carers');
  const view = await svc().version(ctx(council), draft);
  assert.equal(view.definition.headlines.some((h) => h.code === 'carers'), false);
  assert.equal(view.definition.descriptors.some((d) => d.code === 'tf2012.local_health'), false);
  assert.deepEqual(view.changes?.map((c) => c.text), ['Removed descriptor “Mental health or substance misuse (local example)” (was under “Local criteria (cost to the public purse)”)']);
  // The published version still has it: removing from a draft never touches it.
  const published = await svc().publishedVersionId(council.id, 'tf2012');
  const old = await svc().version(ctx(council), published as string);
  assert.ok(old.definition.descriptors.some((d) => d.code === 'tf2012.local_health'));
  await assert.rejects(svc().removeDescriptor(ctx(council), published as string, 'tf2012.local_social_care'), ConflictError);
  const actions = await auditActions();
  assert.ok(actions.includes('framework.descriptor.remove') && actions.includes('framework.headline.remove'));
});

void test('create a local framework: validation', async () => {
  const ok = { name: 'Northmoor outcome plan', code: 'nm_plan', description: 'Our plan', start: 'blank', fromVersionId: '' };
  const cases: Array<{ name: string; input: Partial<typeof ok>; field: string; message: RegExp }> = [
    { name: 'no name', input: { name: '' }, field: 'name', message: /Enter a name/ },
    { name: 'no code', input: { code: '' }, field: 'code', message: /Enter a code/ },
    { name: 'a code in capitals', input: { code: 'NM-PLAN' }, field: 'code', message: /lower-case/ },
    { name: 'a shipped code', input: { code: 'sf2022' }, field: 'code', message: /shipped with Hearth/ },
    { name: 'no start chosen', input: { start: '' }, field: 'start', message: /Choose whether/ },
    { name: 'a copy of nothing', input: { start: 'copy', fromVersionId: '' }, field: 'fromVersionId', message: /Choose the framework version/ },
    { name: 'a copy of another council\'s version', input: { start: 'copy', fromVersionId: (await svc().publishedVersionId(other.id, 'tf2015')) as string }, field: 'fromVersionId', message: /Choose the framework version/ },
    { name: 'from scratch without a description', input: { description: '' }, field: 'description', message: /Enter a description/ },
  ];
  for (const c of cases) await assert.rejects(svc().createLocalFramework(ctx(council), { ...ok, ...c.input }), (e) => c.message.test(fields(e)[c.field] ?? ''), c.name);
});

void test('a framework from scratch: headlines, a descriptor tested and saved, the family rule, publish, evaluate', async () => {
  const c = ctx(council);
  const draft = await svc().createLocalFramework(c, { name: 'Northmoor outcome plan', code: 'nm_plan', description: 'Families with young carers and a parent in need of support', start: 'blank', fromVersionId: '' });
  await assert.rejects(svc().createLocalFramework(c, { name: 'Again', code: 'nm_plan', description: 'x', start: 'blank', fromVersionId: '' }), (e) => /already exists/.test(fields(e).code ?? ''));
  let view = await svc().version(c, draft);
  assert.equal(view.version.version, 1);
  assert.equal(view.version.status, 'draft');
  assert.equal(view.definition.local, true);
  assert.deepEqual(view.definition.headlines, []);
  assert.equal(view.history[0]?.origin, 'Created by the council');
  // Nothing to publish yet.
  await assert.rejects(svc().publish(c, draft, 'First version'), (e) => /Add at least one headline; .*Add at least one need descriptor/.test(fields(e).note ?? ''));
  await svc().saveHeadline(c, draft, null, { code: 'carers', name: 'Young carers', description: '' });
  await svc().saveHeadline(c, draft, null, { code: 'health', name: 'Parents\' health', description: '' });
  const carer = descriptor('nm.young_carer', 'carers');
  const panel = await svc().testDescriptor(c, draft, carer, DATE);
  assert.equal(panel.familiesMatched, 1);
  assert.equal(panel.examples[0]?.familyUnitId, familyId);
  assert.equal(panel.examples[0]?.people[0]?.events[0]?.type, 'csc.young_carer_assessment');
  await svc().saveDescriptor(c, draft, null, carer);
  await svc().saveDescriptor(c, draft, null, { ...descriptor('nm.parent_mh', 'health', 'Parent mental health'), rule: { who: { preset: 'adult', minAge: 18 }, anyOf: [{ types: ['health.mental_health_contact'], window: { kind: 'last_months', months: 12, match: 'overlaps' }, threshold: { kind: 'count', min: 1 } }] } });
  await svc().setFamilyCount(c, draft, 'headlines', 2);
  await svc().publish(c, draft, 'Our first outcome plan');
  view = await svc().version(c, draft);
  assert.equal(view.version.status, 'published');
  assert.ok(view.definition.descriptors.every((d) => d.local));
  const list = await svc().list(c);
  const mine = list.find((f) => f.code === 'nm_plan');
  assert.equal(mine?.shipped, false);
  assert.equal(mine?.published_id, draft);
  assert.equal(list.find((f) => f.code === 'sf2022')?.shipped, true);

  // Identification offers it and evaluates it like a shipped framework.
  const form = await t.container.services.identification.evaluationForm(c);
  assert.ok(form.frameworks.some((f) => f.code === 'nm_plan'));
  assert.equal(await svc().publishedVersionId(council.id, 'nm_plan'), draft);
  const { runId } = await t.container.services.identification.startEvaluation(c, { versionId: draft, date: DATE });
  await t.container.queue.drain();
  const { run } = await t.container.services.identification.run(c, runId);
  assert.equal(run.status, 'succeeded');
  const db = t.container.database.db;
  const rows = await withTenant(db, council.id, (tx) => tx.selectFrom('evaluation_family').select(['family_unit_id', 'needs', 'headlines', 'eligible']).where('run_id', '=', runId).execute());
  assert.deepEqual(rows, [{ family_unit_id: familyId, needs: ['nm.parent_mh', 'nm.young_carer'], headlines: ['carers', 'health'], eligible: true }]);
  const candidates = await t.container.services.identification.candidates(c, runId, { sort: 'needs' }, { limit: 10, offset: 0 });
  assert.deepEqual(candidates.rows.map((r) => r.family_unit_id), [familyId]);
  const chart = await t.container.services.identification.needsOverTime(c, familyId, { code: 'nm_plan', months: 3 });
  assert.equal(chart.framework.code, 'nm_plan');

  // Version 2 raises the bar; the run under version 1 keeps its results, and the history says what changed.
  const v2 = await svc().createDraft(c, draft);
  await svc().setFamilyCount(c, v2, 'headlines', 3);
  await svc().saveHeadline(c, v2, 'carers', { code: '', name: 'Young carers supported', description: '' });
  await svc().publish(c, v2, 'Three headlines');
  const run2 = await t.container.services.identification.startEvaluation(c, { versionId: v2, date: DATE });
  await t.container.queue.drain();
  const eligible = (id: string) => withTenant(db, council.id, async (tx) => Number((await sql<{ n: number }>`select count(*)::int as n from evaluation_family where run_id = ${id} and eligible`.execute(tx)).rows[0]?.n));
  assert.equal(await eligible(runId), 1, 'version 1\'s run is unchanged');
  assert.equal(await eligible(run2.runId), 0);
  const page = await svc().version(c, v2);
  const h2 = page.history.find((h) => h.version === 2);
  assert.equal(h2?.previousVersion, 1);
  assert.deepEqual(h2?.changes?.map((x) => x.text), ['Changed headline “Young carers supported”', 'Changed the family rule']);
  assert.deepEqual(h2?.changes?.[0]?.details, ['Renamed from “Young carers” to “Young carers supported”']);
  assert.equal(page.history.find((h) => h.version === 1)?.changes, null);
  assert.ok((await auditActions()).includes('framework.create'));
});

void test('a copy of a shipped framework under a new code: everything copied and local, the original untouched', async () => {
  const c = ctx(council);
  const from = (await svc().publishedVersionId(council.id, 'tf2015')) as string;
  const draft = await svc().createLocalFramework(c, { name: 'Our 2015 outcome plan', code: 'tf2015_local', description: '', start: 'copy', fromVersionId: from });
  const copy = await svc().version(c, draft);
  const original = await svc().version(c, from);
  assert.equal(copy.version.code, 'tf2015_local');
  assert.equal(copy.version.framework_name, 'Our 2015 outcome plan');
  assert.equal(copy.definition.description, original.definition.description, 'an empty description keeps the original\'s');
  assert.deepEqual(copy.definition.copiedFrom, { code: 'tf2015', name: 'Expanded Troubled Families 2015 to 2020', version: 1 });
  assert.deepEqual(copy.definition.descriptors.map((d) => d.code), original.definition.descriptors.map((d) => d.code));
  assert.ok(copy.definition.descriptors.every((d) => d.local) && copy.definition.headlines.every((h) => h.local));
  assert.deepEqual(copy.definition.descriptors.map((d) => d.provenance), original.definition.descriptors.map((d) => d.provenance), 'provenance is kept');
  assert.deepEqual(copy.definition.familyRule, original.definition.familyRule);
  assert.equal(copy.basedOn?.sameFramework, false);
  assert.deepEqual(copy.changes?.map((x) => x.text), ['Changed the framework itself']);
  assert.deepEqual(copy.changes?.[0]?.details, [
    'Renamed from “Expanded Troubled Families 2015 to 2020” to “Our 2015 outcome plan”',
    'Copied as the council\'s own framework from Expanded Troubled Families 2015 to 2020, version 1',
    'Source added: Copied from Expanded Troubled Families 2015 to 2020, version 1, by data AUT on 2025-04-10',
  ]);
  assert.equal(copy.history[0]?.origin, 'Copied from Expanded Troubled Families 2015 to 2020, version 1');
  // In its own framework the council may prune what it does not use.
  await svc().removeDescriptor(c, draft, 'tf2015.asb');
  await assert.rejects(svc().removeHeadline(c, draft, 'crime'), (e) => /still has a descriptor \(Offending\)/.test(fields(e).confirm ?? ''));
  await svc().removeDescriptor(c, draft, 'tf2015.offending');
  await svc().removeHeadline(c, draft, 'crime');
  await svc().publish(c, draft, 'Our plan without crime');
  // The shipped framework still has everything and is still version 1 only.
  const after = await svc().version(c, from);
  assert.ok(after.definition.headlines.some((h) => h.code === 'crime'));
  assert.deepEqual(after.versions.filter((v) => v.status !== 'draft').map((v) => v.version), [1]);
});
