// Prove: claim schemes and payment rates per framework version (national reference data with
// provenance), council settings for outcomes and claims, unit costs, claim batches with frozen
// evidence (append-only items, keys that make double counting impossible, reversals as new rows),
// audit samples, and records of returns and extracts.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- National reference data: how a framework version pays. Not per council, read by every council.
    create table claim_scheme (
      framework_code text not null,
      version text not null,
      name text not null,
      rules jsonb not null,
      provenance jsonb not null default '{}',
      note text,
      primary key (framework_code, version)
    );
    grant select on claim_scheme to hearth_app;

    create table payment_rate (
      framework_code text not null,
      version text not null,
      year_label text not null,
      applies_from date not null,
      applies_to date not null,
      attachment_fee_pence integer not null check (attachment_fee_pence >= 0),
      result_pence integer not null check (result_pence >= 0),
      employment_result_pence integer check (employment_result_pence >= 0),
      provenance_status text not null check (provenance_status in ('confirmed', 'third_party', 'recalled', 'default', 'local')),
      provenance text not null,
      note text,
      primary key (framework_code, version, year_label),
      foreign key (framework_code, version) references claim_scheme(framework_code, version),
      check (applies_to >= applies_from)
    );
    grant select on payment_rate to hearth_app;

    create table prove_setting (
      local_authority_id uuid not null references local_authority(id),
      claims_enabled boolean not null default true,
      framework_code text not null default 'sf2022',
      framework_version text not null default '2022-10',
      programme_cost_per_family_pence integer check (programme_cost_per_family_pence >= 0),
      programme_cost_source text,
      cost_data_from date,
      pseudonymisation_key text,
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id)
    );
    select hearth_isolate('prove_setting', 'select, insert, update');

    create table unit_cost (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      event_type text not null,
      agency text not null,
      category text not null check (category in ('intervention', 'incident', 'unclassified')),
      unit_cost_pence integer not null check (unit_cost_pence >= 0),
      unit text not null default 'per event',
      source text not null,
      price_year text not null,
      illustrative boolean not null default false,
      note text,
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, event_type)
    );
    select hearth_isolate('unit_cost');

    create table claim_batch (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      reference text not null,
      framework_code text not null,
      framework_version text not null,
      as_of date not null,
      status text not null default 'building' check (status in ('building', 'built', 'approved', 'locked', 'discarded', 'failed')),
      job_id uuid,
      rules_snapshot jsonb not null,
      summary jsonb not null default '{}',
      built_by uuid not null,
      built_at timestamptz,
      approved_by uuid,
      approved_at timestamptz,
      locked_by uuid,
      locked_at timestamptz,
      note text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, reference),
      foreign key (local_authority_id, built_by) references app_user(local_authority_id, id),
      foreign key (local_authority_id, approved_by) references app_user(local_authority_id, id),
      foreign key (local_authority_id, locked_by) references app_user(local_authority_id, id),
      -- The person who built a batch may not approve it.
      check (approved_by is null or approved_by <> built_by)
    );
    select hearth_isolate('claim_batch', 'select, insert, update');

    -- A locked or discarded batch never changes again, whoever asks.
    create function claim_batch_frozen() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then raise exception 'claim batches are never deleted'; end if;
      if old.status in ('locked', 'discarded') then raise exception 'claim batch % is %: it cannot change', old.reference, old.status; end if;
      return new;
    end $fn$;
    create trigger claim_batch_no_change before update or delete on claim_batch
      for each row execute function claim_batch_frozen();

    -- One row per family decision in a batch, with its evidence snapshot. Append-only.
    create table claim_item (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      batch_id uuid not null,
      family_unit_id uuid not null,
      case_id uuid,
      kind text not null check (kind in ('attachment', 'result')),
      route text,
      claimable boolean not null,
      amount_pence integer not null default 0,
      reasons jsonb not null default '[]',
      outcome_keys text[] not null default '{}',
      snapshot jsonb not null,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, batch_id) references claim_batch(local_authority_id, id),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id)
    );
    create index claim_item_batch on claim_item (local_authority_id, batch_id, claimable);
    create index claim_item_family on claim_item (local_authority_id, family_unit_id);
    select hearth_isolate('claim_item', 'select, insert');

    create function prove_append_only() returns trigger language plpgsql as $fn$
    begin
      raise exception '% is append-only', tg_table_name;
    end $fn$;
    create trigger claim_item_no_change before update or delete on claim_item
      for each row execute function prove_append_only();

    -- Person + outcome + scheme period, once per council, written when a batch is locked: the
    -- database itself refuses a second claim for the same outcome.
    create table claim_key (
      local_authority_id uuid not null references local_authority(id),
      key text not null,
      claim_item_id uuid not null,
      batch_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, key),
      foreign key (local_authority_id, claim_item_id) references claim_item(local_authority_id, id)
    );
    select hearth_isolate('claim_key', 'select, insert');
    create trigger claim_key_no_change before update or delete on claim_key
      for each row execute function prove_append_only();

    create table claim_reversal (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      claim_item_id uuid not null,
      batch_id uuid not null,
      amount_pence integer not null,
      reason text not null,
      audit_sample_item_id uuid,
      recorded_by uuid not null,
      recorded_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, claim_item_id),
      foreign key (local_authority_id, claim_item_id) references claim_item(local_authority_id, id)
    );
    select hearth_isolate('claim_reversal', 'select, insert');
    create trigger claim_reversal_no_change before update or delete on claim_reversal
      for each row execute function prove_append_only();

    create table audit_sample (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      batch_id uuid not null,
      seed text not null,
      percent integer not null,
      minimum integer not null,
      population integer not null,
      size integer not null,
      checklist jsonb not null,
      drawn_by uuid not null,
      drawn_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, batch_id) references claim_batch(local_authority_id, id)
    );
    select hearth_isolate('audit_sample', 'select, insert');

    create table audit_sample_item (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      sample_id uuid not null,
      claim_item_id uuid not null,
      position integer not null,
      answers jsonb not null default '{}',
      finding text,
      result text not null default 'pending' check (result in ('pending', 'passed', 'failed')),
      reviewed_by uuid,
      reviewed_at timestamptz,
      primary key (local_authority_id, id),
      unique (local_authority_id, sample_id, claim_item_id),
      foreign key (local_authority_id, sample_id) references audit_sample(local_authority_id, id),
      foreign key (local_authority_id, claim_item_id) references claim_item(local_authority_id, id)
    );
    select hearth_isolate('audit_sample_item', 'select, insert, update');

    create table return_run (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind in ('quarterly_progress')),
      period_start date not null,
      period_end date not null,
      framework_code text not null,
      figures jsonb not null,
      validation jsonb not null,
      file_sha256 text not null,
      generated_by uuid not null,
      generated_at timestamptz not null default now(),
      submitted_by uuid,
      submitted_at timestamptz,
      submission_note text,
      primary key (local_authority_id, id)
    );
    create index return_run_period on return_run (local_authority_id, kind, period_start);
    select hearth_isolate('return_run', 'select, insert, update');

    create table extract_run (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      kind text not null check (kind in ('national_evaluation')),
      as_of date not null,
      programme_people integer not null,
      comparison_people integer not null,
      key_fingerprint text not null,
      file_sha256 text not null,
      generated_by uuid not null,
      generated_at timestamptz not null default now(),
      primary key (local_authority_id, id)
    );
    select hearth_isolate('extract_run', 'select, insert');
  `.execute(db);

  await seedSchemes(db);
}

// The figures and their sources: research/standards.md §2.2 (2012-15), §2.3 (2015-20), §2.5 (2022-25).
async function seedSchemes(db: Kysely<unknown>): Promise<void> {
  const schemes = [
    {
      code: 'tf2012',
      version: '2012-03',
      name: 'Troubled Families 2012 to 2015 (Financial Framework)',
      rules: {
        period: { from: '2012-04-01', to: '2015-05-31' },
        eligibility: { minNeeds: 3, countBy: 'headline', requireDependentChild: false, minNational: 2 },
        routes: ['every_need', 'continuous_employment'],
        sustainment: { months: 6, from: 'outcome' },
        continuousEmployment: { weeks: 13 },
        attachmentFee: true,
      },
      provenance: {
        period: 'standards.md §2.1: April 2012 to May 2015 [C]',
        eligibility: 'standards.md §2.2: all three national criteria, or two plus the local one [R for the rule]',
        routes: 'standards.md §2.2: crime/ASB and education result; continuous employment [C]',
        sustainment: 'standards.md §2.2: results measured over the last 6 months [C]; held as 6 months from the outcome',
        continuousEmployment: 'standards.md §2.2: LGIU "continuous employment for three months" [C-3P]; 13 weeks JSA / 26 ESA recalled [R]',
      },
      note: 'Phase 1 results also included "progress to work" (£100); not modelled as a separate route.',
    },
    {
      code: 'tf2015',
      version: '2015-03',
      name: 'Expanded Troubled Families 2015 to 2020',
      rules: {
        period: { from: '2015-04-01', to: '2022-03-31' },
        eligibility: { minNeeds: 2, countBy: 'headline', requireDependentChild: true },
        routes: ['every_need', 'continuous_employment'],
        sustainment: { months: 6, from: 'outcome' },
        continuousEmployment: { weeks: 26 },
        attachmentFee: true,
      },
      provenance: {
        period: 'standards.md §2.1 and §2.4: 2015-20, extended to 2021-22 with the same routes [C]',
        eligibility: 'standards.md §2.3: at least two of six headline problems [C]',
        routes: 'standards.md §2.3: significant and sustained progress, or continuous employment [C-3P]',
        sustainment: 'standards.md §2.3: "sustained" per the local outcome plan; 6 months is a Hearth default [default]',
        continuousEmployment: 'standards.md §2.3: 26 weeks in the last 30 for JSA, 13 for ESA/IS [R]; held as 26 weeks',
      },
      note: 'A local Troubled Families Outcome Plan defined "significant and sustained progress"; councils change the sustainment here.',
    },
    {
      code: 'sf2022',
      version: '2022-10',
      name: 'Supporting Families 2022 to 2025',
      rules: {
        period: { from: '2022-04-01', to: '2026-03-31' },
        eligibility: { minNeeds: 3, countBy: 'need', requireDependentChild: true },
        routes: ['every_need'],
        sustainment: { months: 6, from: 'closure' },
        attachmentFee: false,
      },
      provenance: {
        period: 'standards.md §2.1: 1 April 2022 to 31 March 2025 [C]; held to March 2026 so claims after the last closures can still be judged',
        eligibility: 'standards.md §2.5: dependent children or expectant parents and at least three needs [C]',
        routes: 'standards.md §2.5: outcomes against each and every identified need; continuous employment removed [C-3P]',
        sustainment: 'standards.md §2.5: sustained for at least six months after closure [C-3P Hertfordshire]',
      },
      note: 'Upfront funding replaced the attachment fee; the results payment amount for 2022-25 was not found and is held as recalled.',
    },
  ];
  for (const s of schemes) {
    await sql`insert into claim_scheme (framework_code, version, name, rules, provenance, note)
      values (${s.code}, ${s.version}, ${s.name}, ${JSON.stringify(s.rules)}::jsonb, ${JSON.stringify(s.provenance)}::jsonb, ${s.note})`.execute(db);
  }
  const rates: Array<[string, string, string, string, string, number, number, number | null, string, string, string | null]> = [
    ['tf2012', '2012-03', '2012-13', '2012-04-01', '2013-03-31', 320_000, 70_000, 80_000, 'confirmed', 'standards.md §2.2: 80/20 split £3,200 + £800 [C]; year-1 results £700 for crime/ASB + education and £800 for continuous employment [C]', 'The £100 progress-to-work payment is not modelled.'],
    ['tf2012', '2012-03', '2013-14', '2013-04-01', '2014-03-31', 240_000, 160_000, null, 'confirmed', 'standards.md §2.2: 60/40 split £2,400 + £1,600 [C]', null],
    ['tf2012', '2012-03', '2014-15', '2014-04-01', '2015-05-31', 160_000, 240_000, null, 'confirmed', 'standards.md §2.2: 40/60 split £1,600 + £2,400 [C]', null],
    ['tf2015', '2015-03', '2015-22', '2015-04-01', '2022-03-31', 100_000, 80_000, null, 'confirmed', 'standards.md §2.3: £1,000 attachment fee plus £800 payment by results per family [C]', null],
    ['sf2022', '2022-10', '2022-26', '2022-04-01', '2026-03-31', 0, 80_000, null, 'recalled', 'standards.md §2.5: "I believe £800 per successful family outcome continued" [R]', 'Verify against Chapter 2 of the 2022-25 guidance and correct here.'],
  ];
  for (const r of rates) {
    await sql`insert into payment_rate (framework_code, version, year_label, applies_from, applies_to, attachment_fee_pence, result_pence, employment_result_pence, provenance_status, provenance, note)
      values (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]}, ${r[7]}, ${r[8]}, ${r[9]}, ${r[10]})`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('The prove migration cannot be reversed; restore from a backup instead.');
}
