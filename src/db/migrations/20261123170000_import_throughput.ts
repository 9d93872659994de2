// Import throughput (docs/adr/2026-11-23-import-throughput.md). A delivery writes a source record
// and an event per row, so every per-row check counts. This removes the checks that another one
// already implies and keeps every relationship enforced:
// - source_record: one composite foreign key to its import run (which carries council and source)
//   instead of three (council, source, run); the run's own keys already tie it to both.
// - event: no separate foreign key to the council. Its person, family and source record keys each
//   carry the council, and row-level security pins every row to the council of the transaction.
// - event_person and event_family cover only events linked to a person or a family. Imported events
//   have neither until linkage sets them, so an import no longer writes those two indexes; every
//   query on them names a person or family, which implies the predicate.
// - source_record.raw (the delivered row, kept for audit and correction) is json, not jsonb: it is
//   written once per row and read whole, so checking it is valid JSON is enough; building jsonb's
//   binary form for every row cost more than any other column. ->> still reads single values.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unique index import_run_key_with_source on import_run (local_authority_id, id, data_source_id);
    alter table source_record
      drop constraint source_record_local_authority_id_fkey,
      drop constraint source_record_local_authority_id_data_source_id_fkey,
      drop constraint source_record_local_authority_id_import_run_id_fkey,
      add constraint source_record_run_fkey foreign key (local_authority_id, import_run_id, data_source_id) references import_run (local_authority_id, id, data_source_id);
    alter table source_record alter column raw drop default, alter column raw type json using raw::json, alter column raw set default '{}';
    alter table event drop constraint event_local_authority_id_fkey;
    drop index event_person;
    drop index event_family;
    create index event_person on event (local_authority_id, person_id, type, occurred_on) where person_id is not null;
    create index event_family on event (local_authority_id, family_unit_id, type, occurred_on) where family_unit_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The import throughput migration cannot be reversed; restore from a backup instead.');
}
