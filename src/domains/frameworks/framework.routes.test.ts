// The framework authoring pages through the web app: a local framework from scratch and as a copy,
// local headlines added, edited and removed, local descriptors removed, every form's GOV.UK error
// summary, the history's comparisons, and who may do what (data:manage for every write).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { text, WebSession } from '../../../test/support/web.ts';
import { buildApp } from '../../web/build-app.ts';
import { registerJobs } from '../../app/jobs.ts';
import { fixedClock } from '../../platform/clock.ts';

let t: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
const BASE = '/identify/frameworks';

before(async () => {
  t = await createTestContainer({ clock: fixedClock('2025-04-10T09:00:00Z') });
  registerJobs(t.container);
  app = await buildApp(t.container);
  council = await createCouncil(t.container.database.db, 'FRW');
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

const errorSummary = (html: string): string[] => [...html.matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]}: ${m[2]}`);

void test('writes need data:manage: a team manager can read a version but not change or create anything', async () => {
  const dm = await session('data');
  const list = await dm.get(BASE);
  const v1 = /href="(\/identify\/frameworks\/versions\/[0-9a-f-]{36})">Expanded Troubled Families/.exec(list.body)?.[1] as string;
  const draftUrl = (await dm.post(`${v1}/draft`, {})).headers.location as string;
  const tm = await session('manager');
  assert.equal((await tm.get(v1)).statusCode, 200);
  const page = await tm.get(draftUrl);
  assert.doesNotMatch(page.body, /Add a local headline|Create a local framework|Copy as a new local framework/);
  assert.doesNotMatch((await tm.get(BASE)).body, /Create a local framework/);
  const refused: Array<[string, 'get' | 'post']> = [
    [`${BASE}/new`, 'get'], [`${BASE}/new`, 'post'],
    [`${draftUrl}/headlines/new`, 'get'], [`${draftUrl}/headlines/new`, 'post'],
    [`${draftUrl}/headlines/health/remove`, 'get'], [`${draftUrl}/headlines/health/remove`, 'post'],
    [`${draftUrl}/descriptors/tf2015.asb/remove`, 'get'], [`${draftUrl}/descriptors/tf2015.asb/remove`, 'post'],
    [`${draftUrl}/family-rule`, 'post'], [`${draftUrl}/publish`, 'post'],
  ];
  for (const [url, method] of refused) {
    const r = method === 'get' ? await tm.get(url) : await tm.post(url, { code: 'x_y', name: 'X', description: 'x', start: 'blank', note: 'x', countOf: 'needs', countMin: '2' });
    assert.equal(r.statusCode, 404, `${method} ${url}`);
  }
  const kw = await session('keyworker');
  assert.equal((await kw.get(`${BASE}/new`)).statusCode, 404);
});

void test('create a local framework from scratch: error summary, then a draft version 1 to build', async () => {
  const dm = await session('data');
  assert.match((await dm.get(BASE)).body, /Create a local framework/);
  const form = await dm.get(`${BASE}/new`);
  assert.equal(form.statusCode, 200);
  const bad = await dm.post(`${BASE}/new`, { name: '', code: 'SF 2022', description: '', start: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.deepEqual(errorSummary(bad.body), ['name: Enter a name for the framework', 'code: Code must be 3 to 30 lower-case letters, digits or underscores, starting with a letter', 'start: Choose whether to start from scratch or from a copy']);
  assert.match(bad.body, /value="SF 2022"/, 'what was typed is kept');
  const shipped = await dm.post(`${BASE}/new`, { name: 'Mine', code: 'sf2022', description: 'x', start: 'blank' });
  assert.deepEqual(errorSummary(shipped.body), ['code: This code belongs to a framework shipped with Hearth: choose another']);
  const made = await dm.post(`${BASE}/new`, { name: 'Northmoor outcome plan', code: 'nm_plan', description: 'Our own plan', start: 'blank', fromVersionId: '' });
  assert.equal(made.statusCode, 303);
  const url = made.headers.location as string;
  const page = await dm.get(url);
  assert.match(text(page.body), /Northmoor outcome plan, version 1 Draft/);
  assert.match(text(page.body), /This version has no headlines yet/);
  assert.match(text(page.body), /this council's own framework/);
  assert.doesNotMatch(page.body, /data-qa="add-descriptor"/, 'descriptors need a headline first');
  const list = await dm.get(BASE);
  assert.match(text(list.body), /Northmoor outcome plan nm_plan This council's own None Draft in progress/);

  // Headlines: the form's errors, then added, edited; the descriptor editor offers them.
  const badHeadline = await dm.post(`${url}/headlines/new`, { code: '', name: '', description: '' });
  assert.equal(badHeadline.statusCode, 400);
  assert.deepEqual(errorSummary(badHeadline.body), ['code: Enter a code for the headline', 'name: Enter a name for the headline']);
  assert.equal((await dm.post(`${url}/headlines/new`, { code: 'carers', name: 'Young carers', description: 'Children caring for someone' })).statusCode, 303);
  const withHeadline = await dm.get(url);
  assert.match(text(withHeadline.body), /Headline “Young carers” added to the draft/);
  assert.match(text(withHeadline.body), /Young carers Local \(carers; local: Added by data FRW on 2025-04-10\)/);
  assert.match(withHeadline.body, /data-qa="add-descriptor"/);
  const edit = await dm.get(`${url}/headlines/carers`);
  assert.match(edit.body, /value="Young carers"/);
  const renamed = await dm.post(`${url}/headlines/carers`, { name: 'Young carers supported', description: '' });
  assert.equal(renamed.statusCode, 303);
  const noName = await dm.post(`${url}/headlines/carers`, { name: '', description: '' });
  assert.deepEqual(errorSummary(noName.body), ['name: Enter a name for the headline']);
  const editor = await dm.get(`${url}/descriptors/new`);
  assert.match(editor.body, /<option value="carers">Young carers supported<\/option>/);

  // A descriptor under it; the headline cannot go while it is there.
  const saved = await dm.post(`${url}/descriptors/new`, {
    action: 'save', code: 'nm.young_carer', name: 'Young carer', description: 'Assessed as a young carer', headline: 'carers', severity: '2', who: 'child',
    c0_types: 'csc.young_carer_assessment', c0_window: 'last_months', c0_length: '12', c0_match: 'occurred', c0_threshold: 'count', c0_min: '1',
  });
  assert.equal(saved.statusCode, 303);
  const blocked = await dm.get(`${url}/headlines/carers/remove`);
  assert.match(text(blocked.body), /This headline still has a descriptor/);
  assert.doesNotMatch(blocked.body, /data-qa="confirm-remove"/);
  const refused = await dm.post(`${url}/headlines/carers/remove`, {});
  assert.equal(refused.statusCode, 400);
  assert.deepEqual(errorSummary(refused.body), ['confirm: “Young carers supported” still has a descriptor (Young carer). Remove it or move it to another headline first.']);

  // Family rule and publish validate on the page, with the error summary.
  const badRule = await dm.post(`${url}/family-rule`, { countOf: 'needs', countMin: '0' });
  assert.equal(badRule.statusCode, 400);
  assert.deepEqual(errorSummary(badRule.body), ['countMin: Enter a whole number from 1 to 20']);
  assert.equal((await dm.post(`${url}/family-rule`, { countOf: 'needs', countMin: '1' })).statusCode, 303);
  const noNote = await dm.post(`${url}/publish`, { note: '' });
  assert.equal(noNote.statusCode, 400);
  assert.deepEqual(errorSummary(noNote.body), ['note: Say what changed in this version']);
  assert.equal((await dm.post(`${url}/publish`, { note: 'Our first plan' })).statusCode, 303);
  const published = await dm.get(url);
  assert.match(text(published.body), /version 1 Published/);
  assert.match(text(published.body), /Created by the council/);
  // Published: nothing can be added or removed.
  assert.equal((await dm.post(`${url}/headlines/new`, { code: 'more', name: 'More', description: '' })).statusCode, 409);
  assert.equal((await dm.get(`${url}/descriptors/nm.young_carer/remove`)).statusCode, 409);
  // Identification offers it.
  assert.match((await dm.get('/identify')).body, /Northmoor outcome plan \(version 1\)/);

  // Version 2: remove the descriptor and the headline; the history says what changed in words.
  const v2 = (await dm.post(`${url}/draft`, {})).headers.location as string;
  const confirm = await dm.get(`${v2}/descriptors/nm.young_carer/remove`);
  assert.match(text(confirm.body), /Remove the descriptor “Young carer”/);
  assert.equal((await dm.post(`${v2}/descriptors/nm.young_carer/remove`, {})).statusCode, 303);
  assert.equal((await dm.post(`${v2}/headlines/new`, { code: 'health', name: 'Parents\' health', description: '' })).statusCode, 303);
  assert.equal((await dm.post(`${v2}/headlines/carers/remove`, {})).statusCode, 303);
  const page2 = await dm.get(v2);
  assert.match(text(page2.body), /Headline “Young carers supported” removed from the draft/);
  const changes = text(/data-qa="changes">([\s\S]*?)<\/ul>\n/.exec(page2.body)?.[1] ?? '');
  assert.match(changes, /Added headline “Parents' health” \(local\)/);
  assert.match(changes, /Removed headline “Young carers supported”/);
  assert.match(changes, /Removed descriptor “Young carer” \(was under “Young carers supported”\)/);
  assert.match(page2.body, /data-qa="history-2"/);
  assert.match(text(page2.body), /3 changes from version 1/);
});

void test('copy a framework\'s version under a new code, from its version page', async () => {
  const dm = await session('data');
  const list = await dm.get(BASE);
  const v1 = /href="\/identify\/frameworks\/versions\/([0-9a-f-]{36})">Troubled Families 2012/.exec(list.body)?.[1] as string;
  const version = await dm.get(`${BASE}/versions/${v1}`);
  assert.match(version.body, new RegExp(`href="/identify/frameworks/new\\?from=${v1}"`));
  const form = await dm.get(`${BASE}/new?from=${v1}`);
  assert.match(form.body, new RegExp(`<option value="${v1}" selected>Troubled Families 2012`));
  assert.match(form.body, /value="copy" checked/);
  const noSource = await dm.post(`${BASE}/new`, { name: 'Copy', code: 'copy_2012', description: '', start: 'copy', fromVersionId: 'nonsense' });
  assert.deepEqual(errorSummary(noSource.body), ['fromVersionId: Choose the framework version to copy']);
  const made = await dm.post(`${BASE}/new`, { name: 'Our 2012 criteria', code: 'local_2012', description: '', start: 'copy', fromVersionId: v1 });
  assert.equal(made.statusCode, 303);
  const page = await dm.get(made.headers.location as string);
  const body = text(page.body);
  assert.match(body, /local_2012 · this council's own framework · copied from Troubled Families 2012 to 2015, version 1/);
  assert.match(body, /Changed since Troubled Families 2012 to 2015, version 1, which it was based on/);
  assert.match(body, /Copied from Troubled Families 2012 to 2015, version 1/);
  // Everything in its own framework is the council's: a copied headline has its edit link.
  assert.match(page.body, /headlines\/education"/);
  // A shipped framework's national items offer no removal, and refuse it.
  const draft = (await dm.post(`${BASE}/versions/${v1}/draft`, {})).headers.location as string;
  const shippedDraft = await dm.get(draft);
  assert.doesNotMatch(shippedDraft.body, /headlines\/education\/remove|descriptors\/tf2012.exclusion\/remove/);
  assert.match(shippedDraft.body, /descriptors\/tf2012.local_health\/remove/, 'the shipped local examples can go');
  assert.equal((await dm.get(`${draft}/headlines/education`)).statusCode, 409);
  assert.equal((await dm.post(`${draft}/headlines/education/remove`, {})).statusCode, 409);
  const national = await dm.post(`${draft}/descriptors/tf2012.exclusion/remove`, {});
  assert.equal(national.statusCode, 409);
  assert.match(text(national.body), /part of the national framework and cannot be removed/);
  assert.equal((await dm.get(`${draft}/headlines/nothing`)).statusCode, 404);
});
