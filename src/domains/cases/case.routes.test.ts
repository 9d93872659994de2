import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/build-app.ts';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../../test/support/factories.ts';
import { WebSession, text } from '../../../test/support/web.ts';
import { withTenant } from '../../db/tenant.ts';

let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;
let ownFamily: { familyId: string; caseId: string | null };
let waitingFamily: { familyId: string; caseId: string | null };
let otherTeamFamily: { familyId: string; caseId: string | null };
let closedFamily: { familyId: string; caseId: string | null };

before(async () => {
  harness = await createTestContainer();
  app = await buildApp(harness.container);
  const db = harness.container.database.db;
  council = await createCouncil(db, 'CASES');
  ownFamily = await createFamily(db, council, {
    name: 'Ahmed family',
    members: [
      { given: 'Sara', family: 'Ahmed', dob: '1988-04-02', role: 'parent' },
      { given: 'Omar', family: 'Ahmed', dob: '2014-09-10', role: 'child' },
      { given: 'Old', family: 'Lodger', dob: '1970-01-01', role: 'other_adult', from: '2020-01-01', to: '2021-01-01' },
    ],
    case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId, tafUserId: council.users.partner.id },
  });
  waitingFamily = await createFamily(db, council, { name: 'Brown family', members: [{ given: 'Bea', family: 'Brown', dob: '1990-01-01', role: 'parent' }], case: { status: 'awaiting_allocation', keyworkerId: null, teamId: council.teamId } });
  otherTeamFamily = await createFamily(db, council, { name: 'Other-team family', members: [{ given: 'Ola', family: 'Other', dob: '1990-01-01', role: 'parent' }], case: { status: 'open', keyworkerId: null, teamId: council.otherTeamId } });
  closedFamily = await createFamily(db, council, { name: 'Closed family', members: [{ given: 'Cy', family: 'Closed', dob: '1990-01-01', role: 'parent' }], case: { status: 'closed', keyworkerId: council.users.keyworker.id, teamId: council.teamId } });
});
after(async () => {
  await app.close();
  await harness.close();
});

async function as(user: keyof TestCouncil['users']): Promise<WebSession> {
  const session = new WebSession(app);
  await session.signIn(council.users[user].email, TEST_PASSWORD);
  return session;
}

