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
const d = (p: string, day: string, month: string, year: string) => ({ [`${p}-day`]: day, [`${p}-month`]: month, [`${p}-year`]: year });

async function as(user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}

before(async () => {
  harness = await createTestContainer({ clock });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'PL');
  fam = await createFamily(harness.container.database.db, council, { name: 'Planned family', members: [{ given: 'Pam', family: 'Plan', dob: '1990-01-01', role: 'parent' }, { given: 'Pip', family: 'Plan', dob: '2015-01-01', role: 'child' }], case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId } });
});
after(async () => {
  await app.close();
  await harness.close();
});

void test('a goal needs a need; actions have owners; versions are kept; TAF meetings record attendance and actions', async () => {
  const kw = await as('keyworker');
  const caseId = fam.caseId as string;
  const noNeed = await kw.post(`/cases/${caseId}/plan/goals`, { title: 'Get to school', target: '95%', owner: 'keyworker', ...d('goalDue', '1', '3', '2027') });
  assert.equal(noNeed.statusCode, 400);
  assert.match(noNeed.body, /Add the family’s needs in the assessment first/);
  assert.match(noNeed.body, /value="Get to school"/);
  await kw.post(`/cases/${caseId}/assessment/needs`, { personId: fam.personIds[1] as string, headline: 'Getting a good education', description: 'Late most days' });
  const plan = await kw.get(`/cases/${caseId}/plan`);
  const needId = /<option value="([0-9a-f-]{36})">Pip Plan: Getting a good education/.exec(plan.body)?.[1] as string;
  assert.ok(needId);

  // Add a school member with the partner's account, then use them as an owner.
  assert.equal((await kw.post(`/cases/${caseId}/taf/members`, { name: 'Pat Partner', agency: 'School', role: 'Attendance lead', userId: council.users.partner.id, ...d('memberFrom', '23', '11', '2026') })).statusCode, 303);
  const tafPage = await kw.get(`/cases/${caseId}/taf`);
  assert.match(text(tafPage.body), /Pat Partner \(has an account\) School Attendance lead/);
  const plan2 = await kw.get(`/cases/${caseId}/plan`);
  const tafOwner = /<option value="(taf:[0-9a-f-]{36})">Pat Partner \(School\)/.exec(plan2.body)?.[1] as string;
  assert.equal((await kw.post(`/cases/${caseId}/plan/goals`, { needId, title: 'Pip gets to school on time', target: 'On time 4 days in 5 for 6 weeks', owner: tafOwner, ...d('goalDue', '1', '3', '2027') })).statusCode, 303);
  const goalId = /\/plan\/goals\/([0-9a-f-]{36})\/status/.exec((await kw.get(`/cases/${caseId}/plan`)).body)?.[1] as string;
  assert.equal((await kw.post(`/cases/${caseId}/plan/actions`, { goalId, description: 'Buy an alarm clock', actionOwner: `person:${fam.personIds[0]}`, ...d('actionDue', '30', '11', '2026') })).statusCode, 303);
  assert.equal((await kw.post(`/cases/${caseId}/plan/goals/${goalId}/status`, { status: 'in_progress' })).statusCode, 303);
  assert.equal((await kw.post(`/cases/${caseId}/plan/versions`, { reason: 'Agreed with Pam' })).statusCode, 303);
  const after = text((await kw.get(`/cases/${caseId}/plan`)).body);
  assert.match(after, /Pip gets to school on time/);
  assert.match(after, /Buy an alarm clock Pam Plan \(family\)/);
  assert.match(after, /In progress/);
  assert.match(after, /1 Agreed with Pam/);
  assert.match(text((await kw.get('/caseload')).body), /Buy an alarm clock/);

  const noInvite = await kw.post(`/cases/${caseId}/taf/meetings`, { ...d('meetingOn', '23', '11', '2026'), mode: 'video' });
  assert.match(noInvite.body, /Select who is invited/);
  const tafMember = /value="(taf:[0-9a-f-]{36})"/.exec(tafPage.body)?.[1] as string;
  assert.equal((await kw.post(`/cases/${caseId}/taf/meetings`, { ...d('meetingOn', '23', '11', '2026'), mode: 'video', invited: tafMember })).statusCode, 303);
  const meetingPath = /href="(\/cases\/[0-9a-f-]{36}\/taf\/meetings\/[0-9a-f-]{36})"/.exec((await kw.get(`/cases/${caseId}/taf`)).body)?.[1] as string;
  const form = await kw.get(meetingPath);
  const attendeeKeys = [...form.body.matchAll(/name="(attendance_[0-9a-f-]{36})"/g)].map((m) => m[1] as string);
  const unique = [...new Set(attendeeKeys)];
  assert.equal(unique.length, 1);
  const missing = await kw.post(meetingPath, { minutes: 'Talked.' });
  assert.match(missing.body, /Select whether Pat Partner \(School\) attended/);
  const body: Record<string, string> = { minutes: 'Agreed a morning routine.', decisions: 'Review in 6 weeks', actionDescription: 'Send attendance figures weekly', actionOwner: tafOwner, ...d('actionDue', '4', '12', '2026') };
  for (const k of unique) body[k] = 'attended';
  assert.equal((await kw.post(meetingPath, body)).statusCode, 303);
  const taf = text((await kw.get(`/cases/${caseId}/taf`)).body);
  assert.match(taf, /Agreed a morning routine/);
  assert.match(taf, /Pat Partner \(School\): attended/);
  assert.match(text((await kw.get(`/cases/${caseId}/plan`)).body), /Send attendance figures weekly/);
});
