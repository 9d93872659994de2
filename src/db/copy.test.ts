// COPY as repositories use it: the text encoding (table-driven), and a round trip through the
// real driver (PGlite, or the server when DATABASE_URL is set) inside a transaction under
// row-level security, including a failure that must leave nothing behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../test/support/factories.ts';
import { BinaryCopyRows, copyLoads, copyRows, daysSince2000, encodeCopyRow, encodeCopyValue, type CopyColumnType, type CopyValue } from './copy.ts';
import { orderedUuid, orderedUuidBytes, uuidText } from '../platform/ids.ts';
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
    [Uint8Array.from({ length: 16 }, (_, k) => 0xf0 + (k % 16)), 'f0f1f2f3-f4f5-f6f7-f8f9-fafbfcfdfeff'], // a uuid's bytes
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
  assert.deepEqual(names.map((r) => (JSON.parse(r.raw) as { value: string }).value), values);
});

test('copyLoads writes several tables in order, direct and staged, and leaves the transaction in its own role', async () => {
  const db = harness.container.database.db;
  const result = await withTenant(db, council.id, async (tx) => {
    const sourceId = (await tx.insertInto('data_source').values({ local_authority_id: council.id, name: 'copy-loads', organisation: 'o', kind: 'k' }).returning('id').executeTakeFirstOrThrow()).id;
    const runId = (await tx.insertInto('import_run').values({ local_authority_id: council.id, data_source_id: sourceId }).returning('id').executeTakeFirstOrThrow()).id;
    const recordId = orderedUuid();
    await copyLoads(tx, [
      { table: 'source_record', columns: ['local_authority_id', 'id', 'data_source_id', 'import_run_id', 'record_key', 'row_number'], lines: encodeCopyRow([council.id, recordId, sourceId, runId, 'L1', 2]) },
      { table: 'event', columns: ['local_authority_id', 'id', 'type', 'occurred_on', 'source_record_id', 'origin'], lines: encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import']) }, // names the record above
      { table: 'data_source_contact', columns: ['local_authority_id', 'data_source_id', 'role', 'name'], lines: '' }, // nothing: skipped
      { table: 'quarantine_row', columns: ['local_authority_id', 'import_run_id', 'data_source_id', 'row_number', 'raw', 'problems'], lines: encodeCopyRow([council.id, runId, sourceId, 3, '{"a":"b"}', '[]']) },
    ]);
    const counts = await sql<{ records: number; events: number; quarantined: number; role: string }>`
      select (select count(*)::int from source_record where import_run_id = ${runId}) as records,
        (select count(*)::int from event where source_record_id = ${recordId}) as events,
        (select count(*)::int from quarantine_row where import_run_id = ${runId}) as quarantined, current_user as role`.execute(tx);
    return counts.rows[0];
  });
  assert.deepEqual(result, { records: 1, events: 1, quarantined: 1, role: 'hearth_app' });
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

test('BinaryCopyRows writes each type as PostgreSQL reads it, and refuses what a type cannot hold', async () => {
  const db = harness.container.database.db;
  const texts = ['plain', 'tab\there', 'two\nlines', 'back\\slash', '\\N', 'Zoë 🏠', ''];
  const idTexts: string[] = [];
  const rows = await withTenant(db, council.id, async (tx) => {
    const sourceId = (await tx.insertInto('data_source').values({ local_authority_id: council.id, name: 'binary-copy', organisation: 'o', kind: 'k' }).returning('id').executeTakeFirstOrThrow()).id;
    const runId = (await tx.insertInto('import_run').values({ local_authority_id: council.id, data_source_id: sourceId }).returning('id').executeTakeFirstOrThrow()).id;
    const records = new BinaryCopyRows(['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int4', 'text', 'text', 'text'], 16); // tiny: it must grow
    const events = new BinaryCopyRows(['uuid', 'uuid', 'text', 'date', 'date', 'uuid', 'text', 'jsonb']);
    // Ids as text and as bytes (orderedUuidBytes), in turn.
    const ids = texts.map((_, i) => (i % 2 ? orderedUuidBytes() : orderedUuid()));
    texts.forEach((v, i) => {
      records.row([council.id, ids[i] as string | Uint8Array, sourceId, runId, `K${i}`, i === 0 ? 2_147_483_647 : i + 1, v, null, JSON.stringify({ value: v })]);
      events.row([council.id, i % 2 ? orderedUuid() : orderedUuidBytes(), 'school.attendance', i === 0 ? '2000-01-01' : '1969-12-31', i === 0 ? null : '2028-02-29', ids[i] as string | Uint8Array, 'import', JSON.stringify({ value: v, n: i })]);
    });
    idTexts.push(...ids.map((id) => (typeof id === 'string' ? id : uuidText(id))));
    await copyRows(tx, 'source_record', ['local_authority_id', 'id', 'data_source_id', 'import_run_id', 'record_key', 'row_number', 'given_name', 'family_name', 'raw'], records.finish(), 'binary');
    await copyRows(tx, 'event', ['local_authority_id', 'id', 'type', 'occurred_on', 'ended_on', 'source_record_id', 'origin', 'attributes'], events.finish(), 'binary');
    return (
      await sql<{ id: string; row_number: number; given_name: string; family_name: string | null; raw: { value: string }; occurred_on: string; ended_on: string | null; attributes: { value: string; n: number } }>`
        select r.id, r.row_number, r.given_name, r.family_name, r.raw::json as raw, e.occurred_on::text as occurred_on, e.ended_on::text as ended_on, e.attributes
        from source_record r join event e on e.source_record_id = r.id where r.import_run_id = ${runId} order by r.record_key`.execute(tx)
    ).rows;
  });
  assert.deepEqual(rows.map((r) => r.given_name), texts);
  assert.deepEqual(rows.map((r) => r.id), idTexts);
  assert.deepEqual(rows.map((r) => r.raw.value), texts);
  assert.deepEqual(rows.map((r) => r.attributes), texts.map((v, i) => ({ value: v, n: i })));
  assert.ok(rows.every((r) => r.family_name === null));
  assert.equal(rows[0]?.row_number, 2_147_483_647);
  assert.deepEqual([rows[0]?.occurred_on, rows[0]?.ended_on, rows[1]?.occurred_on, rows[1]?.ended_on], ['2000-01-01', null, '1969-12-31', '2028-02-29']);

  const one = (type: CopyColumnType) => new BinaryCopyRows([type]);
  const refusals: Array<[CopyColumnType, CopyValue, RegExp]> = [
    ['uuid', 'not-a-uuid', /is not a uuid/],
    ['uuid', '0193c5a0-0000-7000-8000-00000000000g', /is not a uuid/],
    ['uuid', '0193c5a0-0000-7000-8000-00000000000é', /is not a uuid/],
    ['uuid', '0193c5a000000-7000-8000-000000000001', /is not a uuid/],
    ['uuid', new Uint8Array(15), /15 bytes are not a uuid/],
    ['text', orderedUuidBytes(), /bytes are only for uuid columns/],
    ['int4', 2_147_483_648, /not a 32-bit integer/],
    ['int4', 1.5, /not a 32-bit integer/],
    ['int4', '12', /not a 32-bit integer/],
    ['date', '2025-02-29', /not a yyyy-mm-dd date/],
    ['date', '01/02/2025', /not a yyyy-mm-dd date/],
  ];
  for (const [type, value, error] of refusals) assert.throws(() => one(type).row([value]), error, `${type} ${String(value)}`);
  assert.throws(() => one('text').row(['a', 'b']), /a row of 2 values for 1 columns/);
  assert.equal(one('text').finish().length, 0, 'no rows: nothing to copy');
});

test('daysSince2000 agrees with the calendar, and refuses dates that do not exist', () => {
  for (const iso of ['2000-01-01', '1999-12-31', '1970-01-01', '1900-03-01', '1600-02-29', '2024-02-29', '2026-11-23', '2100-12-31', '0001-01-01']) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(2000, 0, 1));
    day.setUTCFullYear(y, m - 1, d); // unlike Date.UTC, right for years before 100
    assert.equal(daysSince2000(y, m, d), (day.getTime() - Date.UTC(2000, 0, 1)) / 86_400_000, iso);
  }
  for (const [y, m, d] of [[2025, 2, 29], [1900, 2, 29], [2024, 4, 31], [2024, 13, 1], [2024, 0, 10], [2024, 1, 0], [NaN, 1, 1]] as const) assert.equal(daysSince2000(y, m, d), null, `${y}-${m}-${d}`);
  // After a refused row the buffer holds no half row: the next row and the end marker still make valid COPY data.
  const rows = new BinaryCopyRows(['text', 'date']);
  assert.throws(() => rows.row(['kept out', '2025-02-29']), /not a yyyy-mm-dd date/);
  assert.equal(rows.rows, 0);
  assert.equal(rows.finish().length, 0);
});
