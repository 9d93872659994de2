// A source record carries the dated event its mapping made of the delivered row (type, dates and
// values), and an import writes only the record. The record's event joins `event`, where
// evaluation, outcomes and the chronology read events, when linkage links the record to a person
// (linkageRepository.writeLinks): an event nobody is linked to could not count for anyone.
// Writing a second row an imported record at import time was half of the server's work on a
// delivery (docs/adr/2026-11-24-imported-events-at-linkage.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table source_record
      add column event_type text,
      add column event_on date,
      add column event_end date,
      add column event_values text,
      add constraint source_record_event_shape check (
        (event_type is null) = (event_on is null)
        and (event_type is not null or (event_end is null and event_values is null))
        and (event_end is null or event_end >= event_on));
    comment on column source_record.event_type is 'The event the mapping made of this row, if any (with event_on, event_end and event_values); it joins event when the record is linked to a person.';
    comment on column source_record.event_values is 'The event''s values as a JSON object written by Hearth; text for the reason raw is text, cast to jsonb when the event joins event.';

    update source_record sr
    set event_type = e.type, event_on = e.occurred_on, event_end = e.ended_on, event_values = e.attributes::text
    from event e
    where e.local_authority_id = sr.local_authority_id and e.source_record_id = sr.id and e.origin = 'import';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The source_record event migration cannot be reversed; restore from a backup instead.');
}
