// Casework through the web: contacts in two pages, consent recorded and withdrawn, and what a
// partner in the Team Around the Family sees (and does not) as consent changes.
import { after, before, describe, test } from 'node:test';
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
let other: { familyId: string; personIds: string[]; caseId: string | null };
let caseId: string;

async function as(user: keyof TestCouncil['users']): Promise<WebSession> {
  const s = new WebSession(app);
  await s.signIn(council.users[user].email, TEST_PASSWORD);
  return s;
}

before(async () => {
  harness = await createTestContainer({ clock });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'CW');
  fam = await createFamily(harness.container.database.db, council, {
    name: 'Casework family',
    members: [
      { given: 'Mary', family: 'Case', dob: '1988-02-01', role: 'parent' },
      { given: 'Mo', family: 'Case', dob: '2015-05-05', role: 'child' },
    ],
    case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId, tafUserId: council.users.partner.id },
  });
  other = await createFamily(harness.container.database.db, council, {
    name: 'Other family',
    members: [{ given: 'Olga', family: 'Other', dob: '1980-01-01', role: 'parent' }],
    case: { status: 'open', keyworkerId: council.users.keyworker2.id, teamId: council.teamId },
  });
  caseId = fam.caseId as string;
});
after(async () => {
  await app.close();
  await harness.close();
});

const date = (prefix: string, d: string, m: string, y: string) => ({ [`${prefix}-day`]: d, [`${prefix}-month`]: m, [`${prefix}-year`]: y });

void describe('contacts', () => {
  void test('the form defaults to today and records a contact in two pages', async () => {
    const kw = await as('keyworker');
    const form = await kw.get(`/cases/${caseId}/contacts/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="occurredOn-day"[^>]*value="23"/);
    const saved = await kw.post(`/cases/${caseId}/contacts/new`, { ...date('occurredOn', '23', '11', '2026'), kind: 'home_visit', seen: fam.personIds[0] as string, duration: '45', note: 'Talked about school mornings.' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/cases/${caseId}/contacts`);
    const list = await kw.get(`/cases/${caseId}/contacts`);
    assert.match(text(list.body), /Contact recorded/);
    assert.match(text(list.body), /Talked about school mornings/);
    assert.match(text(list.body), /Within norm/);
  });

  void test('bad input shows GOV.UK errors and keeps what was typed', async () => {
    const kw = await as('keyworker');
    const r = await kw.post(`/cases/${caseId}/contacts/new`, { ...date('occurredOn', '31', '2', '2026'), kind: 'phone', duration: 'forty', note: 'Kept note text' });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /govuk-error-summary/);
    assert.match(r.body, /must be a real date/);
    assert.match(r.body, /whole number of minutes/);
    assert.match(r.body, /Kept note text/);
    assert.match(r.body, /value="forty"/);
  });

  void test('another keyworker\'s case is not found', async () => {
    const kw = await as('keyworker');
    assert.equal((await kw.get(`/cases/${other.caseId}/contacts`)).statusCode, 404);
    assert.equal((await kw.post(`/cases/${other.caseId}/contacts/new`, { ...date('occurredOn', '23', '11', '2026'), kind: 'phone', duration: '5', note: 'x' })).statusCode, 404);
  });
});