void describe('my caseload', () => {
  void test('shows my open families with the count against team guidance', async () => {
    const page = text((await (await as('keyworker')).get('/caseload')).body);
    // One intensive family weighs 1.5 (the council's default weights).
    assert.match(page, /You hold 1 family, weighing 1\.5 by intensity, family size and complexity\. Your team's guidance is 1 to 2\./);
    assert.match(page, /Within guidance/);
    assert.match(page, /Ahmed family/);
    assert.doesNotMatch(page, /Closed family|Brown family/);
  });

  void test('a partner has no caseload page (same 404 as a missing page)', async () => {
    const response = await (await as('partner')).get('/caseload');
    assert.equal(response.statusCode, 404);
  });
});

void describe('opening a family', () => {
  void test('shows members with roles and dates, the case, keyworker and history, and audits the read', async () => {
    const response = await (await as('keyworker')).get(`/families/${ownFamily.familyId}`);
    assert.equal(response.statusCode, 200);
    const page = text(response.body);
    assert.match(page, /Sara Ahmed Parent/);
    assert.match(page, /Omar Ahmed Child/);
    assert.match(page, /Old Lodger Left Other adult/);
    assert.match(page, /Keyworker keyworker CASES/);
    const audits = await withTenant(harness.container.database.db, council.id, (tx) =>
      tx.selectFrom('audit_event').selectAll().where('action', '=', 'family.read').where('subject_id', '=', ownFamily.familyId).execute(),
    );
    assert.ok(audits.length >= 1);
    assert.equal(audits[0]?.actor_id, council.users.keyworker.id);
  });

  const access: Array<[keyof TestCouncil['users'], () => string, number]> = [
    ['keyworker', () => ownFamily.familyId, 200],
    ['keyworker', () => waitingFamily.familyId, 404],
    ['keyworker2', () => ownFamily.familyId, 404],
    ['manager', () => ownFamily.familyId, 200],
    ['manager', () => otherTeamFamily.familyId, 404],
    ['otherManager', () => otherTeamFamily.familyId, 200],
    ['partner', () => ownFamily.familyId, 200],
    ['partner', () => waitingFamily.familyId, 404],
    ['data', () => otherTeamFamily.familyId, 200],
    ['admin', () => ownFamily.familyId, 404],
    ['keyworker', () => '00000000-0000-4000-8000-000000000000', 404],
    ['keyworker', () => 'not-a-uuid', 404],
  ];
  for (const [user, family, status] of access) {
    void test(`${user} opening a family gets ${status}`, async () => {
      const response = await (await as(user)).get(`/families/${family()}`);
      assert.equal(response.statusCode, status);
    });
  }

  void test('not found and not allowed look the same', async () => {
    const session = await as('keyworker2');
    const forbidden = await session.get(`/families/${ownFamily.familyId}`);
    const missing = await session.get('/families/00000000-0000-4000-8000-000000000000');
    assert.equal(text(forbidden.body).replace(/[0-9a-f-]{36}/g, ''), text(missing.body).replace(/[0-9a-f-]{36}/g, ''));
  });
});

void describe('team caseloads and allocation', () => {
  void test('a manager sees each keyworker against guidance and the families awaiting allocation', async () => {
    const page = text((await (await as('manager')).get('/team')).body);
    assert.match(page, /keyworker CASES 1 1\.5 Within guidance/);
    assert.match(page, /Brown family/);
  });

  void test('allocating without choosing shows the error summary and saves nothing', async () => {
    const session = await as('manager');
    await session.get(`/cases/${waitingFamily.caseId}/allocate`);
    const response = await session.post(`/cases/${waitingFamily.caseId}/allocate`, { keyworkerId: '', note: 'kept text' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#keyworkerId"/);
    assert.match(response.body, /kept text/);
    const row = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('support_case').select(['status', 'keyworker_id']).where('id', '=', waitingFamily.caseId as string).executeTakeFirstOrThrow());
    assert.deepEqual(row, { status: 'awaiting_allocation', keyworker_id: null });
  });

  void test('a keyworker from another team is refused', async () => {
    const session = await as('manager');
    await session.get(`/cases/${waitingFamily.caseId}/allocate`);
    const response = await session.post(`/cases/${waitingFamily.caseId}/allocate`, { keyworkerId: council.users.otherManager.id });
    assert.equal(response.statusCode, 400);
    assert.match(text(response.body), /Select a keyworker from this team/);
  });

  void test('allocation opens the case, records history and audit, and warns when over guidance', async () => {
    const session = await as('manager');
    await session.get(`/cases/${waitingFamily.caseId}/allocate`);
    const response = await session.post(`/cases/${waitingFamily.caseId}/allocate`, { keyworkerId: council.users.keyworker.id, note: 'Knows the school' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/families/${waitingFamily.familyId}`);
    const page = text((await session.get(`/families/${waitingFamily.familyId}`)).body);
    assert.match(page, /Allocated to keyworker CASES/);
    assert.match(page, /Knows the school/);
    // Two intensive families weigh 3, over guidance of 1–2 although the count is at the limit.
    assert.match(page, /now holds 2 families, weighing 3: above the team's guidance of 1 to 2/);
    const audit = await withTenant(harness.container.database.db, council.id, (tx) => tx.selectFrom('audit_event').selectAll().where('action', '=', 'case.allocate').where('subject_id', '=', waitingFamily.caseId as string).executeTakeFirst());
    assert.ok(audit);
  });

  void test('reallocating to someone over guidance warns the manager', async () => {
    const db = harness.container.database.db;
    const extra = await createFamily(db, council, { name: 'Extra family', members: [{ given: 'Ed', family: 'Extra', dob: '1990-01-01', role: 'parent' }], case: { status: 'awaiting_allocation', keyworkerId: null, teamId: council.teamId } });
    const session = await as('manager');
    await session.get(`/cases/${extra.caseId}/allocate`);
    await session.post(`/cases/${extra.caseId}/allocate`, { keyworkerId: council.users.keyworker.id });
    const page = text((await session.get(`/families/${extra.familyId}`)).body);
    assert.match(page, /now holds 3 families, weighing 4\.5: above the team's guidance of 1 to 2/);
  });

  void test("a manager cannot allocate another team's case, nor a closed one", async () => {
    const session = await as('manager');
    assert.equal((await session.get(`/cases/${otherTeamFamily.caseId}/allocate`)).statusCode, 404);
    await session.get(`/cases/${closedFamily.caseId}/allocate`);
    const closed = await session.post(`/cases/${closedFamily.caseId}/allocate`, { keyworkerId: council.users.keyworker2.id });
    assert.equal(closed.statusCode, 409);
  });

  void test('a keyworker cannot allocate', async () => {
    const session = await as('keyworker');
    assert.equal((await session.get(`/cases/${waitingFamily.caseId}/allocate`)).statusCode, 404);
    await session.get('/caseload');
    assert.equal((await session.post(`/cases/${waitingFamily.caseId}/allocate`, { keyworkerId: council.users.keyworker2.id })).statusCode, 404);
  });
});
