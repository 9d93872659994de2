import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/build-app.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { WebSession, text } from '../../../test/support/web.ts';
import { fixedClock } from '../../platform/clock.ts';

const clock = fixedClock('2026-11-23T10:00:00Z');
let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let returning: { familyId: string; caseId: string | null };

async function as(user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}
const request = (over: Record<string, string> = {}) => ({ source: 'partner', referrerName: 'Pat Teacher', referrerAgency: 'Test School', 'receivedOn-day': '20', 'receivedOn-month': '11', 'receivedOn-year': '2026', familyName: 'New family', leadGivenName: 'Nina', leadFamilyName: 'New', reason: 'Attendance has fallen to 70%.', consentToContact: 'yes', consentGivenBy: 'Nina New', ...over });

before(async () => {
  harness = await createTestContainer({ clock });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'FD');
  returning = await createFamily(harness.container.database.db, council, { name: 'Returning family', members: [{ given: 'Rita', family: 'Return', dob: '1985-03-03', role: 'parent' }], case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId } });
});
after(async () => {
  await app.close();
  await harness.close();
});

void test('a partner sends a request, with GOV.UK errors first and nothing lost', async () => {
  const partner = await as('partner');
  const bad = await partner.post('/requests/new', request({ reason: '', consentToContact: '' }));
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter why the family needs support/);
  assert.match(bad.body, /Select whether the family agreed to be contacted/);
  assert.match(bad.body, /value="Nina"/);
  const ok = await partner.post('/requests/new', request());
  assert.equal(ok.statusCode, 303);
  assert.match(text((await partner.get('/requests/new')).body), /has been sent to the front door/);
  assert.equal((await partner.get('/front-door')).statusCode, 404);
});

void test('triage: safeguarding concern must step up; allocation opens a case for the team', async () => {
  const manager = await as('manager');
  const queue = await manager.get('/front-door');
  assert.match(text(queue.body), /New family/);
  const id = /href="\/front-door\/([0-9a-f-]{36})"/.exec(queue.body)?.[1] as string;
  const bad = await manager.post(`/front-door/${id}`, { safeguardingRisk: 'yes', safeguardingNotes: 'Bruising reported', decision: 'allocate', tier: 'intensive', reasons: 'x' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /must be stepped up/);
  const ok = await manager.post(`/front-door/${id}`, { safeguardingRisk: 'no', decision: 'allocate', tier: 'targeted', complexity: 'high', reasons: 'Three needs; family want help.' });
  assert.equal(ok.statusCode, 303);
  assert.match(String(ok.headers.location), /^\/cases\/[0-9a-f-]{36}\/allocate$/);
  const allocate = await manager.get(String(ok.headers.location));
  assert.match(text(allocate.body), /weighing/);
  const caseId = String(ok.headers.location).split('/')[2] as string;
  const done = await manager.post(`/cases/${caseId}/allocate`, { keyworkerId: council.users.keyworker.id });
  assert.equal(done.statusCode, 303);
  const kw = await as('keyworker');
  const caseload = text((await kw.get('/caseload')).body);
  assert.match(caseload, /New family/);
  assert.match(caseload, /Due and overdue/);
  const consent = text((await kw.get(`/cases/${caseId}/consent`)).body);
  assert.match(consent, /Nina New: To be contacted/);
});

void test('a request for a known family links to its earlier episodes', async () => {
  const manager = await as('manager');
  const r = await manager.post('/requests/new', request({ source: 'step_down', familyName: '', leadGivenName: 'Rita', leadFamilyName: 'Return', 'leadDob-day': '3', 'leadDob-month': '3', 'leadDob-year': '1985' }));
  assert.equal(r.statusCode, 303);
  const page = await manager.get(String(r.headers.location));
  assert.match(text(page.body), /Earlier episodes of support/);
  assert.match(text(page.body), /Returning family/);
  const triaged = await manager.post(String(r.headers.location), { safeguardingRisk: 'no', decision: 'allocate', tier: 'intensive', reasons: 'Stepped down from CiN.' });
  assert.equal(triaged.statusCode, 303);
  const family = text((await manager.get(`/families/${returning.familyId}`)).body);
  assert.match(family, /returning family, previous case/);
});

void test('signposting needs the service named', async () => {
  const manager = await as('manager');
  const r = await manager.post('/requests/new', request({ familyName: 'Sign family', leadGivenName: 'Sam', leadFamilyName: 'Sign' }));
  const bad = await manager.post(String(r.headers.location), { safeguardingRisk: 'no', decision: 'signpost', reasons: 'Needs debt advice only.' });
  assert.match(bad.body, /Enter the service the family was signposted to/);
  const ok = await manager.post(String(r.headers.location), { safeguardingRisk: 'no', decision: 'signpost', signpostedTo: 'Citizens Advice', reasons: 'Needs debt advice only.' });
  assert.equal(ok.headers.location, '/front-door');
});
