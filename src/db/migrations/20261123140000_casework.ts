// Keyworker casework (issue 7): council settings, the front door (requests for support and triage),
// consent per person and purpose, contacts, reviews, supervision, configurable assessments with
// scaled measures, the family plan with goals and actions, TAF meetings, the family budget,
// closure with follow-ups. Every table is a tenant table isolated by hearth_isolate().
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table casework_setting (
      local_authority_id uuid not null references local_authority(id),
      review_interval_days integer not null default 42 check (review_interval_days between 7 and 365),
      assessment_due_days integer not null default 42 check (assessment_due_days between 7 and 365),
      contact_norm_days integer not null default 7 check (contact_norm_days between 1 and 90),
      supervision_interval_days integer not null default 28 check (supervision_interval_days between 7 and 180),
      follow_up_months jsonb not null default '[3, 6, 12]',
      budget_limit_pence integer not null default 400000 check (budget_limit_pence >= 0),
      weight_intensive_pct integer not null default 150 check (weight_intensive_pct between 0 and 1000),
      weight_targeted_pct integer not null default 100 check (weight_targeted_pct between 0 and 1000),
      weight_light_touch_pct integer not null default 50 check (weight_light_touch_pct between 0 and 1000),
      large_family_size integer not null default 5 check (large_family_size between 1 and 30),
      large_family_extra_pct integer not null default 25 check (large_family_extra_pct between 0 and 1000),
      high_complexity_extra_pct integer not null default 50 check (high_complexity_extra_pct between 0 and 1000),
      partner_sharing jsonb not null default '["members", "contacts", "plan", "meetings", "assessment", "reviews"]',
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id)
    );
    select hearth_isolate('casework_setting');

    create table support_request (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      reference text not null,
      received_on date not null,
      source text not null check (source in ('partner', 'family', 'step_down')),
      referrer_name text not null,
      referrer_agency text,
      referrer_contact text,
      reason text not null,
      consent_to_contact boolean not null,
      consent_given_by text,
      family_unit_id uuid,
      person_id uuid,
      family_name text not null,
      lead_given_name text not null,
      lead_family_name text not null,
      lead_date_of_birth date,
      address text,
      postcode text,
      status text not null default 'received' check (status in ('received', 'triaged')),
      safeguarding_risk text check (safeguarding_risk in ('yes', 'no')),
      safeguarding_notes text,
      decision text check (decision in ('step_up', 'allocate', 'short_intervention', 'signpost', 'no_further_action')),
      decision_reasons text,
      decision_tier text check (decision_tier in ('intensive', 'targeted', 'light_touch')),
      decision_complexity text check (decision_complexity in ('standard', 'high')),
      signposted_to text,
      decided_by uuid,
      decided_at timestamptz,
      case_id uuid,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, reference),
      foreign key (local_authority_id, family_unit_id) references family_unit(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index support_request_status on support_request (local_authority_id, status, received_on);
    create index support_request_family on support_request (local_authority_id, family_unit_id);
    select hearth_isolate('support_request');

    alter table support_case add column request_id uuid;
    alter table support_case add column previous_case_id uuid;
    alter table support_case add column complexity text not null default 'standard' check (complexity in ('standard', 'high'));
    alter table support_case add column allocated_on date;
    alter table support_case add foreign key (local_authority_id, request_id) references support_request(local_authority_id, id);
    alter table support_case add foreign key (local_authority_id, previous_case_id) references support_case(local_authority_id, id);
    alter table case_history drop constraint if exists case_history_kind_check;
    alter table case_history add constraint case_history_kind_check check (kind in ('status', 'allocation', 'tier', 'closure'));

    alter table taf_member add column sees_special_category boolean not null default false;
    alter table taf_member add column created_at timestamptz not null default now();

    create table consent (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      person_id uuid not null,
      purpose text not null check (purpose in ('contact', 'participate', 'assess_children', 'share_information')),
      decision text not null check (decision in ('given', 'refused')),
      services jsonb not null default '[]',
      method text not null check (method in ('written', 'verbal', 'digital', 'on_request')),
      given_by text not null,
      obtained_by uuid,
      given_on date not null,
      expires_on date,
      withdrawn_on date,
      withdrawn_reason text,
      withdrawn_by uuid,
      note text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      check (expires_on is null or expires_on >= given_on),
      check (withdrawn_on is null or withdrawn_on >= given_on)
    );
    create index consent_case on consent (local_authority_id, case_id, person_id, purpose);
    select hearth_isolate('consent');

    create table contact (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      occurred_on date not null,
      kind text not null check (kind in ('home_visit', 'office_visit', 'phone', 'video', 'meeting', 'text_message')),
      duration_minutes integer not null check (duration_minutes between 0 and 1440),
      seen jsonb not null default '[]',
      others_present text,
      note text not null,
      special_category boolean not null default false,
      recorded_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index contact_case on contact (local_authority_id, case_id, occurred_on desc);
    select hearth_isolate('contact');

    create table case_review (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      held_on date not null,
      progress text not null,
      family_view text,
      decision text not null check (decision in ('continue', 'step_down', 'step_up', 'close')),
      next_review_on date,
      recorded_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index case_review_case on case_review (local_authority_id, case_id, held_on desc);
    select hearth_isolate('case_review');

    create table supervision (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      held_on date not null,
      supervisor_id uuid,
      discussion text not null,
      decisions text,
      case_drift boolean not null default false,
      recorded_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index supervision_case on supervision (local_authority_id, case_id, held_on desc);
    select hearth_isolate('supervision');

    create table assessment_form (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      sections jsonb not null default '[]',
      revision integer not null default 1,
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id, id)
    );
    select hearth_isolate('assessment_form');

    create table assessment (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      form_id uuid,
      form_name text not null,
      form_revision integer not null,
      sections jsonb not null,
      answers jsonb not null default '{}',
      family_account text,
      child_voice text,
      started_on date not null,
      due_on date not null,
      completed_on date,
      status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
      created_by uuid,
      updated_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index assessment_case on assessment (local_authority_id, case_id);
    select hearth_isolate('assessment');

    create table assessment_need (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      person_id uuid,
      headline text not null,
      description text not null,
      special_category boolean not null default false,
      identified_on date not null,
      status text not null default 'open' check (status in ('open', 'met', 'no_longer_relevant')),
      closed_on date,
      close_reason text,
      recorded_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id)
    );
    create index assessment_need_case on assessment_need (local_authority_id, case_id);
    select hearth_isolate('assessment_need');

    create table measure_scale (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      min_score integer not null default 1,
      max_score integer not null default 10,
      dimensions jsonb not null default '[]',
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      check (max_score > min_score)
    );
    select hearth_isolate('measure_scale');

    create table measure_score (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      scale_id uuid not null,
      dimension_key text not null,
      rater text not null check (rater in ('worker', 'family')),
      score integer not null,
      scored_on date not null,
      recorded_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, scale_id) references measure_scale(local_authority_id, id)
    );
    create index measure_score_case on measure_score (local_authority_id, case_id, scale_id, scored_on);
    select hearth_isolate('measure_score');

    create table plan_goal (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      need_id uuid,
      person_id uuid,
      title text not null,
      target text not null,
      owner_label text not null,
      owner_taf_member_id uuid,
      due_on date not null,
      status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'achieved', 'not_achieved', 'dropped')),
      special_category boolean not null default false,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, need_id) references assessment_need(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id),
      foreign key (local_authority_id, owner_taf_member_id) references taf_member(local_authority_id, id)
    );
    create index plan_goal_case on plan_goal (local_authority_id, case_id);
    select hearth_isolate('plan_goal');

    create table taf_meeting (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      held_on date not null,
      mode text not null check (mode in ('in_person', 'video', 'phone')),
      status text not null default 'planned' check (status in ('planned', 'held')),
      minutes text,
      decisions text,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index taf_meeting_case on taf_meeting (local_authority_id, case_id, held_on desc);
    select hearth_isolate('taf_meeting');

    create table taf_meeting_attendee (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      meeting_id uuid not null,
      taf_member_id uuid,
      person_id uuid,
      name text not null,
      attendance text not null default 'invited' check (attendance in ('invited', 'attended', 'apologies', 'did_not_attend')),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, meeting_id) references taf_meeting(local_authority_id, id),
      foreign key (local_authority_id, taf_member_id) references taf_member(local_authority_id, id),
      foreign key (local_authority_id, person_id) references person(local_authority_id, id)
    );
    create index taf_meeting_attendee_meeting on taf_meeting_attendee (local_authority_id, meeting_id);
    select hearth_isolate('taf_meeting_attendee');

    create table plan_action (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      goal_id uuid,
      meeting_id uuid,
      description text not null,
      owner_label text not null,
      owner_taf_member_id uuid,
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      completed_on date,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id),
      foreign key (local_authority_id, goal_id) references plan_goal(local_authority_id, id),
      foreign key (local_authority_id, meeting_id) references taf_meeting(local_authority_id, id),
      foreign key (local_authority_id, owner_taf_member_id) references taf_member(local_authority_id, id)
    );
    create index plan_action_case on plan_action (local_authority_id, case_id, status, due_on);
    select hearth_isolate('plan_action');

    create table plan_version (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      version integer not null,
      reason text not null,
      snapshot jsonb not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      unique (local_authority_id, case_id, version),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    select hearth_isolate('plan_version', 'select, insert');

    create table budget_item (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      description text not null,
      category text not null check (category in ('emergency', 'household', 'white_goods', 'furniture', 'reward', 'education', 'clothing', 'safety', 'travel', 'other')),
      amount_pence integer not null check (amount_pence > 0),
      supplier text,
      condition text,
      other_sources_tried boolean not null default false,
      recurring boolean not null default false,
      requested_on date not null,
      requested_by uuid,
      status text not null default 'requested' check (status in ('requested', 'approved', 'rejected')),
      decided_by uuid,
      decided_on date,
      decision_note text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index budget_item_case on budget_item (local_authority_id, case_id);
    create index budget_item_status on budget_item (local_authority_id, status);
    select hearth_isolate('budget_item');

    create table case_closure (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      reason text not null check (reason in ('goals_met', 'stepped_up', 'stepped_down', 'moved_away', 'disengaged')),
      summary text not null,
      exit_plan text not null,
      handover_to text,
      handover_notes text,
      risk_check text,
      family_agreed text not null check (family_agreed in ('yes', 'no', 'not_asked')),
      requested_by uuid,
      requested_on date not null,
      status text not null default 'requested' check (status in ('requested', 'approved', 'rejected')),
      decided_by uuid,
      decided_on date,
      decision_note text,
      created_at timestamptz not null default now(),
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index case_closure_case on case_closure (local_authority_id, case_id);
    create index case_closure_status on case_closure (local_authority_id, status);
    select hearth_isolate('case_closure');

    create table follow_up (
      local_authority_id uuid not null references local_authority(id),
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      months integer not null,
      due_on date not null,
      done_on date,
      outcome text,
      done_by uuid,
      primary key (local_authority_id, id),
      foreign key (local_authority_id, case_id) references support_case(local_authority_id, id)
    );
    create index follow_up_due on follow_up (local_authority_id, due_on) where done_on is null;
    select hearth_isolate('follow_up');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The casework migration cannot be reversed; restore from a backup instead.');
}
