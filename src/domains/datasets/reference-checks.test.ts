// The set-based reference checks that replace the foreign keys on the import's hot path
// (migrations 20261123180000_import_statement_checks and 20261123191000_event_statement_checks):
// each refusal a foreign key would make, made for a whole statement, through COPY, plain inserts
// and updates, on both database modes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, createFamily, type TestCouncil } from '../../../test/support/factories.ts';
import { copyRows, encodeCopyRow } from '../../db/copy.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { orderedUuid } from '../../platform/ids.ts';

let harness: TestContainer;
let council: TestCouncil;
let other: TestCouncil;
/** A source with one run and one record in `council`, and a source with a run in `other`. */
let sourceId: string;
let runId: string;
let recordId: string;
let otherSourceId: string;
let otherRunId: string;
/** A family of one in `council`, and one in `other`. */
let familyId: string;
let personId: string;
let otherPersonId: string;

async function sourceWithRun(tx: Tx, la: string, name: string): Promise<{ sourceId: string; runId: string }> {
  const s = await tx.insertInto('data_source').values({ local_authority_id: la, name, organisation: 'o', kind: 'k' }).returning('id').executeTakeFirstOrThrow();
  const r = await tx.insertInto('import_run').values({ local_authority_id: la, data_source_id: s.id }).returning('id').executeTakeFirstOrThrow();
  return { sourceId: s.id, runId: r.id };
}

const RECORD_COLUMNS = ['local_authority_id', 'id', 'data_source_id', 'import_run_id', 'record_key', 'row_number'];
const EVENT_COLUMNS = ['local_authority_id', 'id', 'type', 'occurred_on', 'source_record_id', 'origin'];

before(async () => {
  harness = await createTestContainer();
  const db = harness.container.database.db;
  council = await createCouncil(db, 'REF');
  other = await createCouncil(db, 'REF2');
  ({ sourceId, runId } = await withTenant(db, council.id, (tx) => sourceWithRun(tx, council.id, 'ref-source')));
  ({ sourceId: otherSourceId, runId: otherRunId } = await withTenant(db, other.id, (tx) => sourceWithRun(tx, other.id, 'ref-other')));
  const family = await createFamily(db, council, { name: 'Ref', members: [{ given: 'Ada', family: 'Ref', dob: '2010-01-01', role: 'child' }] });
  familyId = family.familyId;
  personId = family.personIds[0]!;
  otherPersonId = (await createFamily(db, other, { name: 'Other', members: [{ given: 'Bo', family: 'Other', dob: '2011-01-01', role: 'child' }] })).personIds[0]!;
  recordId = orderedUuid();
  await withTenant(db, council.id, async (tx) => {
    await copyRows(tx, 'source_record', RECORD_COLUMNS, encodeCopyRow([council.id, recordId, sourceId, runId, 'K1', 2]));
    await copyRows(tx, 'event', EVENT_COLUMNS, encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import']));
  });
});
after(() => harness.close());

async function count(table: 'source_record' | 'event' | 'import_run'): Promise<number> {
  return withTenant(harness.container.database.db, council.id, async (tx) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n);
}

test('valid records and events pass the checks', async () => {
  assert.equal(await count('source_record'), 1);
  assert.equal(await count('event'), 1);
});

test('each broken reference is refused for the whole statement, and nothing of it is kept', async () => {
  const db = harness.container.database.db;
  const unknown = orderedUuid();
  const cases: Array<[string, (tx: Tx) => Promise<unknown>, RegExp]> = [
    ['a record naming a run that does not exist', (tx) => copyRows(tx, 'source_record', RECORD_COLUMNS, encodeCopyRow([council.id, orderedUuid(), sourceId, runId, 'K2', 3]) + encodeCopyRow([council.id, orderedUuid(), sourceId, unknown, 'K3', 4])), /violates its reference to "import_run"/],
    ['a record naming a run of another source', async (tx) => {
      const second = await sourceWithRun(tx, council.id, `ref-second-${orderedUuid()}`);
      await copyRows(tx, 'source_record', RECORD_COLUMNS, encodeCopyRow([council.id, orderedUuid(), sourceId, second.runId, 'K4', 5]));
    }, /violates its reference to "import_run"/],
    ['a record inserted one row at a time', (tx) => tx.insertInto('source_record').values({ local_authority_id: council.id, data_source_id: sourceId, import_run_id: unknown, record_key: 'K5', row_number: 6, raw: '{}' }).execute(), /violates its reference to "import_run"/],
    ['an event naming a record that does not exist', (tx) => copyRows(tx, 'event', EVENT_COLUMNS, encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import']) + encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', unknown, 'import'])), /violates its reference to "source_record"/],
    ['an event naming a person who does not exist', (tx) => tx.insertInto('event').values({ local_authority_id: council.id, type: 'casework.note', occurred_on: '2025-01-06', person_id: unknown, origin: 'casework', attributes: '{}' }).execute(), /insert on table "event" violates its reference to "person"/],
    ['an event naming a family that does not exist', (tx) => copyRows(tx, 'event', [...EVENT_COLUMNS, 'family_unit_id'], encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import', familyId]) + encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import', unknown])), /violates its reference to "family_unit"/],
    ['linking events to a person who does not exist', (tx) => tx.updateTable('event').set({ person_id: unknown }).where('source_record_id', '=', recordId).execute(), /update on table "event" violates its reference to "person"/],
    ['linking events to another council’s person', (tx) => tx.updateTable('event').set({ person_id: otherPersonId }).where('source_record_id', '=', recordId).execute(), /violates its reference to "person"/],
    ['deleting a person who has events', async (tx) => {
      await tx.updateTable('event').set({ person_id: personId }).where('source_record_id', '=', recordId).execute();
      await tx.deleteFrom('membership').where('person_id', '=', personId).execute();
      await tx.deleteFrom('person').where('id', '=', personId).execute();
    }, /would leave events without their person/],
    ['deleting a family that has events', async (tx) => {
      await tx.updateTable('event').set({ family_unit_id: familyId }).where('source_record_id', '=', recordId).execute();
      await tx.deleteFrom('membership').where('family_unit_id', '=', familyId).execute();
      await tx.deleteFrom('family_unit').where('id', '=', familyId).execute();
    }, /would leave events without their family/],
    ['changing a person’s id', (tx) => tx.updateTable('person').set({ id: unknown }).where('id', '=', personId).execute(), /keys of a row in "person" never change/],
    ['deleting a run that has records', (tx) => tx.deleteFrom('import_run').where('id', '=', runId).execute(), /would leave source records without their run/],
    ['deleting a record that has events', (tx) => tx.deleteFrom('source_record').where('id', '=', recordId).execute(), /would leave events without their source record/],
    ['moving a record to another run', (tx) => tx.updateTable('source_record').set({ import_run_id: unknown }).where('id', '=', recordId).execute(), /keys of a row in "source_record" never change/],
    ['moving an event to another record', (tx) => tx.updateTable('event').set({ source_record_id: unknown }).where('source_record_id', '=', recordId).execute(), /keys of a row in "event" never change/],
    ['changing a run’s source', (tx) => tx.updateTable('import_run').set({ data_source_id: sourceId }).where('id', '=', runId).execute(), /keys of a row in "import_run" never change/],
  ];
  for (const [name, work, error] of cases) {
    await assert.rejects(withTenant(db, council.id, work), (e: Error & { code?: string }) => {
      assert.match(e.message, error, name);
      assert.equal(e.code, '23503', name);
      return true;
    });
  }
  assert.equal(await count('source_record'), 1);
  assert.equal(await count('event'), 1);
});

