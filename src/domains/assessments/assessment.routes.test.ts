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
let fam: { familyId: string; personIds: string[]; caseId: string | null };

async function as(user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}

before(async () => {
  harness = await createTestContainer({ clock });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'AS');
  fam = await createFamily(harness.container.database.db, council, { name: 'Assessed family', members: [{ given: 'Ada', family: 'Assess', dob: '1990-01-01', role: 'parent' }, { given: 'Al', family: 'Assess', dob: '2014-01-01', role: 'child' }], case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId, tafUserId: council.users.partner.id } });
});
after(async () => {
  await app.close();
  await harness.close();
});

void test('a council edits its form; a keyworker assesses, adds needs and scores, and sees first against latest', async () => {
  const manager = await as('manager');
  assert.match((await manager.post('/settings/assessment-form', { change: 'add_question', sectionKey: '', text: '' })).body, /Enter the question/);
  assert.equal((await manager.post('/settings/assessment-form', { change: 'add_question', sectionKey: 'home', text: 'Is the home warm enough?', hint: '' })).statusCode, 303);
  const kw = await as('keyworker');
  const caseId = fam.caseId as string;
  assert.match(text((await kw.get(`/cases/${caseId}/assessment`)).body), /Due by 16 February 2026/);
  assert.equal((await kw.post(`/cases/${caseId}/assessment/start`, {})).statusCode, 303);
  const form = await kw.get(`/cases/${caseId}/assessment/edit`);
  assert.match(form.body, /Is the home warm enough\?/);
  const incomplete = await kw.post(`/cases/${caseId}/assessment/edit`, { action: 'complete', q_home_is_the_home_warm_enough: 'Cold at night', childVoice: 'Al likes football' });
  assert.equal(incomplete.statusCode, 400);
  assert.match(incomplete.body, /Enter the family&#39;s own account/);
  assert.match(incomplete.body, /Cold at night/);
  assert.equal((await kw.post(`/cases/${caseId}/assessment/edit`, { action: 'complete', q_home_is_the_home_warm_enough: 'Cold at night', q_health_physical_mental: 'Ada has depression', familyAccount: 'We want mornings to be calmer.', childVoice: 'Al likes football' })).statusCode, 303);
  assert.equal((await kw.post(`/cases/${caseId}/assessment/needs`, { personId: fam.personIds[1] as string, headline: 'Getting a good education', description: 'Attendance 82%' })).statusCode, 303);
  assert.equal((await kw.post(`/cases/${caseId}/assessment/needs`, { personId: fam.personIds[0] as string, headline: 'Improved mental and physical health', description: 'Low mood' })).statusCode, 303);
  const bad = await kw.post(`/cases/${caseId}/assessment/scores`, { 'scoredOn-day': '1', 'scoredOn-month': '10', 'scoredOn-year': '2026', rater: 'worker', score_home: '11' });
  assert.match(bad.body, /Home and money must be a whole number from 1 to 10/);
  await kw.post(`/cases/${caseId}/assessment/scores`, { 'scoredOn-day': '1', 'scoredOn-month': '10', 'scoredOn-year': '2026', rater: 'worker', score_home: '3', score_safety: '4' });
  await kw.post(`/cases/${caseId}/assessment/scores`, { 'scoredOn-day': '20', 'scoredOn-month': '11', 'scoredOn-year': '2026', rater: 'worker', score_home: '6' });
  await kw.post(`/cases/${caseId}/assessment/scores`, { 'scoredOn-day': '20', 'scoredOn-month': '11', 'scoredOn-year': '2026', rater: 'family', score_home: '5' });
  const page = await kw.get(`/cases/${caseId}/assessment`);
  assert.match(page.body, /<svg class="app-chart"/);
  assert.match(text(page.body), /Home and money 3 6 5/);
  assert.match(text(page.body), /Ada has depression/);
  assert.match(text(page.body), /Low mood/);

  // The partner: consent for Al only. Health section and Ada's need stay hidden.
  await kw.post(`/cases/${caseId}/consent/new`, { personId: fam.personIds[1] as string, purpose: 'share_information', decision: 'given', method: 'verbal', givenBy: 'Ada Assess', services: 'School', 'givenOn-day': '23', 'givenOn-month': '11', 'givenOn-year': '2026' });
  await kw.post(`/cases/${caseId}/consent/new`, { personId: fam.personIds[0] as string, purpose: 'share_information', decision: 'given', method: 'verbal', givenBy: 'Ada Assess', services: 'School', 'givenOn-day': '23', 'givenOn-month': '11', 'givenOn-year': '2026' });
  const partner = await as('partner');
  const seen = text((await partner.get(`/cases/${caseId}/assessment`)).body);
  assert.match(seen, /Attendance 82%/);
  assert.match(seen, /Cold at night/);
  assert.doesNotMatch(seen, /Ada has depression/);
  assert.doesNotMatch(seen, /Low mood/);
});
