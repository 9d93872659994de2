// COPY as repositories use it: the text encoding (table-driven), and a round trip through the
// real driver (PGlite, or the server when DATABASE_URL is set) inside a transaction under
// row-level security, including a failure that must leave nothing behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../test/support/factories.ts';
import { copyRows, encodeCopyRow, encodeCopyValue, type CopyValue } from './copy.ts';
import { withTenant } from './tenant.ts';

test('encodeCopyValue escapes exactly what COPY text format needs', () => {
  const cases: Array<[CopyValue, string]> = [
    [null, '\\N'],
    ['', ''],
    ['plain', 'plain'],
    [42, '42'],
    [true, 'true'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak', 'line\\nbreak'],
    ['carriage\r\n', 'carriage\\r\\n'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'], // the two characters, not null
    ['Zoë "quoted", comma', 'Zoë "quoted", comma'],
  ];
  for (const [value, encoded] of cases) assert.equal(encodeCopyValue(value), encoded, JSON.stringify(value));
  assert.equal(encodeCopyRow(['a', null, 3]), 'a\t\\N\t3\n');
});

let harness: TestContainer;
let council: TestCouncil;
before(async () => {
  harness = await createTestContainer();
  council = await createCouncil(harness.container.database.db, 'COPY');
});
after(() => harness.close());

test('copyRows loads awkward values unchanged, within the caller’s transaction and council', async () => {
  const db = harness.container.database.db;
  const values = ['plain', 'tab\there', 'two\nlines', 'back\\slash', '\\N', 'Zoë', '{"json": "in text"}', ''];
  const names = await withTenant(db, council.id, async (tx) => {
    const sourceId = (await tx.insertInto('data_source').values({ local_authority_id: council.id, name: 'copy-test', organisation: 'o', kind: 'k' }).returning('id').executeTakeFirstOrThrow()).id;
    const runId = (await tx.insertInto('import_run').values({ local_authority_id: council.id, data_source_id: sourceId }).returning('id').executeTakeFirstOrThrow()).id;
    let lines = '';
    values.forEach((v, i) => (lines += encodeCopyRow([council.id, sourceId, runId, `K${i}`, i + 1, v, null, JSON.stringify({ value: v })])));
    await copyRows(tx, 'source_record', ['local_authority_id', 'data_source_id', 'import_run_id', 'record_key', 'row_number', 'given_name', 'family_name', 'raw'], lines);
    return tx.selectFrom('source_record').select(['given_name', 'family_name', 'raw']).where('import_run_id', '=', runId).orderBy('row_number').execute();
  });
  assert.deepEqual(names.map((r) => r.given_name), values);
  assert.ok(names.every((r) => r.family_name === null));
  assert.deepEqual(names.map((r) => (r.raw as { value: string }).value), values);
});

test('a COPY that breaks a rule fails the whole transaction and leaves nothing', async () => {
  const db = harness.container.database.db;
  const other = await createCouncil(db, 'COPY2');
  const before = await withTenant(db, council.id, (tx) => sql<{ n: number }>`select count(*)::int as n from data_source`.execute(tx));
  await assert.rejects(
    withTenant(db, council.id, async (tx) => {
      await tx.insertInto('data_source').values({ local_authority_id: council.id, name: 'rolled-back', organisation: 'o', kind: 'k' }).execute();
      // A row for another council: row-level security refuses it.
      await copyRows(tx, 'data_source', ['local_authority_id', 'name', 'organisation', 'kind'], encodeCopyRow([other.id, 'intruder', 'o', 'k']));
    }),
    /row-level security/,
  );
  const after = await withTenant(db, council.id, (tx) => sql<{ n: number }>`select count(*)::int as n from data_source`.execute(tx));
  assert.equal(after.rows[0]?.n, before.rows[0]?.n);
  // The connection is usable afterwards.
  const ok = await withTenant(db, council.id, (tx) => sql<{ one: number }>`select 1 as one`.execute(tx));
  assert.equal(ok.rows[0]?.one, 1);
});

test('copyRows refuses a table or column that is not a plain identifier', async () => {
  await assert.rejects(withTenant(harness.container.database.db, council.id, (tx) => copyRows(tx, 'event; drop table x', ['a'], 'x\n')), /not a plain identifier/);
});
