// Foundation schema: councils, teams, users, sessions, people, family units, memberships, cases,
// audit and the job queue. Every tenant table carries local_authority_id in its keys (so it can be
// distributed by Citus unchanged) and is isolated by row-level security through hearth_isolate().
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      create role hearth_app nologin;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);
  await sql`grant usage on schema public to hearth_app`.execute(db);
  await sql`
    do $$ begin
      execute format('grant hearth_app to %I', current_user);
    exception when others then null; -- superusers need no membership
    end $$;
  `.execute(db);

  // Isolate a tenant table: rows are visible and writable only for the council set on the transaction.
  await sql`
    create or replace function hearth_isolate(tbl regclass, privileges text default 'select, insert, update, delete')
    returns void language plpgsql as $fn$
    begin
      execute format('alter table %s enable row level security', tbl);
      execute format('alter table %s force row level security', tbl);
      execute format('drop policy if exists tenant_isolation on %s', tbl);
      execute format($p$create policy tenant_isolation on %s
        using (local_authority_id = nullif(current_setting('app.local_authority_id', true), '')::uuid)
        with check (local_authority_id = nullif(current_setting('app.local_authority_id', true), '')::uuid)$p$, tbl);
      execute format('grant %s on %s to hearth_app', privileges, tbl);
    end $fn$;
  `.execute(db);

  await sql`
    create table local_authority (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );
    alter table local_authority enable row level security;
    alter table local_authority force row level security;
    create policy own_council on local_authority
      using (id = nullif(current_setting('app.local_authority_id', true), '')::uuid);
    grant select on local_authority to hearth_app;

    create table team (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      caseload_guidance_min integer not null default 5,
      caseload_guidance_max integer not null default 10,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, name),
      check (caseload_guidance_min >= 0 and caseload_guidance_max >= caseload_guidance_min)
    );
    select hearth_isolate('team');

    create table app_user (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      email text not null,
      display_name text not null,
      role text not null,
      team_id uuid,
      organisation text,
      password_hash text,
      oidc_subject text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, team_id) references team(local_authority_id, id),
      check (email = lower(email))
    );
    create unique index app_user_email on app_user (email);
    create unique index app_user_oidc on app_user (oidc_subject) where oidc_subject is not null;
    select hearth_isolate('app_user');

    create table user_session (
      local_authority_id uuid not null references local_authority(id),
      id text not null,
      user_id uuid not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, user_id) references app_user(local_authority_id, id)
    );
    create unique index user_session_id on user_session (id);
    select hearth_isolate('user_session');

    create table person (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      given_name text not null,
      family_name text not null,
      date_of_birth date,
      sex text check (sex in ('M', 'F', 'X')),
      nhs_number text,
      upn text,
      ni_number text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id)
    );
    create index person_name on person (local_authority_id, lower(family_name), lower(given_name));
    select hearth_isolate('person');

    create table family_unit (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      reference text not null,
      name text not null,
      locality text,
      address text,
      postcode text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, reference)
    );
    select hearth_isolate('family_unit');

    create table membership (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      family_unit_id uuid not null,
      person_id uuid not null,
      role text not null check (role in ('parent', 'carer', 'child', 'other_adult', 'expected_child')),
      from_date date not null,
      to_date date,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      check (to_date is null or to_date >= from_date)
    );
    create index membership_family on membership (local_authority_id, family_unit_id);
    create index membership_person on membership (local_authority_id, person_id);
    select hearth_isolate('membership');

    create table support_case (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      reference text not null,
      family_unit_id uuid not null,
      team_id uuid not null,
      keyworker_id uuid,
      status text not null check (status in ('awaiting_allocation', 'open', 'closed')),
      tier text not null default 'intensive' check (tier in ('intensive', 'targeted', 'light_touch')),
      opened_on date not null,
      closed_on date,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, reference),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id),
      foreign key (local_authority_id, team_id) references team(local_authority_id, id),
      foreign key (local_authority_id, keyworker_id) references app_user(local_authority_id, id)
    );
    create index support_case_keyworker on support_case (local_authority_id, keyworker_id) where status <> 'closed';
    create index support_case_family on support_case (local_authority_id, family_unit_id);
    select hearth_isolate('support_case');

    create table case_history (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      kind text not null check (kind in ('status', 'allocation')),
      from_value text,
      to_value text,
      note text,
      changed_by uuid,
      changed_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index case_history_case on case_history (local_authority_id, case_id, changed_at);
    select hearth_isolate('case_history');

    create table taf_member (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      user_id uuid,
      name text not null,
      agency text not null,
      role text not null,
      from_date date not null,
      to_date date,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, user_id) references app_user(local_authority_id, id)
    );
    create index taf_member_user on taf_member (local_authority_id, user_id);
    select hearth_isolate('taf_member');

    create table audit_event (
      local_authority_id uuid not null references local_authority(id),
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor_id uuid,
      actor_name text not null,
      action text not null,
      subject_type text not null,
      subject_id text,
      correlation_id text not null,
      details jsonb not null default '{}',
      primary key (local_authority_id, id)
    );
    create index audit_event_at on audit_event (local_authority_id, at desc);
    create index audit_event_subject on audit_event (local_authority_id, subject_type, subject_id);
    select hearth_isolate('audit_event', 'select, insert');

    -- Append-only, whoever asks: even the owner role cannot change or remove an audit event.
    create function audit_event_append_only() returns trigger language plpgsql as $fn$
    begin
      raise exception 'audit_event is append-only';
    end $fn$;
    create trigger audit_event_no_change before update or delete or truncate on audit_event
      for each statement execute function audit_event_append_only();

    create table job (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      payload jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
      progress_done bigint not null default 0,
      progress_total bigint not null default 0,
      message text,
      result jsonb,
      error text,
      attempts integer not null default 0,
      max_attempts integer not null default 3,
      run_after timestamptz not null default now(),
      locked_at timestamptz,
      created_by uuid,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (local_authority_id, id)
    );
    create index job_ready on job (run_after) where status = 'queued';
    select hearth_isolate('job');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reversed; restore from a backup instead.');
}
