// The record linkage pages through the web app: run (job → progress → summary with chart), review
// queue and a pair with its waterfall and decision, a person with split and merge, settings;
// permissions and another council.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { insertSourceRecords } from '../../../test/support/records.ts';
import { text, WebSession } from '../../../test/support/web.ts';
import { buildApp } from '../../web/build-app.ts';
import { registerJobs } from '../../app/jobs.ts';
import { withTenant } from '../../db/tenant.ts';

let t: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let other: TestCouncil;
let ann = '';
let kit = '';

before(async () => {
  t = await createTestContainer();
  registerJobs(t.container);
  app = await buildApp(t.container);
  const db = t.container.database.db;
  council = await createCouncil(db, 'LWB');
  other = await createCouncil(db, 'LWO');
  const f = await createFamily(db, council, { name: 'Able family', members: [{ given: 'Ann', family: 'Able', dob: '1985-01-01', role: 'parent' }, { given: 'Kit', family: 'Able', dob: '2013-05-06', role: 'child' }] });
  [ann, kit] = f.personIds as [string, string];
  const home = { address: '1 Mill Lane, Northtown', postcode: 'NM1 1AA' };
  await insertSourceRecords(db, council.id, 'school_census', [
    { given: 'Kit', family: 'Able', dob: '2013-05-06', sex: 'M', ...home, upn: 'A123456789012' },
    { given: 'Kit', family: 'Able', dob: '2013-05-06', sex: 'M', ...home, upn: 'A123456789012' },
    // a sibling with the same name at the same address: the household guard sends it to review
    { given: 'Olivia', family: 'Able', dob: '2011-09-25', sex: 'F', ...home },
  ]);
  await insertSourceRecords(db, council.id, 'housing', [
    { given: 'Ann', family: 'Able', dob: '1985-01-01', ...home },
    { given: 'Olivia', family: 'Able', dob: '2014-01-05', sex: 'F', ...home },
    { given: 'Zed', family: 'Zulu', dob: '1970-02-02', postcode: 'NM9 9ZZ' },
  ]);
});
after(async () => {
  await app?.close();
  await t?.close();
});

async function session(c: TestCouncil, user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(c.users[user].email, TEST_PASSWORD);
  return s;
}

void test('a data manager runs a linkage as a job and reads its summary', async () => {
  const web = await session(council, 'data');
  const index = await web.get('/data/linkage');
  assert.equal(index.statusCode, 200);
  assert.match(text(index.body), /No linkage has run yet/);
  const bad = await web.post('/data/linkage/runs', {});
  assert.equal(bad.statusCode, 400);
  assert.match(text(bad.body), /There is a problem.*Choose new records only/);
  const start = await web.post('/data/linkage/runs', { mode: 'incremental' });
  assert.equal(start.statusCode, 303);
  const jobPath = start.headers.location as string;
  assert.match(jobPath, /^\/jobs\//);
  await t.container.queue.drain();
  const job = await web.get(jobPath);
  assert.match(text(job.body), /6 records linked/);
  const href = /href="(\/data\/linkage\/runs\/[^"]+)"/.exec(job.body)?.[1];
  assert.ok(href);
  const run = await web.get(href);
  assert.equal(run.statusCode, 200);
  assert.match(run.body, /data-qa="routes"/);
  // Kit's two identical school rows are matched once and linked alike, by weight to Kit
  assert.match(text(run.body), /Match weight \(names, date of birth, address\) 3/);
  assert.match(run.body, /<svg[^>]+role="img"/);
  assert.match(run.body, /data-qa="histogram-table"/);
  const links = await withTenant(t.container.database.db, council.id, async (tx) => (await sql<{ person_id: string }>`select person_id from person_link`.execute(tx)).rows);
  assert.equal(links.length, 6);
  const kitRows = await withTenant(t.container.database.db, council.id, async (tx) => (await sql<{ person_id: string; route: string }>`select pl.person_id, pl.route from person_link pl join source_record sr on sr.id = pl.source_record_id where sr.given_name = 'Kit'`.execute(tx)).rows);
  assert.deepEqual(kitRows, [{ person_id: kit, route: 'probabilistic' }, { person_id: kit, route: 'probabilistic' }]);
  assert.ok(links.some((l) => l.person_id === kit));
  assert.ok(links.some((l) => l.person_id === ann));
});