test('another council’s run or record is as unknown as one that does not exist', async () => {
  const db = harness.container.database.db;
  // The row is this council's (row-level security allows it) but names the other council's run.
  await assert.rejects(
    withTenant(db, council.id, (tx) => copyRows(tx, 'source_record', RECORD_COLUMNS, encodeCopyRow([council.id, orderedUuid(), otherSourceId, otherRunId, 'X1', 2]))),
    /violates its reference to "import_run"/,
  );
  await assert.rejects(
    withTenant(db, other.id, (tx) => copyRows(tx, 'event', EVENT_COLUMNS, encodeCopyRow([other.id, orderedUuid(), 'school.attendance', '2025-01-06', recordId, 'import']))),
    /violates its reference to "source_record"/,
  );
});

test('updates that leave the keys alone pass', async () => {
  const db = harness.container.database.db;
  await withTenant(db, council.id, async (tx) => {
    await tx.updateTable('import_run').set({ status: 'succeeded', rows_total: 1 }).where('id', '=', runId).execute();
    await tx.updateTable('source_record').set({ given_name: 'Corrected' }).where('id', '=', recordId).execute();
    await tx.updateTable('event').set({ ended_on: '2025-02-01' }).where('source_record_id', '=', recordId).execute();
    await tx.updateTable('event').set({ person_id: personId, family_unit_id: familyId }).where('source_record_id', '=', recordId).execute(); // linkage
    await tx.insertInto('event').values({ local_authority_id: council.id, type: 'casework.note', occurred_on: '2025-01-06', person_id: personId, family_unit_id: familyId, origin: 'casework', attributes: '{}' }).execute();
  });
  const row = await withTenant(db, council.id, (tx) => tx.selectFrom('source_record').select('given_name').where('id', '=', recordId).executeTakeFirstOrThrow());
  assert.equal(row.given_name, 'Corrected');
  const linked = await withTenant(db, council.id, (tx) => sql<{ n: number }>`select count(*)::int as n from event where person_id = ${personId} and family_unit_id = ${familyId}`.execute(tx));
  assert.equal(linked.rows[0]!.n, 2);
});

test('a COPY of another council’s records or events is refused, as row-level security refuses an insert', async () => {
  const db = harness.container.database.db;
  await assert.rejects(
    withTenant(db, council.id, (tx) => copyRows(tx, 'source_record', RECORD_COLUMNS, encodeCopyRow([other.id, orderedUuid(), otherSourceId, otherRunId, 'X2', 2]))),
    (e: Error & { code?: string }) => /row-level security policy for table "source_record"/.test(e.message) && e.code === '42501',
  );
  await assert.rejects(
    withTenant(db, council.id, (tx) => copyRows(tx, 'event', EVENT_COLUMNS, encodeCopyRow([other.id, orderedUuid(), 'school.attendance', '2025-01-06', null, 'casework']))),
    (e: Error & { code?: string }) => /row-level security policy for table "event"/.test(e.message) && e.code === '42501',
  );
  // After the COPY the transaction is back in the application role: row-level security applies again.
  const role = await withTenant(db, council.id, async (tx) => {
    await copyRows(tx, 'event', EVENT_COLUMNS, encodeCopyRow([council.id, orderedUuid(), 'school.attendance', '2025-01-07', recordId, 'import']));
    return (await sql<{ role: string }>`select current_user as role`.execute(tx)).rows[0]!.role;
  });
  assert.equal(role, 'hearth_app');
});