void describe('consent and what partners see', () => {
  void test('a partner outside the TAF gets 404', async () => {
    const partner = await as('partner');
    assert.equal((await partner.get(`/families/${other.familyId}`)).statusCode, 404);
    assert.equal((await partner.get(`/cases/${other.caseId}/contacts`)).statusCode, 404);
  });

  void test('without consent a partner in the TAF sees no one\'s contacts', async () => {
    const partner = await as('partner');
    const r = await partner.get(`/cases/${caseId}/contacts`);
    assert.equal(r.statusCode, 200);
    assert.doesNotMatch(text(r.body), /Talked about school mornings/);
    assert.match(r.body, /data-qa="withheld"/);
    assert.equal((await partner.get(`/cases/${caseId}/contacts/new`)).statusCode, 404);
  });

  let consentId = '';
  void test('consent naming the partner\'s service shares that person\'s contacts, not special category', async () => {
    const kw = await as('keyworker');
    const missing = await kw.post(`/cases/${caseId}/consent/new`, { personId: fam.personIds[0] as string, purpose: 'share_information', decision: 'given', method: 'written', givenBy: 'Mary Case', ...date('givenOn', '23', '11', '2026') });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select or enter the services/);
    const ok = await kw.post(`/cases/${caseId}/consent/new`, { personId: fam.personIds[0] as string, purpose: 'share_information', decision: 'given', method: 'written', givenBy: 'Mary Case', services: 'School', ...date('givenOn', '23', '11', '2026') });
    assert.equal(ok.statusCode, 303);
    await kw.post(`/cases/${caseId}/contacts/new`, { ...date('occurredOn', '23', '11', '2026'), kind: 'phone', seen: fam.personIds[0] as string, duration: '10', note: 'Discussed her GP appointment.', specialCategory: 'yes' });
    const page = await kw.get(`/cases/${caseId}/consent`);
    consentId = /\/consent\/([0-9a-f-]{36})\/withdraw/.exec(page.body)?.[1] ?? '';
    assert.ok(consentId);

    const partner = await as('partner');
    const r = await partner.get(`/cases/${caseId}/contacts`);
    assert.match(text(r.body), /Talked about school mornings/);
    assert.doesNotMatch(text(r.body), /GP appointment/);
    const familyPage = await partner.get(`/families/${fam.familyId}`);
    assert.match(text(familyPage.body), /Mary Case/);
    assert.doesNotMatch(text(familyPage.body), /Mo Case/);
  });

  void test('withdrawal hides shared data on the partner\'s next request', async () => {
    const kw = await as('keyworker');
    const empty = await kw.post(`/cases/${caseId}/consent/${consentId}/withdraw`, { reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter why consent was withdrawn/);
    const r = await kw.post(`/cases/${caseId}/consent/${consentId}/withdraw`, { reason: 'Mary asked us to stop sharing.' });
    assert.equal(r.statusCode, 303);
    const partner = await as('partner');
    const contacts = await partner.get(`/cases/${caseId}/contacts`);
    assert.doesNotMatch(text(contacts.body), /Talked about school mornings/);
    const familyPage = await partner.get(`/families/${fam.familyId}`);
    assert.doesNotMatch(text(familyPage.body), /Mary Case/);
  });
});

void describe('chronology', () => {
  void test('the keyworker sees every contact and consent in one timeline, filterable', async () => {
    const kw = await as('keyworker');
    const r = await kw.get(`/cases/${caseId}/chronology`);
    assert.equal(r.statusCode, 200);
    const t = text(r.body);
    assert.match(t, /Home visit \(45 minutes\)/);
    assert.match(t, /GP appointment/);
    assert.match(t, /consent to share information withdrawn/);
    const filtered = text((await kw.get(`/cases/${caseId}/chronology?kind=consent`)).body);
    assert.doesNotMatch(filtered, /Home visit \(45 minutes\)/);
    assert.match(filtered, /consent given to share information/);
  });

  void test('a partner sees only what is shared with them', async () => {
    const partner = await as('partner');
    const t = text((await partner.get(`/cases/${caseId}/chronology`)).body);
    assert.doesNotMatch(t, /GP appointment/);
    assert.doesNotMatch(t, /school mornings/);
  });
});