void test('the review queue, a pair side by side with its waterfall, and a decision', async () => {
  const web = await session(council, 'data');
  const queue = await web.get('/data/linkage/review');
  assert.equal(queue.statusCode, 200);
  const pairHref = /href="(\/data\/linkage\/review\/[0-9a-f-]{36})"/.exec(queue.body)?.[1];
  assert.ok(pairHref, text(queue.body));
  const pair = await web.get(pairHref);
  assert.equal(pair.statusCode, 200);
  assert.match(pair.body, /data-qa="pair-fields"/);
  assert.match(pair.body, /data-qa="waterfall"/);
  assert.match(pair.body, /data-qa="waterfall-table"/);
  assert.match(text(pair.body), /Household guard/);
  const none = await web.post(pairHref, {});
  assert.equal(none.statusCode, 400);
  assert.match(text(none.body), /There is a problem.*Choose match, not a match or unsure/);
  assert.match(none.body, /id="decision-error"|govuk-error-message/);
  const decided = await web.post(pairHref, { decision: 'non_match' });
  assert.equal(decided.statusCode, 303);
  const done = await web.get('/data/linkage/review?status=non_match');
  assert.match(text(done.body), /Decided: not a match \(1\)/);
  const after = await web.get(pairHref);
  assert.match(text(after.body), /Decided non match by data LWB/);
});

void test('a person page shows their records and why; split and merge them back', async () => {
  const web = await session(council, 'data');
  const search = await web.get('/data/linkage/people?q=kit%20able');
  assert.match(search.body, new RegExp(`/data/linkage/people/${kit}`));
  const page = await web.get(`/data/linkage/people/${kit}`);
  assert.equal(page.statusCode, 200, text(page.body).slice(0, 3000));
  assert.match(page.body, /data-qa="records"/);
  assert.match(text(page.body), /Able family/);
  assert.match(text(page.body), /Through/);
  const records = [...page.body.matchAll(/name="records" type="checkbox" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
  assert.equal(records.length, 2);
  const missing = await web.post(`/data/linkage/people/${kit}/split`, { splitReason: 'x' });
  assert.equal(missing.statusCode, 400);
  assert.match(text(missing.body), /Select the records to split off/);
  const split = await web.post(`/data/linkage/people/${kit}/split`, { records: records[0]!, splitReason: 'A different child' });
  assert.equal(split.statusCode, 303);
  const newPerson = (split.headers.location as string).split('/').pop()!;
  assert.notEqual(newPerson, kit);
  const noReason = await web.post(`/data/linkage/people/${kit}/merge`, { otherId: newPerson });
  assert.equal(noReason.statusCode, 400);
  assert.match(text(noReason.body), /Enter why these are the same person/);
  const find = await web.get(`/data/linkage/people/${kit}?q=kit`);
  assert.match(find.body, new RegExp(`name="otherId" type="radio" value="${newPerson}"`));
  const merge = await web.post(`/data/linkage/people/${kit}/merge`, { otherId: newPerson, mergeReason: 'Same child after all' });
  assert.equal(merge.statusCode, 303);
  assert.equal(merge.headers.location, `/data/linkage/people/${kit}`);
  const back = await web.get(`/data/linkage/people/${kit}`);
  assert.match(back.body, /data-qa="changes"/);
  assert.match(text(back.body), /Split into a new person/);
});

void test('thresholds are settings with GOV.UK errors', async () => {
  const web = await session(council, 'data');
  const form = await web.get('/data/linkage/settings');
  assert.match(form.body, /value="0.9"/);
  const bad = await web.post('/data/linkage/settings', { autoLink: '0.4', review: '0.5' });
  assert.equal(bad.statusCode, 400);
  assert.match(text(bad.body), /Review must be lower than automatic linking/);
  const ok = await web.post('/data/linkage/settings', { autoLink: '0.95', review: '0.6', createFamilyUnits: 'yes' });
  assert.equal(ok.statusCode, 303);
  const index = await web.get('/data/linkage');
  assert.match(text(index.body), /match probability 0.95/);
});

void test('only data managers, and only their own council', async () => {
  const keyworker = await session(council, 'keyworker');
  for (const path of ['/data/linkage', '/data/linkage/review', `/data/linkage/people/${kit}`, '/data/linkage/settings']) {
    const r = await keyworker.get(path);
    assert.ok(r.statusCode === 403 || r.statusCode === 404, `${path}: ${r.statusCode}`);
  }
  const outsider = await session(other, 'data');
  assert.equal((await outsider.get(`/data/linkage/people/${kit}`)).statusCode, 404);
  const queue = await outsider.get('/data/linkage/review');
  assert.match(queue.body, /data-qa="queue-empty"/);
  assert.equal((await outsider.get('/data/linkage/people/not-a-uuid')).statusCode, 404);
});
