// The database-backed record linkage (issue 5): per-council thresholds, linkage runs with their
// summary, the review queue of uncertain pairs with reviewers' decisions (respected by every later
// run), why each source record was linked, the households a run found, and the append-only
// history of people merged and split.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Thresholds are match probabilities (0–1); the pages also show them as match weights (bits).
    create table linkage_settings (
      local_authority_id uuid not null references local_authority(id),
      auto_link double precision not null,
      review double precision not null,
      create_family_units boolean not null default false,
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id),
      check (review > 0 and review < auto_link and auto_link < 1)
    );
    select hearth_isolate('linkage_settings');

    create table linkage_run (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      mode text not null check (mode in ('incremental', 'full')),
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
      job_id uuid,
      requested_by uuid,
      auto_link double precision not null,
      review double precision not null,
      rule_version text not null,
      records_total integer not null default 0,
      records_incoming integer not null default 0,
      people_before integer not null default 0,
      people_created integer not null default 0,
      links_written integer not null default 0,
      events_linked integer not null default 0,
      review_pairs integer not null default 0,
      households integer not null default 0,
      family_units_created integer not null default 0,
      by_route jsonb not null default '{}',
      histogram jsonb not null default '[]',
      household_sizes jsonb not null default '{}',
      timings jsonb not null default '{}',
      stats jsonb not null default '{}',
      model jsonb,
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (local_authority_id, id)
    );
    create index linkage_run_recent on linkage_run (local_authority_id, created_at desc);
    select hearth_isolate('linkage_run');

    -- An uncertain pair: a source record against another source record, or against a known
    -- person's own register entry (other_person_id). Decided pairs bind every later run.
    create table review_pair (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      record_id uuid not null,
      other_record_id uuid,
      other_person_id uuid,
      run_id uuid,
      match_weight double precision not null,
      match_probability double precision not null,
      explanation jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'match', 'non_match', 'unsure')),
      decided_by uuid,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, record_id) references source_record(local_authority_id, id),
      foreign key (local_authority_id, other_record_id) references source_record(local_authority_id, id),
      foreign key (local_authority_id, other_person_id) references person(local_authority_id, id),
      foreign key (local_authority_id, run_id) references linkage_run(local_authority_id, id),
      check ((other_record_id is null) <> (other_person_id is null))
    );
    create unique index review_pair_records on review_pair (local_authority_id, record_id, other_record_id) where other_record_id is not null;
    create unique index review_pair_person on review_pair (local_authority_id, record_id, other_person_id) where other_person_id is not null;
    create index review_pair_queue on review_pair (local_authority_id, status, abs(match_weight));
    select hearth_isolate('review_pair');

    -- Why a source record belongs to its person: the record (or register entry) it was linked
    -- through and the field-by-field explanation of that pair's match weight.
    create table link_evidence (
      local_authority_id uuid not null references local_authority(id),
      source_record_id uuid not null,
      run_id uuid,
      partner_record_id uuid,
      partner_person_id uuid,
      explanation jsonb,
      primary key (local_authority_id, source_record_id),
      foreign key (local_authority_id, source_record_id) references source_record(local_authority_id, id)
    );
    select hearth_isolate('link_evidence');

    -- The households the latest run found (address over time, stated relationships).
    create table linkage_household (
      local_authority_id uuid not null references local_authority(id),
      run_id uuid not null,
      person_id uuid not null,
      household integer not null,
      primary key (local_authority_id, person_id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id)
    );
    create index linkage_household_number on linkage_household (local_authority_id, household);
    select hearth_isolate('linkage_household');

    -- People merged and split, never edited: who, when, which records moved, and why.
    create table person_change (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind in ('merge', 'split')),
      person_id uuid not null,
      other_person_id uuid not null,
      source_record_ids uuid[] not null default '{}',
      reason text,
      details jsonb not null default '{}',
      changed_by uuid,
      changed_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      foreign key (local_authority_id, other_person_id) references person(local_authority_id, id)
    );
    create index person_change_person on person_change (local_authority_id, person_id);
    create index person_change_other on person_change (local_authority_id, other_person_id);
    select hearth_isolate('person_change', 'select, insert');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The linkage migration cannot be reversed; restore from a backup instead.');
}
