// The data manager's pages and the deliveries API, through the app as a browser would use them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/build-app.ts';
import { registerJobs } from '../../app/jobs.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { WebSession, text } from '../../../test/support/web.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { specToForm } from './mapping-form.ts';
import { GOOD_ROWS, HEADER, SPEC } from './fixtures.ts';

const clock = fixedClock('2026-11-23T10:00:00Z');
let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let other: TestCouncil;
let session: WebSession;
let sourceId = '';
let runId = '';

function multipart(fields: Record<string, string>, file: { name: string; content: string | Buffer }) {
  const boundary = '----hearth' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(file.content), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(url: string, file: { name: string; content: string | Buffer }) {
  const page = await session.get(url);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const { payload, headers } = multipart({ _csrf: csrf }, file);
  return app.inject({ method: 'POST', url, payload, headers: { ...headers, cookie: session.cookieHeader } });
}

before(async () => {
  harness = await createTestContainer({ clock });
  registerJobs(harness.container); // every job, as the app registers them: an import queues linkage
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'DAT');
  other = await createCouncil(harness.container.database.db, 'DOT');
  session = new WebSession(app);
  await session.signIn(council.users.data.email, TEST_PASSWORD);
});
after(async () => {
  await app.close();
  await harness.close();
});

void describe('data pages', () => {
  void test('only data managers see Data', async () => {
    const keyworker = new WebSession(app);
    await keyworker.signIn(council.users.keyworker.email, TEST_PASSWORD);
    assert.equal((await keyworker.get('/data')).statusCode, 404);
    const page = await session.get('/data');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/data"/);
  });

  void test('registering a source: errors keep the values and save nothing', async () => {
    const bad = await session.post('/data/sources/new', { name: 'Bad Name', organisation: 'Children’s services', kind: '', expectedFrequency: 'monthly', contact0Role: '', contact0Email: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(text(bad.body), /Enter a short name/);
    assert.match(text(bad.body), /Enter the kind of data/);
    assert.match(text(bad.body), /Enter the role of this contact/);
    assert.match(bad.body, /value="Children’s services"/);
    assert.doesNotMatch(text((await session.get('/data')).body), /Bad Name/);
    const good = await session.post('/data/sources/new', { name: 'csc', organisation: 'Children’s services', kind: 'social care', expectedFrequency: 'weekly', contact0Role: 'Data lead', contact0Name: 'Jo', contact0Email: 'jo@example.test' });
    assert.equal(good.statusCode, 303);
    sourceId = String(good.headers.location).split('/').pop() ?? '';
    const detail = await session.get(`/data/sources/${sourceId}`);
    assert.match(text(detail.body), /Deliveries cannot be imported: it has no data-sharing agreement/);
    assert.match(text(detail.body), /Data lead/);
  });

  void test('an upload without an agreement is refused with the reason', async () => {
    const response = await upload(`/data/sources/${sourceId}/deliveries/new`, { name: 'a.csv', content: [HEADER, ...GOOD_ROWS].join('\n') });
    assert.equal(response.statusCode, 400);
    assert.match(text(response.body), /no data-sharing agreement/);
  });

  void test('recording an agreement and a mapping with a preview', async () => {
    const bad = await session.post(`/data/sources/${sourceId}/agreements/new`, { reference: 'ISA-7', parties: '', purposes: 'SF', lawfulBasis: '6(1)(e)', dataItems: 'all', startDate: '2026-02-30', reviewDate: '2027-01-01' });
    assert.equal(bad.statusCode, 400);
    assert.match(text(bad.body), /Enter the parties/);
    assert.match(text(bad.body), /start date as a real date/);
    assert.match(bad.body, /value="ISA-7"/);
    const ok = await session.post(`/data/sources/${sourceId}/agreements/new`, { reference: 'ISA-7', parties: 'Council; CSC', purposes: 'Supporting Families', lawfulBasis: '6(1)(e)', dataItems: 'identity and episodes', startDate: '2026-01-01', reviewDate: '2027-01-01', endDate: '' });
    assert.equal(ok.statusCode, 303);
    const sample = JSON.stringify({ header: HEADER.split(','), rows: [GOOD_ROWS[0]!.split(','), 'R9,9434765918,,A,B,01/01/2000,F,NM4 4DB,CIN,01/02/2024,,'.split(',')] });
    const form = specToForm(SPEC) as Record<string, string>;
    const preview = await session.post(`/data/sources/${sourceId}/mapping`, { ...form, required: '', sample, action: 'preview' });
    assert.equal(preview.statusCode, 200);
    assert.match(text(preview.body), /csc\.child_protection_plan on 2024-09-13/);
    assert.match(text(preview.body), /NHSNo: NHS number 9434765918 fails the modulus 11 check/);
    const saved = await session.post(`/data/sources/${sourceId}/mapping`, { ...form, required: '', sample, action: 'save', note: 'first' });
    assert.equal(saved.statusCode, 303);
    assert.match(text((await session.get(`/data/sources/${sourceId}`)).body), /Version 1/);
  });

  void test('upload → job → run page with quarantine → correct a row → CSV export neutralises formulas', async () => {
    const content = [HEADER, ...GOOD_ROWS, 'R3,9434765918,,=cmd|calc,Bad,01/01/2010,F,NM4 4DB,CIN,01/02/2024,,'].join('\n');
    const response = await upload(`/data/sources/${sourceId}/deliveries/new`, { name: 'week1.csv', content });
    assert.equal(response.statusCode, 303);
    const jobUrl = String(response.headers.location);
    assert.match(jobUrl, /^\/jobs\//);
    assert.match(text((await session.get(jobUrl)).body), /Waiting to start|In progress/);
    assert.equal(await harness.container.queue.runOne(), true); // the import only; the linkage it queues waits
    const job = await session.get(jobUrl);
    assert.match(text(job.body), /3 rows of week1\.csv imported into csc: 2 accepted, 1 in quarantine\. Linkage is queued to link the new records to people\./);
    const linkJobUrl = /href="(\/jobs\/[^"]+)" data-qa="follow-up"/.exec(job.body)?.[1] ?? '';
    assert.match(text((await session.get(linkJobUrl)).body), /Waiting to start/);
    runId = /href="\/data\/runs\/([^"]+)"/.exec(job.body)?.[1] ?? '';
    const run = await session.get(`/data/runs/${runId}`);
    assert.match(text(run.body), /NHS number 9434765918 fails the modulus 11 check/);
    assert.match(text(run.body), /spreadsheet formula/);
    const csv = await session.get(`/data/runs/${runId}/quarantine.csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.body, /,'=cmd\|calc,/);
    assert.doesNotMatch(csv.body, /,=cmd/);
    const rowUrl = /href="(\/data\/runs\/[^"]+\/quarantine\/[^"]+)"/.exec(run.body)?.[1] ?? '';
    assert.ok(rowUrl, run.body);
    const rowPage = await session.get(rowUrl);
    assert.match(rowPage.body, /fails the modulus 11 check/);
    const fields = Object.fromEntries([...rowPage.body.matchAll(/name="(col-\d+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const field = (label: string): string => new RegExp(`for="(col-\\d+)">\\s*${label}\\s*<`).exec(rowPage.body)?.[1] ?? label;
    const stillBad = await session.post(rowUrl, { ...fields, [field('NHSNo')]: '9434765919', reason: 'checked' });
    assert.equal(stillBad.statusCode, 400);
    assert.match(text(stillBad.body), /spreadsheet formula/);
    const fixed = await session.post(rowUrl, { ...fields, [field('NHSNo')]: '9434765919', [field('Forename')]: 'Cmd', reason: 'Confirmed with the school' });
    assert.equal(fixed.statusCode, 303, text(fixed.body).slice(0, 600));
    const after = await session.get(`/data/runs/${runId}`);
    assert.match(text(after.body), /No rows are waiting for correction/);
    assert.match(text(after.body), /NHSNo 9434765918 9434765919 Confirmed with the school/);
  });

  void test('a record page shows the event its row made, and whom it counts for once linkage has linked the record', async () => {
    const found = await session.get(`/data/runs/${runId}?key=R1`);
    const recordUrl = /href="(\/data\/records\/[^"]+)"/.exec(found.body)?.[1] ?? '';
    assert.ok(recordUrl, text(found.body));
    const before = await session.get(recordUrl);
    assert.equal(before.statusCode, 200);
    assert.match(text(before.body), /Event from this record Type csc\.child_protection_plan From 13 September 2024 To 21 January 2025 sessions 4 Counts for Nobody yet/);
    await harness.container.queue.drain(); // the linkage the import queued
    const linked = await session.get(recordUrl);
    assert.match(linked.body, /href="\/data\/linkage\/people\/[0-9a-f-]{36}">the person this record is linked to</);
    assert.match(linked.body, /<option value="event\.sessions">Event value sessions<\/option>/);

    // a wrong value of the event: refused with the reason, then corrected, on the record and in the person's event
    const future = await session.post(recordUrl, { column: 'event_on', value: '2030-01-01', reason: 'Typo' });
    assert.equal(future.statusCode, 400);
    assert.match(text(future.body), /The event date cannot be in the future/);
    const fixed = await session.post(recordUrl, { column: 'event.sessions', value: '5', reason: 'The school resent the figure' });
    assert.equal(fixed.statusCode, 303, text(fixed.body).slice(0, 600));
    const after = await session.get(recordUrl);
    assert.match(text(after.body), /The event value sessions is corrected; the person’s event has the new value/);
    assert.match(text(after.body), /sessions 5 Counts for/);
    assert.match(text(after.body), /event\.sessions 4 5 The school resent the figure/);
    const recordId = recordUrl.split('/').pop() ?? '';
    const placed = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('event').select('attributes').where('source_record_id', '=', recordId).execute());
    assert.deepEqual(placed.map((e) => e.attributes), [{ sessions: 5 }]);
  });

  void test('the mapping page samples the latest delivery, and that reading is audited', async () => {
    const page = await session.get(`/data/sources/${sourceId}/mapping`);
    assert.equal(page.statusCode, 200, text(page.body).slice(0, 800));
    assert.match(text(page.body), /Paige/);
    const sampleJson = (/name="sample" value="([^"]*)"/.exec(page.body)?.[1] ?? '{}').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    assert.deepEqual((JSON.parse(sampleJson) as { header: string[] }).header, HEADER.split(','), 'the delivery\'s own column order');
    const audit = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('audit_event').select(['subject_id', 'details']).where('action', '=', 'import_run.sample').execute());
    assert.deepEqual(audit.map((a) => a.subject_id), [runId]);
    assert.deepEqual((audit[0]?.details as { rows: number[] }).rows, [2, 3, 4]);
  });

  void test('the same file again is a duplicate', async () => {
    const content = [HEADER, ...GOOD_ROWS, 'R3,9434765918,,=cmd|calc,Bad,01/01/2010,F,NM4 4DB,CIN,01/02/2024,,'].join('\n');
    const response = await upload(`/data/sources/${sourceId}/deliveries/new`, { name: 'week1-again.csv', content });
    await harness.container.queue.drain();
    assert.match(text((await session.get(String(response.headers.location))).body), /already imported for csc; nothing was changed/);
  });

  void test('a bad file fails the job with a clear message', async () => {
    const response = await upload(`/data/sources/${sourceId}/deliveries/new`, { name: 'x.pdf', content: '%PDF-1.7 nope' });
    await harness.container.queue.drain();
    const job = await session.get(String(response.headers.location));
    assert.match(text(job.body), /The job failed.*This is a PDF, not a CSV or XLSX file/);
  });

  void test('feed health lists the delivery with a chart and a table', async () => {
    const page = await session.get('/data');
    assert.match(page.body, /<svg[^>]+role="img"/);
    assert.match(text(page.body), /csc .*Weekly.*On time/);
  });

  void test('another council cannot open this council’s source, run or record', async () => {
    const stranger = new WebSession(app);
    await stranger.signIn(other.users.data.email, TEST_PASSWORD);
    assert.equal((await stranger.get(`/data/sources/${sourceId}`)).statusCode, 404);
    assert.equal((await stranger.get(`/data/runs/${runId}`)).statusCode, 404);
    assert.equal((await stranger.get(`/data/runs/${runId}/quarantine.csv`)).statusCode, 404);
  });

  void test('the deliveries API: a token shown once, bearer auth, a queued import, revocation', async () => {
    const created = await session.post('/data/tokens', { name: 'CSC system' });
    assert.equal(created.statusCode, 201);
    const token = /data-qa="token">([^<]+)</.exec(created.body)?.[1] ?? '';
    assert.match(token, /^hth_/);
    assert.doesNotMatch((await session.get('/data/tokens')).body, new RegExp(token));
    const url = '/api/v1/sources/csc/deliveries?filename=week2.csv';
    const content = [HEADER, 'R20,,,Ann,Api,01/01/2012,F,NM4 4DB,CIN,01/03/2024,,'].join('\n');
    assert.equal((await app.inject({ method: 'POST', url, payload: content, headers: { 'content-type': 'text/csv' } })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url, payload: content, headers: { 'content-type': 'text/csv', authorization: 'Bearer hth_wrongwrongwrongwrongwrong' } })).statusCode, 401);
    const accepted = await app.inject({ method: 'POST', url, payload: content, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } });
    assert.equal(accepted.statusCode, 202);
    const { statusUrl } = accepted.json() as { statusUrl: string };
    await harness.container.queue.drain();
    const status = await app.inject({ method: 'GET', url: statusUrl, headers: { authorization: `Bearer ${token}` } });
    assert.equal(status.json().status, 'succeeded');
    assert.equal(status.json().result.rowsAccepted, 1);
    const linkage = await app.inject({ method: 'GET', url: `/api/v1/jobs/${String(status.json().result.linkJobId)}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(linkage.json().status, 'succeeded', 'the linkage the delivery queued');
    assert.match(String(linkage.json().result.summary), /records linked/);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/sources/nope/deliveries', payload: content, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } })).statusCode, 404);
    const tokens = await session.get('/data/tokens');
    const revokeUrl = /action="(\/data\/tokens\/[^"]+\/revoke)"/.exec(tokens.body)?.[1] ?? '';
    assert.equal((await session.post(revokeUrl, {})).statusCode, 303);
    assert.equal((await app.inject({ method: 'POST', url, payload: content, headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } })).statusCode, 401);
  });
});
