import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateString, Id } from '../../db/columns.ts';

/** A jsonb column: always write it with JSON.stringify (pg would send a JS array as a PostgreSQL array). */
export type JsonText<T> = ColumnType<T, string, string>;
export type JsonTextDefault<T> = ColumnType<T, string | undefined, string>;

export type CaseStatus = 'awaiting_allocation' | 'open' | 'closed';
export type CaseTier = 'intensive' | 'targeted' | 'light_touch';
export type CaseComplexity = 'standard' | 'high';

export interface SupportCaseTable {
  local_authority_id: string;
  id: Id;
  reference: string;
  family_unit_id: string;
  team_id: string;
  keyworker_id: string | null;
  status: CaseStatus;
  tier: Generated<CaseTier>;
  opened_on: DateString;
  closed_on: DateString | null;
  created_at: CreatedAt;
  request_id: string | null;
  previous_case_id: string | null;
  complexity: Generated<CaseComplexity>;
  allocated_on: DateString | null;
}

export type CaseHistoryKind = 'status' | 'allocation' | 'tier' | 'closure';

export interface CaseHistoryTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  kind: CaseHistoryKind;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
  changed_by: string | null;
  changed_at: CreatedAt;
}

export interface TafMemberTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  user_id: string | null;
  name: string;
  agency: string;
  role: string;
  from_date: DateString;
  to_date: DateString | null;
  sees_special_category: Generated<boolean>;
  created_at: CreatedAt;
}

export const CONTACT_KINDS = ['home_visit', 'office_visit', 'phone', 'video', 'meeting', 'text_message'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface ContactTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  occurred_on: DateString;
  kind: ContactKind;
  duration_minutes: number;
  /** person ids of the family members seen */
  seen: JsonText<string[]>;
  others_present: string | null;
  note: string;
  special_category: Generated<boolean>;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export type ReviewDecision = 'continue' | 'step_down' | 'step_up' | 'close';

export interface CaseReviewTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  held_on: DateString;
  progress: string;
  family_view: string | null;
  decision: ReviewDecision;
  next_review_on: DateString | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface SupervisionTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  held_on: DateString;
  supervisor_id: string | null;
  discussion: string;
  decisions: string | null;
  case_drift: Generated<boolean>;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export const BUDGET_CATEGORIES = ['emergency', 'household', 'white_goods', 'furniture', 'reward', 'education', 'clothing', 'safety', 'travel', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];
export type ApprovalStatus = 'requested' | 'approved' | 'rejected';

export interface BudgetItemTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  description: string;
  category: BudgetCategory;
  amount_pence: number;
  supplier: string | null;
  condition: string | null;
  other_sources_tried: Generated<boolean>;
  recurring: Generated<boolean>;
  requested_on: DateString;
  requested_by: string | null;
  status: Generated<ApprovalStatus>;
  decided_by: string | null;
  decided_on: DateString | null;
  decision_note: string | null;
  created_at: CreatedAt;
}

export const CLOSURE_REASONS = ['goals_met', 'stepped_up', 'stepped_down', 'moved_away', 'disengaged'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface CaseClosureTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  reason: ClosureReason;
  summary: string;
  exit_plan: string;
  handover_to: string | null;
  handover_notes: string | null;
  risk_check: string | null;
  family_agreed: 'yes' | 'no' | 'not_asked';
  requested_by: string | null;
  requested_on: DateString;
  status: Generated<ApprovalStatus>;
  decided_by: string | null;
  decided_on: DateString | null;
  decision_note: string | null;
  created_at: CreatedAt;
}

export interface FollowUpTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  months: number;
  due_on: DateString;
  done_on: DateString | null;
  outcome: string | null;
  done_by: string | null;
}

export interface CaseworkSettingTable {
  local_authority_id: string;
  review_interval_days: Generated<number>;
  assessment_due_days: Generated<number>;
  contact_norm_days: Generated<number>;
  supervision_interval_days: Generated<number>;
  follow_up_months: JsonTextDefault<number[]>;
  budget_limit_pence: Generated<number>;
  weight_intensive_pct: Generated<number>;
  weight_targeted_pct: Generated<number>;
  weight_light_touch_pct: Generated<number>;
  large_family_size: Generated<number>;
  large_family_extra_pct: Generated<number>;
  high_complexity_extra_pct: Generated<number>;
  partner_sharing: JsonTextDefault<string[]>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseTables {
  support_case: SupportCaseTable;
  case_history: CaseHistoryTable;
  taf_member: TafMemberTable;
  contact: ContactTable;
  case_review: CaseReviewTable;
  supervision: SupervisionTable;
  budget_item: BudgetItemTable;
  case_closure: CaseClosureTable;
  follow_up: FollowUpTable;
  casework_setting: CaseworkSettingTable;
}
