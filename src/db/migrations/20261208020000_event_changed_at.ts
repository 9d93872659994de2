// An event records when it last became or changed as someone's data: linkage putting it with a
// person, a move to another person (merge, split, a reviewer's decision), or a corrected date or
// value. "Check before contact" counts these since an evaluation, not only events created since:
// a correction made after the run changes what the run saw.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table event add column changed_at timestamptz;
    comment on column event.changed_at is 'When the event last became or changed as someone''s data after it was recorded (linked, moved, corrected); null if never.';
    create function hearth_event_changed() returns trigger language plpgsql as $fn$
    begin
      new.changed_at := now();
      return new;
    end $fn$;
    -- "when": an update that sets the same values (a repeated placement) is not a change.
    create trigger event_changed before update of type, occurred_on, ended_on, person_id, family_unit_id, attributes on event
      for each row
      when ((old.type, old.occurred_on, old.ended_on, old.person_id, old.family_unit_id, old.attributes)
        is distinct from (new.type, new.occurred_on, new.ended_on, new.person_id, new.family_unit_id, new.attributes))
      execute function hearth_event_changed();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The event changed_at migration cannot be reversed; restore from a backup instead.');
}
