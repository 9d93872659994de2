// The shared core of "find" and "prove": partner data sources, their import runs, one row per
// source record, the link from a source record to a person, and dated events about people and
// families. Domains extend these tables in their own migrations; the shapes here are the contract.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table data_source (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      organisation text not null,
      kind text not null,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, name)
    );
    select hearth_isolate('data_source');

    create table import_run (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      status text not null default 'pending' check (status in ('pending', 'running', 'succeeded', 'failed', 'duplicate')),
      file_name text,
      file_sha256 text,
      rows_total integer not null default 0,
      rows_accepted integer not null default 0,
      rows_rejected integer not null default 0,
      started_at timestamptz,
      finished_at timestamptz,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id)
    );
    select hearth_isolate('import_run');

    -- One row of one delivery, in canonical identity form (date_of_birth may be partial: yyyy, yyyy-mm).
    create table source_record (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      import_run_id uuid not null,
      record_key text not null,
      row_number integer not null,
      given_name text,
      family_name text,
      date_of_birth text,
      sex text,
      address text,
      postcode text,
      uprn text,
      nhs_number text,
      upn text,
      ni_number text,
      raw jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id),
      foreign key (local_authority_id, import_run_id) references import_run(local_authority_id, id)
    );
    create index source_record_source_key on source_record (local_authority_id, data_source_id, record_key);
    create index source_record_run on source_record (local_authority_id, import_run_id);
    select hearth_isolate('source_record');

    -- Which person a source record belongs to, how that was decided, and by whom.
    create table person_link (
      local_authority_id uuid not null references local_authority(id),
      source_record_id uuid not null,
      person_id uuid not null,
      route text not null,
      match_weight double precision,
      rule_version text not null,
      decided_by uuid,
      decided_at timestamptz not null default now(),
      primary key (local_authority_id, source_record_id),
      foreign key (local_authority_id, source_record_id) references source_record(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id)
    );
    create index person_link_person on person_link (local_authority_id, person_id);
    select hearth_isolate('person_link');

    -- A dated fact about a person or a family, from a source record or from case work.
    -- type is canonical (see docs/synth.md, e.g. school.attendance, police.asb_incident);
    -- attributes hold the type's values (e.g. {"term": "2025-autumn", "sessions_possible": 120, "sessions_missed": 18}).
    create table event (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      type text not null,
      occurred_on date not null,
      ended_on date,
      person_id uuid,
      family_unit_id uuid,
      source_record_id uuid,
      origin text not null check (origin in ('import', 'casework')),
      attributes jsonb not null default '{}',
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id),
      foreign key (local_authority_id, source_record_id) references source_record(local_authority_id, id),
      check (ended_on is null or ended_on >= occurred_on)
    );
    create index event_person on event (local_authority_id, person_id, type, occurred_on);
    create index event_family on event (local_authority_id, family_unit_id, type, occurred_on);
    create index event_source_record on event (local_authority_id, source_record_id);
    select hearth_isolate('event');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The core model migration cannot be reversed; restore from a backup instead.');
}
