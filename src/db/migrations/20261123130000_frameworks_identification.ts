// Outcomes frameworks as versioned data (framework → version → descriptor) and identification:
// evaluation runs with their results per family and per need, and multi-agency panels. A published
// version's descriptors cannot change (trigger), and a finished run's results cannot either.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table framework (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      code text not null,
      name text not null,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, code)
    );
    select hearth_isolate('framework');

    create table framework_version (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      framework_id uuid not null,
      version integer not null,
      status text not null default 'draft' check (status in ('draft', 'published', 'superseded')),
      -- name, description, validity, headlines, family rule, settings and sources (descriptors are rows)
      definition jsonb not null,
      change_note text,
      based_on_version_id uuid,
      created_by uuid,
      created_at timestamptz not null default now(),
      published_by uuid,
      published_at timestamptz,
      primary key (local_authority_id, id),
      unique (local_authority_id, framework_id, version),
      foreign key (local_authority_id, framework_id) references framework(local_authority_id, id)
    );
    create unique index framework_version_one_draft on framework_version (local_authority_id, framework_id) where status = 'draft';
    select hearth_isolate('framework_version');

    create table framework_descriptor (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      version_id uuid not null,
      position integer not null,
      code text not null,
      headline text not null,
      name text not null,
      description text not null default '',
      severity integer not null default 1 check (severity between 1 and 3),
      local boolean not null default false,
      rule jsonb,
      provenance jsonb not null default '{}',
      primary key (local_authority_id, id),
      unique (local_authority_id, version_id, code),
      foreign key (local_authority_id, version_id) references framework_version(local_authority_id, id)
    );
    select hearth_isolate('framework_descriptor');

    -- A published version is frozen: results recorded under it can always be explained by it.
    create function framework_frozen() returns trigger language plpgsql as $fn$
    declare st text; la uuid; vid uuid;
    begin
      if tg_table_name = 'framework_version' then
        if old.status <> 'draft' and (new.definition is distinct from old.definition or new.version <> old.version) then
          raise exception 'framework version % is published and cannot change', old.id;
        end if;
        return new;
      end if;
      if tg_op = 'INSERT' then la := new.local_authority_id; vid := new.version_id; else la := old.local_authority_id; vid := old.version_id; end if;
      select status into st from framework_version where local_authority_id = la and id = vid;
      if st is distinct from 'draft' then
        raise exception 'descriptors of a published framework version cannot change';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $fn$;
    create trigger framework_version_frozen before update on framework_version for each row execute function framework_frozen();
    create trigger framework_descriptor_frozen before insert or update or delete on framework_descriptor for each row execute function framework_frozen();

    create table evaluation_run (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      framework_version_id uuid not null,
      evaluation_date date not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
      job_id uuid,
      requested_by uuid,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      families_evaluated integer not null default 0,
      families_with_needs integer not null default 0,
      eligible integer not null default 0,
      terms jsonb not null default '[]',
      summary jsonb not null default '{}',
      result_hash text,
      error text,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, framework_version_id) references framework_version(local_authority_id, id)
    );
    create index evaluation_run_recent on evaluation_run (local_authority_id, created_at desc);
    select hearth_isolate('evaluation_run');

    -- One row per family unit with at least one need. needs/headlines are distinct codes.
    create table evaluation_family (
      local_authority_id uuid not null references local_authority(id),
      run_id uuid not null,
      family_unit_id uuid not null,
      needs text[] not null,
      headlines text[] not null,
      need_count integer not null,
      headline_count integer not null,
      severity integer not null,
      eligible boolean not null,
      evidence_oldest_on date,
      evidence_latest_on date,
      agencies text[] not null default '{}',
      youngest_child_age integer,
      oldest_child_age integer,
      member_count integer not null,
      trace jsonb,
      primary key (local_authority_id, run_id, family_unit_id),
      foreign key (local_authority_id, run_id) references evaluation_run(local_authority_id, id),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id)
    );
    create index evaluation_family_eligible on evaluation_family (local_authority_id, run_id, eligible, need_count desc);
    create index evaluation_family_family on evaluation_family (local_authority_id, family_unit_id);
    select hearth_isolate('evaluation_family', 'select, insert, delete');

    -- One row per family × person × descriptor met: the need is the person's, shown in each of their families.
    create table evaluation_need (
      local_authority_id uuid not null references local_authority(id),
      id bigint generated always as identity,
      run_id uuid not null,
      family_unit_id uuid not null,
      person_id uuid,
      descriptor text not null,
      headline text not null,
      evidence uuid[] not null,
      evidence_on date not null,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, run_id) references evaluation_run(local_authority_id, id)
    );
    create index evaluation_need_family on evaluation_need (local_authority_id, run_id, family_unit_id);
    select hearth_isolate('evaluation_need', 'select, insert, delete');

    create function evaluation_result_frozen() returns trigger language plpgsql as $fn$
    declare st text;
    begin
      select status into st from evaluation_run where local_authority_id = old.local_authority_id and id = old.run_id;
      if st = 'succeeded' then raise exception 'results of a finished evaluation run cannot change'; end if;
      return old;
    end $fn$;
    create trigger evaluation_family_frozen before update or delete on evaluation_family for each row execute function evaluation_result_frozen();
    create trigger evaluation_need_frozen before update or delete on evaluation_need for each row execute function evaluation_result_frozen();

    create table panel (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      title text not null,
      meets_on date not null,
      status text not null default 'planned' check (status in ('planned', 'held')),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id)
    );
    select hearth_isolate('panel');

    create table panel_attendee (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      panel_id uuid not null,
      name text not null,
      agency text not null,
      role text,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, panel_id) references panel(local_authority_id, id)
    );
    select hearth_isolate('panel_attendee');

    create table panel_family (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      panel_id uuid not null,
      family_unit_id uuid not null,
      run_id uuid not null,
      position integer not null,
      -- the evidence as the panel saw it: needs, people, events, sources, the rule's trace
      evidence jsonb not null,
      decision text check (decision in ('allocate', 'refer_elsewhere', 'no_action', 'more_information')),
      tier text check (tier in ('intensive', 'targeted', 'light_touch')),
      team_id uuid,
      refer_to text,
      reasons text,
      decided_by uuid,
      decided_at timestamptz,
      case_id uuid,
      primary key (local_authority_id, id),
      unique (local_authority_id, panel_id, family_unit_id),
      foreign key (local_authority_id, panel_id) references panel(local_authority_id, id),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id),
      foreign key (local_authority_id, run_id) references evaluation_run(local_authority_id, id),
      foreign key (local_authority_id, team_id) references team(local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index panel_family_family on panel_family (local_authority_id, family_unit_id);
    select hearth_isolate('panel_family');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The frameworks and identification migration cannot be reversed; restore from a backup instead.');
}
