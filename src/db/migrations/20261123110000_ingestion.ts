// Partner data ingestion (issue 4): data sources get contacts and an expected delivery frequency;
// data-sharing agreements, versioned mappings, quarantined rows, audited corrections and API tokens.
// import_run gains what a run needs to be explained later (mapping, agreement, origin, error, job).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table data_source
      add column description text,
      add column expected_frequency text not null default 'monthly'
        check (expected_frequency in ('daily', 'weekly', 'fortnightly', 'monthly', 'termly', 'quarterly', 'annually', 'ad_hoc')),
      add column updated_at timestamptz not null default now();

    -- Named contacts, held by role so a source outlives the people who run it.
    create table data_source_contact (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      role text not null,
      name text,
      email text,
      phone text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id) on delete cascade
    );
    create index data_source_contact_source on data_source_contact (local_authority_id, data_source_id);
    select hearth_isolate('data_source_contact');

    create table sharing_agreement (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      reference text not null,
      parties text not null,
      purposes text not null,
      lawful_basis text not null,
      data_items text not null,
      start_date date not null,
      review_date date not null,
      end_date date,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id),
      check (end_date is null or end_date >= start_date),
      check (review_date >= start_date)
    );
    create index sharing_agreement_source on sharing_agreement (local_authority_id, data_source_id, start_date);
    select hearth_isolate('sharing_agreement');

    create table source_mapping (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      version integer not null,
      spec jsonb not null,
      note text,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, data_source_id, version),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id)
    );
    select hearth_isolate('source_mapping', 'select, insert');

    alter table import_run
      add column mapping_id uuid,
      add column agreement_id uuid,
      add column origin text not null default 'browser' check (origin in ('browser', 'cli', 'api', 'demo')),
      add column file_size bigint,
      add column error text,
      add column duplicate_of uuid,
      add column job_id uuid,
      add constraint import_run_mapping_fk foreign key (local_authority_id, mapping_id) references source_mapping(local_authority_id, id),
      add constraint import_run_agreement_fk foreign key (local_authority_id, agreement_id) references sharing_agreement(local_authority_id, id);
    -- The same file lands once per source: a second delivery of it is recorded as 'duplicate'.
    create unique index import_run_file_once on import_run (local_authority_id, data_source_id, file_sha256) where status = 'succeeded';
    create index import_run_source on import_run (local_authority_id, data_source_id, created_at);

    -- Rows a run rejected, with every problem found (column, field, code, message), until corrected.
    create table quarantine_row (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      import_run_id uuid not null,
      data_source_id uuid not null,
      row_number integer not null,
      raw jsonb not null,
      problems jsonb not null,
      status text not null default 'open' check (status in ('open', 'corrected', 'dismissed')),
      source_record_id uuid,
      resolved_by uuid,
      resolved_at timestamptz,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, import_run_id) references import_run(local_authority_id, id),
      foreign key (local_authority_id, data_source_id) references data_source(local_authority_id, id),
      foreign key (local_authority_id, source_record_id) references source_record(local_authority_id, id)
    );
    create index quarantine_row_run on quarantine_row (local_authority_id, import_run_id, row_number);
    select hearth_isolate('quarantine_row');

    -- Every correction a person makes to delivered data: append-only.
    create table data_correction (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      data_source_id uuid not null,
      import_run_id uuid not null,
      quarantine_row_id uuid,
      source_record_id uuid,
      column_name text not null,
      old_value text,
      new_value text,
      reason text not null,
      corrected_by uuid,
      corrected_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, import_run_id) references import_run(local_authority_id, id),
      foreign key (local_authority_id, quarantine_row_id) references quarantine_row(local_authority_id, id),
      foreign key (local_authority_id, source_record_id) references source_record(local_authority_id, id)
    );
    create index data_correction_run on data_correction (local_authority_id, import_run_id);
    create index data_correction_record on data_correction (local_authority_id, source_record_id);
    select hearth_isolate('data_correction', 'select, insert');

    -- Bearer tokens for the deliveries API: only a SHA-256 of the token is kept.
    create table api_token (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      token_hash text not null,
      token_prefix text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (local_authority_id, id)
    );
    create unique index api_token_hash on api_token (token_hash, local_authority_id);
    select hearth_isolate('api_token');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The ingestion migration cannot be reversed; restore from a backup instead.');
}
