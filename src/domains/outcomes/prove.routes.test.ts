// The Prove pages through the web app: outcome view, claim batch build → approve → lock, unit
// costs, cost-benefit with its export, the quarterly return and the extract.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { buildApp } from '../../web/build-app.ts';
import { registerJobs } from '../../app/jobs.ts';
import { withTenant } from '../../db/tenant.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { WebSession, text } from '../../../test/support/web.ts';

const clock = fixedClock('2025-06-01T09:00:00Z');
let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let familyId: string;
let otherFamilyId: string;

async function session(user: 'data' | 'manager' | 'keyworker'): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}

before(async () => {
  harness = await createTestContainer({ clock });
  registerJobs(harness.container);
  app = await buildApp(harness.container);
  const db = harness.container.database.db;
  council = await createCouncil(db, 'PRW');
  const a = await createFamily(db, council, {
    name: 'Able family',
    members: [
      { given: 'Mary', family: 'Able', dob: '1985-02-01', role: 'parent' },
      { given: 'Kit', family: 'Able', dob: '2012-05-05', role: 'child' },
    ],
    case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
  familyId = a.familyId;
  const [mum, kid] = a.personIds as [string, string];
  const other = await createFamily(db, council, { name: 'Eligible unsupported family', members: [{ given: 'Ola', family: 'Cole', dob: '1990-01-01', role: 'parent' }, { given: 'Ben', family: 'Cole', dob: '2015-01-01', role: 'child' }] });
  otherFamilyId = other.familyId;
  const [ola, ben] = other.personIds as [string, string];
  await withTenant(db, council.id, async (tx) => {
    await tx.updateTable('support_case').set({ opened_on: '2023-03-01', closed_on: '2024-07-01' }).where('family_unit_id', '=', familyId).execute();
    const ev = (person: string, type: string, occurred: string, ended: string | null, attributes: Record<string, unknown> = {}) => ({ local_authority_id: council.id, type, occurred_on: occurred, ended_on: ended, person_id: person, family_unit_id: null, source_record_id: null, origin: 'import' as const, attributes: JSON.stringify(attributes) });
    await tx
      .insertInto('event')
      .values([
        ev(mum, 'dwp.out_of_work_benefit', '2022-06-01', '2023-09-30', { benefit: 'ESA' }),
        ev(mum, 'police.domestic_abuse_incident', '2023-01-20', null, { role: 'victim' }),
        ev(kid, 'health.mental_health_contact', '2022-11-01', '2023-06-01'),
        ev(mum, 'police.asb_incident', '2022-09-10', null, { role: 'SUSP' }),
        ev(mum, 'police.asb_incident', '2023-05-10', null, { role: 'SUSP' }),
        ev(ola, 'dwp.out_of_work_benefit', '2024-01-01', null),
        ev(ola, 'police.domestic_abuse_incident', '2025-01-20', null),
        ev(ben, 'health.mental_health_contact', '2025-01-01', null),
      ])
      .execute();
  });
});
after(async () => {
  await app?.close();
  await harness?.close();
});

void describe('Prove pages', () => {
  void test('the family page links to outcomes; the outcome view shows each need with a chart and a table', async () => {
    const s = await session('keyworker');
    await withTenant(harness.container.database.db, council.id, (tx) => tx.updateTable('support_case').set({ status: 'open' }).where('family_unit_id', '=', familyId).execute());
    const family = await s.get(`/families/${familyId}`);
    assert.match(family.body, /data-qa="family-outcomes"/);
    const page = await s.get(`/families/${familyId}/outcomes`);
    assert.equal(page.statusCode, 200, text(page.body).slice(0, 500));
    assert.match(page.body, /data-qa="outcome-chart"/);
    assert.match(text(page.body), /Worklessness/);
    assert.match(text(page.body), /Sustained since/);
    assert.match(text(page.body), /Supporting Families 2022 to 2025, version 1/, 'the council\'s published version');
    await withTenant(harness.container.database.db, council.id, (tx) => tx.updateTable('support_case').set({ status: 'closed' }).where('family_unit_id', '=', familyId).execute());
  });

  void test('a keyworker cannot see claims', async () => {
    const s = await session('keyworker');
    assert.equal((await s.get('/prove/claims')).statusCode, 404);
  });

  void test('build, the builder cannot approve, a manager approves and locks', async () => {
    const data = await session('data');
    assert.equal((await data.get('/prove')).statusCode, 200);
    const before = await data.get('/prove/claims');
    assert.match(text(before.body), /A new batch applies the council's published framework version: Supporting Families 2022 to 2025, version 1/);
    const built = await data.post('/prove/claims', { asOf: '2025-06-01' });
    assert.equal(built.statusCode, 303);
    assert.match(String(built.headers.location), /^\/jobs\//);
    await harness.container.queue.drain();
    const list = await data.get('/prove/claims');
    const batchId = /\/prove\/claims\/([0-9a-f-]{36})/.exec(list.body)?.[1] as string;
    const batch = await data.get(`/prove/claims/${batchId}`);
    assert.match(text(batch.body), /Someone else must approve it/);
    assert.match(text(batch.body), /Framework\s*Supporting Families 2022 to 2025, version 1/);
    assert.doesNotMatch(batch.body, /data-qa="approve"/);
    assert.equal((await data.post(`/prove/claims/${batchId}/approve`, {})).statusCode, 404);
    const manager = await session('manager');
    const review = await manager.get(`/prove/claims/${batchId}`);
    assert.match(review.body, /data-qa="approve"/);
    assert.match(text(review.body), /Able family/);
    assert.equal((await manager.post(`/prove/claims/${batchId}/approve`, {})).statusCode, 303);
    await manager.get(`/prove/claims/${batchId}`);
    assert.equal((await manager.post(`/prove/claims/${batchId}/lock`, {})).statusCode, 303);
    const locked = await manager.get(`/prove/claims/${batchId}`);
    assert.match(text(locked.body), /Locked by/);
    const itemId = /\/prove\/claims\/items\/([0-9a-f-]{36})/.exec(locked.body)?.[1] as string;
    const item = await manager.get(`/prove/claims/items/${itemId}`);
    assert.match(text(item.body), /This claim is locked/);
    assert.match(text(item.body), /Supporting Families 2022 to 2025, version 1/);
    const sample = await manager.post(`/prove/claims/${batchId}/samples`, { percent: '10', minimum: '5' });
    assert.equal(sample.statusCode, 303);
    const samplePage = await manager.get(String(sample.headers.location));
    assert.match(samplePage.body, /data-qa="sample-items"/);
  });

  void test('unit costs: load the illustrative set, edit a row, reject a bad CSV', async () => {
    const data = await session('data');
    await data.get('/prove/unit-costs');
    assert.equal((await data.post('/prove/unit-costs/illustrative', {})).statusCode, 303);
    const page = await data.get('/prove/unit-costs');
    assert.match(text(page.body), /Illustrative/);
    const bad = await data.post('/prove/unit-costs/paste', { csv: 'event_type,agency,category,unit_cost_pounds,unit,source,price_year\npolice.asb_incident,Police,incident,abc,per event,x,2024/25\n' });
    assert.equal(bad.statusCode, 400);
    assert.match(text(bad.body), /row 2/);
    const good = await data.post('/prove/unit-costs/paste', { csv: 'event_type,agency,category,unit_cost_pounds,unit,source,price_year\npolice.asb_incident,Police,incident,150,per event,Council finance,2025/26\n' });
    assert.equal(good.statusCode, 303);
    const csv = await data.get('/prove/unit-costs.csv');
    assert.match(csv.body, /police\.asb_incident,Police,incident,150\.00/);
  });

  void test('cost-benefit for a cohort, in the browser and as CSV', async () => {
    const manager = await session('manager');
    const page = await manager.get('/prove/cost-benefit?openedFrom=2023-01-01&openedTo=2023-12-31&window=case&programmeCost=exclude');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-qa="comparison-preceding"/);
    assert.match(page.body, /data-qa="projection"/);
    const csv = await manager.get('/prove/cost-benefit.csv?openedFrom=2023-01-01&openedTo=2023-12-31&window=case&programmeCost=exclude');
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /^analysis,family,status/);
    const bad = await manager.get('/prove/cost-benefit?openedFrom=2023-13-01&openedTo=2023-12-31');
    assert.equal(bad.statusCode, 400);
    const costs = await manager.get(`/families/${familyId}/costs`);
    assert.equal(costs.statusCode, 200);
  });

  void test('the quarterly return: generate, check, download CSV and XLSX, record the submission', async () => {
    const data = await session('data');
    await data.get('/prove/returns');
    const generated = await data.post('/prove/returns', { quarterStart: '2024-04-01' });
    assert.equal(generated.statusCode, 303);
    const run = await data.get(String(generated.headers.location));
    assert.match(run.body, /data-qa="validation-ok"/);
    assert.match(text(run.body), /worked with/);
    const csv = await data.get(`${generated.headers.location}/return.csv`);
    assert.match(csv.body, /families,,worked with,1/);
    const xlsx = await app.inject({ url: `${generated.headers.location}/return.xlsx`, headers: { cookie: data.cookieHeader } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('Quarterly progress')?.getCell('A1').value, 'section');
    assert.equal((await data.post(`${generated.headers.location}/submitted`, { note: 'DfE portal ref 123' })).statusCode, 303);
    const after = await data.get(String(generated.headers.location));
    assert.match(text(after.body), /DfE portal ref 123/);
    assert.equal((await data.post(`${generated.headers.location}/submitted`, { note: 'again' })).statusCode, 409);
  });

  void test('the extract is pseudonymised and has a comparison cohort', async () => {
    const data = await session('data');
    await data.get('/prove/extract');
    const file = await data.post('/prove/extract', {});
    assert.equal(file.statusCode, 200);
    const lines = file.body.trim().split('\r\n');
    assert.ok(lines.some((l) => l.includes(',programme,')));
    assert.ok(lines.some((l) => l.includes(',comparison,')), file.body);
    assert.doesNotMatch(file.body, /Able|Mary|Kit|1985-02-01|Cole/);
    assert.doesNotMatch(file.body, new RegExp(`${familyId}|${otherFamilyId}`));
    const again = await data.post('/prove/extract', {});
    assert.equal(again.body.split('\r\n')[1]?.split(',')[0], lines[1]?.split(',')[0]);
  });
});
