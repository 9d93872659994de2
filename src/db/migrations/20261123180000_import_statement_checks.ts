// Set-based reference checks for the two tables an import fills a row at a time
// (docs/adr/2026-11-23-import-statement-checks.md). A foreign key checks each inserted row with its
// own index probe and row lock; for a delivery's million rows those probes cost PostgreSQL more than
// storing the rows. The two hot references become statement-level triggers that check every row a
// statement wrote in one join, with the same error (foreign_key_violation, 23503):
// - source_record → import_run (council, run, source): each record belongs to a run of its source;
// - event → source_record (council, record): each imported event comes from a delivered record.
// The parent side is guarded too: a run or record that something refers to cannot be deleted, and
// the keys on either side never change (Hearth never deletes either; these make it impossible).
// The same checks pin every row to the council set on the transaction, as row-level security does:
// an import COPYs these two tables directly (src/db/copy.ts), and PostgreSQL allows COPY into a
// table only for a role that row-level security does not apply to.
// source_record's two lookup indexes, (source, record key) and (run), become one, (run, record key):
// every query finds records by run, or by key within a run.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index source_record_source_key;
    drop index source_record_run;
    create index source_record_run_key on source_record (local_authority_id, import_run_id, record_key);
    alter table source_record drop constraint source_record_run_fkey;
    alter table event drop constraint event_local_authority_id_source_record_id_fkey;

    -- The council of the transaction, if one is set (work for a council always sets one).
    create function hearth_council() returns uuid language sql stable as $$ select nullif(current_setting('app.local_authority_id', true), '')::uuid $$;

    -- Security definer: the checks must see every row they refer to, whoever inserts.
    create function hearth_check_record_runs() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      missing record;
      council constant uuid := hearth_council(); -- read once, not for every row
    begin
      if council is not null and exists (select 1 from new_rows where local_authority_id <> council) then
        raise exception 'new row violates row-level security policy for table "source_record"' using errcode = 'insufficient_privilege', detail = 'Every record must belong to the council of the transaction.';
      end if;
      select n.import_run_id, n.row_number into missing from new_rows n
      where not exists (select 1 from import_run r where r.local_authority_id = n.local_authority_id and r.id = n.import_run_id and r.data_source_id = n.data_source_id)
      limit 1;
      if found then
        raise exception 'insert on table "source_record" violates its reference to "import_run"'
          using errcode = 'foreign_key_violation', detail = format('Row %s names run %s, which is not a run of its source in its council.', missing.row_number, missing.import_run_id);
      end if;
      return null;
    end $fn$;
    create trigger source_record_run_check after insert on source_record
      referencing new table as new_rows for each statement execute function hearth_check_record_runs();

    create function hearth_check_event_records() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      missing uuid;
      council constant uuid := hearth_council();
    begin
      if council is not null and exists (select 1 from new_rows where local_authority_id <> council) then
        raise exception 'new row violates row-level security policy for table "event"' using errcode = 'insufficient_privilege', detail = 'Every event must belong to the council of the transaction.';
      end if;
      select n.source_record_id into missing from new_rows n
      where n.source_record_id is not null
        and not exists (select 1 from source_record r where r.local_authority_id = n.local_authority_id and r.id = n.source_record_id)
      limit 1;
      if found then
        raise exception 'insert on table "event" violates its reference to "source_record"'
          using errcode = 'foreign_key_violation', detail = format('Source record %s does not exist in the event''s council.', missing);
      end if;
      return null;
    end $fn$;
    create trigger event_record_check after insert on event
      referencing new table as new_rows for each statement execute function hearth_check_event_records();

    create function hearth_check_run_unreferenced() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    begin
      if exists (select 1 from old_rows o join source_record r on r.local_authority_id = o.local_authority_id and r.import_run_id = o.id) then
        raise exception 'delete on table "import_run" would leave source records without their run' using errcode = 'foreign_key_violation';
      end if;
      return null;
    end $fn$;
    create trigger import_run_delete_check after delete on import_run
      referencing old table as old_rows for each statement execute function hearth_check_run_unreferenced();

    create function hearth_check_record_unreferenced() returns trigger language plpgsql security definer set search_path = public, pg_temp as $fn$
    begin
      if exists (select 1 from old_rows o join event e on e.local_authority_id = o.local_authority_id and e.source_record_id = o.id) then
        raise exception 'delete on table "source_record" would leave events without their source record' using errcode = 'foreign_key_violation';
      end if;
      return null;
    end $fn$;
    create trigger source_record_delete_check after delete on source_record
      referencing old table as old_rows for each statement execute function hearth_check_record_unreferenced();

    -- The keys these references use never change. "update of" columns: the trigger fires only for an
    -- update that sets one of them, so everyday updates (a run finishing, linkage setting an event's
    -- person) pay nothing.
    create function hearth_keys_never_change() returns trigger language plpgsql as $fn$
    begin
      raise exception 'the keys of a row in "%" never change', tg_table_name using errcode = 'foreign_key_violation';
    end $fn$;
    create trigger import_run_keys_fixed before update of local_authority_id, id, data_source_id on import_run
      for each row execute function hearth_keys_never_change();
    create trigger source_record_keys_fixed before update of local_authority_id, id, import_run_id, data_source_id on source_record
      for each row execute function hearth_keys_never_change();
    create trigger event_record_fixed before update of local_authority_id, source_record_id on event
      for each row execute function hearth_keys_never_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The import statement checks migration cannot be reversed; restore from a backup instead.');
}