void describe('reviews, budget and closure', () => {
  void test('a review sets the next one six weeks on; supervision is for managers', async () => {
    const kw = await as('keyworker');
    const bad = await kw.post(`/cases/${caseId}/reviews`, { ...date('heldOn', '23', '11', '2026'), decision: 'continue', progress: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the progress made against the plan/);
    const ok = await kw.post(`/cases/${caseId}/reviews`, { ...date('heldOn', '23', '11', '2026'), decision: 'continue', progress: 'Attendance up to 88%.' });
    assert.equal(ok.statusCode, 303);
    const page = text((await kw.get(`/cases/${caseId}/reviews`)).body);
    assert.match(page, /Next review due by 4 January 2027/);
    assert.equal((await kw.post(`/cases/${caseId}/supervision`, { ...date('supervisedOn', '23', '11', '2026'), discussion: 'x' })).statusCode, 404);
    const manager = await as('manager');
    assert.equal((await manager.post(`/cases/${caseId}/supervision`, { ...date('supervisedOn', '23', '11', '2026'), discussion: 'Dependency risk discussed.' })).statusCode, 303);
    assert.match(text((await kw.get(`/cases/${caseId}/reviews`)).body), /Dependency risk discussed/);
  });

  void test('the budget keeps to the limit and needs another person to approve', async () => {
    const kw = await as('keyworker');
    const over = await kw.post(`/cases/${caseId}/budget`, { description: 'Everything', category: 'household', amount: '4000.01', otherSourcesTried: 'yes', ...date('requestedOn', '23', '11', '2026') });
    assert.equal(over.statusCode, 400);
    assert.match(text(over.body), /over the budget limit of £4,000.00/);
    assert.equal((await kw.post(`/cases/${caseId}/budget`, { description: 'School uniform', category: 'clothing', amount: '45.50', otherSourcesTried: 'yes', condition: 'Attendance above 90%', ...date('requestedOn', '23', '11', '2026') })).statusCode, 303);
    const partner = await as('partner');
    assert.equal((await partner.get(`/cases/${caseId}/budget`)).statusCode, 404);
    const manager = await as('manager');
    const approvals = await manager.get('/approvals');
    const id = /\/approvals\/budget\/([0-9a-f-]{36})/.exec(approvals.body)?.[1] as string;
    const reject = await manager.post(`/approvals/budget/${id}`, { decision: 'rejected', note: '' });
    assert.match(reject.body, /Enter why the request is rejected/);
    assert.equal((await manager.post(`/approvals/budget/${id}`, { decision: 'approved' })).statusCode, 303);
    assert.match(text((await kw.get(`/cases/${caseId}/budget`)).body), /Approved £45.50/);
    await manager.post(`/cases/${caseId}/budget`, { description: 'Bus pass', category: 'travel', amount: '10', otherSourcesTried: 'no', ...date('requestedOn', '23', '11', '2026') });
    const own = /\/approvals\/budget\/([0-9a-f-]{36})/.exec((await manager.get('/approvals')).body)?.[1] as string;
    assert.equal((await manager.post(`/approvals/budget/${own}`, { decision: 'approved' })).statusCode, 409);
  });

  void test('closing after the family withdrew needs a risk check, approval, then follow-ups', async () => {
    const kw = await as('keyworker');
    const bad = await kw.post(`/cases/${caseId}/closure`, { reason: 'disengaged', summary: 'Family stopped answering.', exitPlan: 'Door left open.', familyAgreed: 'no' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the risk check/);
    assert.equal((await kw.post(`/cases/${caseId}/closure`, { reason: 'disengaged', summary: 'Family stopped answering.', exitPlan: 'Door left open.', riskCheck: 'Children seen at school daily; school nurse aware.', familyAgreed: 'no' })).statusCode, 303);
    const manager = await as('manager');
    const id = /\/approvals\/closures\/([0-9a-f-]{36})/.exec((await manager.get('/approvals')).body)?.[1] as string;
    assert.equal((await manager.post(`/approvals/closures/${id}`, { decision: 'approved' })).statusCode, 303);
    const page = text((await kw.get(`/cases/${caseId}/closure`)).body);
    assert.match(page, /3-month follow-up, due 23 February 2027/);
    assert.match(page, /12-month follow-up, due 23 November 2027/);
    assert.equal((await kw.post(`/cases/${caseId}/contacts/new`, { ...date('occurredOn', '23', '11', '2026'), kind: 'phone', duration: '5', note: 'x' })).statusCode, 404);
    const fu = /\/follow-ups\/([0-9a-f-]{36})/.exec((await kw.get(`/cases/${caseId}/closure`)).body)?.[1] as string;
    assert.equal((await kw.post(`/cases/${caseId}/follow-ups/${fu}`, { outcome: 'Doing well; attendance holding.' })).statusCode, 303);
    assert.match(text((await kw.get(`/cases/${caseId}/chronology`)).body), /3-month follow-up/);
  });
});

void describe('settings', () => {
  void test('a manager changes the review interval; keyworkers cannot open settings', async () => {
    const kw = await as('keyworker');
    assert.equal((await kw.get('/settings')).statusCode, 404);
    const manager = await as('manager');
    const page = await manager.get('/settings');
    assert.match(page.body, /name="review_interval_days"[^>]*value="42"/);
    const bad = await manager.post('/settings', { review_interval_days: '2', assessment_due_days: '42', contact_norm_days: '7', supervision_interval_days: '28', follow_up_months: '3, x', budget_limit: '4000', weight_intensive_pct: '150', weight_targeted_pct: '100', weight_light_touch_pct: '50', large_family_size: '5', large_family_extra_pct: '25', high_complexity_extra_pct: '50' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The review interval must be a whole number from 7 to 365/);
    assert.match(bad.body, /Follow-ups must be months/);
    assert.match(bad.body, /value="3, x"/);
    const ok = await manager.post('/settings', { review_interval_days: '56', assessment_due_days: '42', contact_norm_days: '7', supervision_interval_days: '28', follow_up_months: '12, 3', budget_limit: '2500', weight_intensive_pct: '150', weight_targeted_pct: '100', weight_light_touch_pct: '50', large_family_size: '5', large_family_extra_pct: '25', high_complexity_extra_pct: '50', partner_sharing: 'plan' });
    assert.equal(ok.statusCode, 303);
    const saved = await manager.get('/settings');
    assert.match(saved.body, /name="review_interval_days"[^>]*value="56"/);
    assert.match(saved.body, /value="3, 12"/);
  });
});
