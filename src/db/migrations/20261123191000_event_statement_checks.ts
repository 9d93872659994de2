// Event → person and event → family checked per statement, like event → source record
// (docs/adr/2026-11-23-import-raw-text-and-event-checks.md). PostgreSQL queues a foreign key's check for
// every inserted row, even one whose key is null: an import's events name no person or family
// until linkage sets them, yet their two foreign keys still cost a tenth of the server's work on a
// delivery. Linkage, which sets the person of every event of a delivery in one update, paid a
// per-row probe and row lock for each.
// One statement-level trigger now checks what each statement wrote, a set-based query a rule:
// the council (as row-level security would, for COPY), the source record (on insert; the key never
// changes after), the person and the family. The errors are a foreign key's (23503) and
// row-level security's (42501). People and families are never deleted; a delete that would orphan
// an event is refused, and their keys never change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table event
      drop constraint event_local_authority_id_person_id_fkey,
      drop constraint event_local_authority_id_family_unit_id_fkey;
    drop trigger event_record_check on event;
    drop function hearth_check_event_records();

    create function hearth_check_event_references() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      missing uuid;
      council constant uuid := hearth_council(); -- read once, not for every row
    begin
      -- One query a rule, each an anti-join. (One query with the rules joined by "or" lets the
      -- planner hash a whole table for every statement.) Rows without a person or family pass the
      -- filter before any lookup.
      if council is not null and exists (select 1 from new_rows where local_authority_id <> council) then
        raise exception 'new row violates row-level security policy for table "event"' using errcode = 'insufficient_privilege', detail = 'Every event must belong to the council of the transaction.';
      end if;
      if tg_op = 'INSERT' then -- the source record never changes after (event_record_fixed)
        select n.source_record_id into missing from new_rows n
        where n.source_record_id is not null
          and not exists (select 1 from source_record r where r.local_authority_id = n.local_authority_id and r.id = n.source_record_id)
        limit 1;
        if found then
          raise exception 'insert on table "event" violates its reference to "source_record"'
            using errcode = 'foreign_key_violation', detail = format('Source record %s does not exist in the event''s council.', missing);
        end if;
      end if;
      select n.person_id into missing from new_rows n
      where n.person_id is not null
        and not exists (select 1 from person p where p.local_authority_id = n.local_authority_id and p.id = n.person_id)
      limit 1;
      if found then
        raise exception '% on table "event" violates its reference to "person"', lower(tg_op)
          using errcode = 'foreign_key_violation', detail = format('Person %s does not exist in the event''s council.', missing);
      end if;
      select n.family_unit_id into missing from new_rows n
      where n.family_unit_id is not null
        and not exists (select 1 from family_unit f where f.local_authority_id = n.local_authority_id and f.id = n.family_unit_id)
      limit 1;
      if found then
        raise exception '% on table "event" violates its reference to "family_unit"', lower(tg_op)
          using errcode = 'foreign_key_violation', detail = format('Family %s does not exist in the event''s council.', missing);
      end if;
      return null;
    end $fn$;
    create trigger event_references_check after insert on event
      referencing new table as new_rows for each statement execute function hearth_check_event_references();
    -- Every update (PostgreSQL allows no column list with transition tables): in practice, linkage
    -- and merges setting the person, and casework setting an end date.
    create trigger event_links_check after update on event
      referencing new table as new_rows for each statement execute function hearth_check_event_references();

    create function hearth_check_unreferenced_by_events() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    begin
      if tg_table_name = 'person' and exists (select 1 from old_rows o join event e on e.local_authority_id = o.local_authority_id and e.person_id = o.id)
        or tg_table_name = 'family_unit' and exists (select 1 from old_rows o join event e on e.local_authority_id = o.local_authority_id and e.family_unit_id = o.id) then
        raise exception 'delete on table "%" would leave events without their %', tg_table_name, case tg_table_name when 'person' then 'person' else 'family' end using errcode = 'foreign_key_violation';
      end if;
      return null;
    end $fn$;
    create trigger person_events_delete_check after delete on person
      referencing old table as old_rows for each statement execute function hearth_check_unreferenced_by_events();
    create trigger family_unit_events_delete_check after delete on family_unit
      referencing old table as old_rows for each statement execute function hearth_check_unreferenced_by_events();
    create trigger person_keys_fixed before update of local_authority_id, id on person
      for each row execute function hearth_keys_never_change();
    create trigger family_unit_keys_fixed before update of local_authority_id, id on family_unit
      for each row execute function hearth_keys_never_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The event statement checks migration cannot be reversed; restore from a backup instead.');
}
