// The Identify pages through the web app: evaluation job → run → candidates → evidence → panel →
// allocation; the framework pages, the descriptor editor with its test panel; permissions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { insertEvents } from '../../../test/support/events.ts';
import { text, WebSession } from '../../../test/support/web.ts';
import { buildApp } from '../../web/build-app.ts';
import { registerJobs } from '../../app/jobs.ts';
import { fixedClock } from '../../platform/clock.ts';

let t: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let familyId = '';

before(async () => {
  t = await createTestContainer({ clock: fixedClock('2025-04-10T09:00:00Z') });
  registerJobs(t.container);
  app = await buildApp(t.container);
  const db = t.container.database.db;
  council = await createCouncil(db, 'WEB');
  const f = await createFamily(db, council, { name: 'Formula family', members: [{ given: '=HYPERLINK("x")', family: 'Payne', dob: '1985-01-01', role: 'parent' }, { given: 'Kit', family: 'Payne', dob: '2013-01-01', role: 'child' }] });
  familyId = f.familyId;
  const [mum, kit] = f.personIds as [string, string];
  await insertEvents(db, council.id, [
    { type: 'police.domestic_abuse_incident', on: '2025-02-01', personId: mum, source: 'Northmoor Constabulary', attributes: { role: 'victim' } },
    { type: 'housing.rent_arrears', on: '2025-01-10', personId: mum, source: '=Housing', attributes: { arrears_balance: 700 } },
    { type: 'csc.child_in_need', on: '2024-09-01', personId: kit, source: "Children's Social Care" },
  ]);
});
after(async () => {
  await app?.close();
  await t?.close();
});

async function session(user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}

void test('a keyworker cannot see Identify; a data manager sees it in the navigation', async () => {
  const kw = await session('keyworker');
  assert.equal((await kw.get('/identify')).statusCode, 404);
  assert.equal((await kw.get('/identify/frameworks')).statusCode, 404);
  const dm = await session('data');
  const page = await dm.get('/identify');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /govuk-service-navigation__link" href="\/identify"/);
});

void test('run an evaluation, follow the job to the run, the candidates, the evidence and the export', async () => {
  const dm = await session('data');
  const form = await dm.get('/identify');
  const versionId = /<option value="([0-9a-f-]{36})" selected>Supporting Families/.exec(form.body)?.[1];
  assert.ok(versionId, 'the sf2022 version is offered');
  const bad = await dm.post('/identify/runs', { versionId, date: '2025-02-30' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the evaluation date/);
  const started = await dm.post('/identify/runs', { versionId, date: '2025-03-31' });
  assert.equal(started.statusCode, 303);
  const jobUrl = started.headers.location as string;
  assert.match(jobUrl, /^\/jobs\//);
  await t.container.queue.drain();
  const job = await dm.get(jobUrl);
  const runHref = /href="(\/identify\/runs\/[0-9a-f-]{36})"/.exec(job.body)?.[1];
  assert.ok(runHref);
  const run = await dm.get(runHref);
  assert.match(text(run.body), /Meet the family rule 1/);
  const candidates = await dm.get(`${runHref}/candidates?sort=severity`);
  assert.match(text(candidates.body), /1 family meets the family rule/);
  assert.match(candidates.body, /Formula family/);
  const csv = await dm.get(`${runHref}/candidates.csv`);
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(csv.body, /'=Housing/, 'formula neutralised');
  const detail = await dm.get(`${runHref}/families/${familyId}`);
  assert.equal(detail.statusCode, 200);
  assert.match(text(detail.body), /Affected by domestic abuse/);
  assert.match(text(detail.body), /Northmoor Constabulary/);
  const check = await dm.post(`${runHref}/families/${familyId}/check`, {});
  assert.match(text(check.body), /No change/);
  const none = await dm.get(`${runHref}/candidates?headline=education`);
  assert.match(text(none.body), /0 families meet/);
});

void test('a team manager puts the candidate to a panel, records attendees and allocates', async () => {
  const mgr = await session('manager');
  const index = await mgr.get('/identify');
  const runHref = /href="(\/identify\/runs\/[0-9a-f-]{36})"/.exec(index.body)?.[1] as string;
  const empty = await mgr.post(`${runHref}/panel`, { title: 'May panel', meetsOn: '2025-05-01' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Choose at least one family/);
  const created = await mgr.post(`${runHref}/panel`, { title: 'May panel', meetsOn: '2025-05-01', familyIds: familyId });
  assert.equal(created.statusCode, 303);
  const panelUrl = created.headers.location as string;
  await mgr.post(`${panelUrl}/attendees`, { name: 'Sam School', agency: 'Riverside Primary', role: '' });
  const panel = await mgr.get(panelUrl);
  assert.match(text(panel.body), /Sam School Riverside Primary/);
  const itemId = /action="\/identify\/panels\/[0-9a-f-]{36}\/families\/([0-9a-f-]{36})"/.exec(panel.body)?.[1] as string;
  const missing = await mgr.post(`${panelUrl}/families/${itemId}`, { decision: 'allocate', tier: '', teamId: '', referTo: '', reasons: '' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Choose a tier of support/);
  const decided = await mgr.post(`${panelUrl}/families/${itemId}`, { decision: 'allocate', tier: 'targeted', teamId: council.teamId, referTo: '', reasons: 'Agreed by school and police' });
  assert.equal(decided.statusCode, 303);
  const after = await mgr.get(panelUrl);
  assert.match(text(after.body), /awaits a keyworker/);
  const team = await mgr.get('/team');
  assert.match(team.body, /Formula family/);
});

void test('framework pages: provenance, a draft, the editor\'s test panel and the family page chart', async () => {
  const dm = await session('data');
  const list = await dm.get('/identify/frameworks');
  const v1 = /href="(\/identify\/frameworks\/versions\/[0-9a-f-]{36})">Troubled Families 2012/.exec(list.body)?.[1] as string;
  const version = await dm.get(v1);
  assert.match(text(version.body), /All three national criteria, or two of them plus the local criterion/);
  assert.match(text(version.body), /recalled: research\/standards.md §2.2/);
  const draft = await dm.post(`${v1}/draft`, {});
  const draftUrl = draft.headers.location as string;
  const editor = await dm.get(`${draftUrl}/descriptors/tf2012.local_domestic_abuse`);
  assert.match(editor.body, /Test on current data/);
  const tested = await dm.post(`${draftUrl}/descriptors/tf2012.local_domestic_abuse`, {
    action: 'test', testDate: '2025-03-31', name: 'Domestic abuse (local)', headline: 'local', severity: '3', who: 'any',
    c0_types: 'police.domestic_abuse_incident', c0_window: 'last_months', c0_length: '12', c0_match: 'occurred', c0_threshold: 'count', c0_min: '1',
  });
  assert.equal(tested.statusCode, 200);
  assert.match(text(tested.body), /1 of 1 family units match/);
  const chart = await dm.get(`/families/${familyId}/needs?framework=sf2022&months=12`);
  assert.equal(chart.statusCode, 200);
  assert.match(chart.body, /<svg viewBox/);
  assert.match(text(chart.body), /Safe from domestic abuse/);
  const kw = await session('keyworker');
  assert.equal((await kw.get(`/families/${familyId}/needs`)).statusCode, 404, 'not the keyworker\'s family');
});
