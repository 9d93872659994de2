// Row-level security: one council can never read or write another's rows, by any route.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../web/build-app.ts';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../test/support/factories.ts';
import { WebSession, text } from '../../test/support/web.ts';
import { withSystem, withTenant } from './tenant.ts';

let harness: TestContainer;
let app: FastifyInstance;
let north: TestCouncil;
let south: TestCouncil;
let southFamily: { familyId: string; caseId: string | null; personIds: string[] };

before(async () => {
  harness = await createTestContainer();
  app = await buildApp(harness.container);
  const db = harness.container.database.db;
  north = await createCouncil(db, 'NORTH');
  south = await createCouncil(db, 'SOUTH');
  await createFamily(db, north, { name: 'North family', members: [{ given: 'Nia', family: 'North', dob: '1985-01-01', role: 'parent' }], case: { status: 'open', keyworkerId: north.users.keyworker.id, teamId: north.teamId } });
  southFamily = await createFamily(db, south, { name: 'South family', members: [{ given: 'Sol', family: 'South', dob: '1985-01-01', role: 'parent' }], case: { status: 'awaiting_allocation', keyworkerId: null, teamId: south.teamId } });
});
after(async () => {
  await app.close();
  await harness.close();
});

const TENANT_TABLES = ['team', 'app_user', 'person', 'family_unit', 'membership', 'support_case', 'case_history', 'taf_member', 'audit_event', 'job'] as const;

describe('in the database', () => {
  test('every council table has forced row-level security; every other table is read-only reference data', async () => {
    const rows = await withSystem(harness.container.database.db, (tx) =>
      sql<{ relname: string; tenant: boolean; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number; writable: boolean }>`
        select c.relname,
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'local_authority_id' and not a.attisdropped) as tenant,
          c.relrowsecurity, c.relforcerowsecurity,
          (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies,
          (has_table_privilege('hearth_app', c.oid, 'INSERT') or has_table_privilege('hearth_app', c.oid, 'UPDATE') or has_table_privilege('hearth_app', c.oid, 'DELETE')) as writable
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('kysely_migration', 'kysely_migration_lock', 'local_authority')
      `.execute(tx),
    );
    assert.ok(rows.rows.filter((r) => r.tenant).length >= TENANT_TABLES.length);
    for (const row of rows.rows) {
      if (row.tenant) assert.ok(row.relrowsecurity && row.relforcerowsecurity && row.policies >= 1, `${row.relname} is not isolated`);
      else assert.equal(row.writable, false, `${row.relname} has no council column, so the app must not be able to write it`);
    }
  });

  for (const table of TENANT_TABLES) {
    test(`${table}: a council sees only its own rows`, async () => {
      const seen = await withTenant(harness.container.database.db, north.id, (tx) =>
        sql<{ n: number; others: number }>`select count(*)::int as n, count(*) filter (where local_authority_id <> ${north.id})::int as others from ${sql.table(table)}`.execute(tx),
      );
      assert.equal(seen.rows[0]?.others, 0);
    });
  }

  test("the app role cannot insert a row for another council", async () => {
    await assert.rejects(
      withTenant(harness.container.database.db, north.id, (tx) =>
        tx.insertInto('person').values({ local_authority_id: south.id, given_name: 'Intruder', family_name: 'X' }).execute(),
      ),
      /row-level security/,
    );
  });

  test("the app role cannot update or delete another council's rows (they are invisible)", async () => {
    const result = await withTenant(harness.container.database.db, north.id, async (tx) => {
      const updated = await tx.updateTable('family_unit').set({ name: 'Hacked' }).where('id', '=', southFamily.familyId).executeTakeFirst();
      const deleted = await tx.deleteFrom('membership').where('family_unit_id', '=', southFamily.familyId).executeTakeFirst();
      return [Number(updated.numUpdatedRows), Number(deleted.numDeletedRows)];
    });
    assert.deepEqual(result, [0, 0]);
    const name = await withTenant(harness.container.database.db, south.id, (tx) => tx.selectFrom('family_unit').select('name').where('id', '=', southFamily.familyId).executeTakeFirstOrThrow());
    assert.equal(name.name, 'South family');
  });

  test('without a council set, the app role sees nothing', async () => {
    const count = await harness.container.database.db.transaction().execute(async (tx) => {
      await sql.raw('set local role hearth_app').execute(tx);
      return sql<{ n: number }>`select count(*)::int as n from person`.execute(tx);
    });
    assert.equal(count.rows[0]?.n, 0);
  });

  test('audit events cannot be changed or removed, even by the owner', async () => {
    await assert.rejects(withSystem(harness.container.database.db, (tx) => tx.updateTable('audit_event').set({ action: 'x' }).execute()), /append-only/);
    await assert.rejects(withSystem(harness.container.database.db, (tx) => tx.deleteFrom('audit_event').execute()), /append-only/);
  });
});

describe('through every route', () => {
  const routes: Array<[keyof TestCouncil['users'], 'GET' | 'POST', () => string]> = [
    ['data', 'GET', () => `/families/${southFamily.familyId}`],
    ['manager', 'GET', () => `/families/${southFamily.familyId}`],
    ['manager', 'GET', () => `/cases/${southFamily.caseId}/allocate`],
    ['manager', 'POST', () => `/cases/${southFamily.caseId}/allocate`],
  ];
  for (const [user, method, url] of routes) {
    test(`NORTH ${user} ${method} of a SOUTH record is not found`, async () => {
      const session = new WebSession(app);
      await session.signIn(north.users[user].email, TEST_PASSWORD);
      const response = method === 'GET' ? await session.get(url()) : await session.post(url(), { keyworkerId: north.users.keyworker.id });
      assert.equal(response.statusCode, 404);
    });
  }

  test("a council's family search and audit log never show another council", async () => {
    const data = new WebSession(app);
    await data.signIn(north.users.data.email, TEST_PASSWORD);
    const families = text((await data.get('/families?q=South')).body);
    assert.match(families, /0 families matching/);
    const admin = new WebSession(app);
    await admin.signIn(north.users.admin.email, TEST_PASSWORD);
    const audit = text((await admin.get('/admin/audit')).body);
    assert.doesNotMatch(audit, /SOUTH/);
    assert.match(audit, /NORTH/);
  });

  test("the SOUTH case is untouched after NORTH's attempts", async () => {
    const row = await withTenant(harness.container.database.db, south.id, (tx) => tx.selectFrom('support_case').select(['status', 'keyworker_id']).where('id', '=', southFamily.caseId as string).executeTakeFirstOrThrow());
    assert.deepEqual(row, { status: 'awaiting_allocation', keyworker_id: null });
  });
});
