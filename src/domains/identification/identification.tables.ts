import type { CreatedAt, DateString, Id, Json } from '../../db/columns.ts';
import type { Generated } from 'kysely';
import type { TermPeriod, RuleTrace } from '../frameworks/rules.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface EvaluationRunTable {
  local_authority_id: string;
  id: Id;
  framework_version_id: string;
  evaluation_date: DateString;
  status: Generated<RunStatus>;
  job_id: string | null;
  requested_by: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  families_evaluated: Generated<number>;
  families_with_needs: Generated<number>;
  eligible: Generated<number>;
  terms: Json<TermPeriod[]>;
  summary: Json<RunSummary>;
  result_hash: string | null;
  error: string | null;
}

export interface RunSummary {
  /** headline → families with it; descriptor → families with it */
  headlines?: Record<string, number>;
  descriptors?: Record<string, number>;
  /** distinct people with at least one need */
  people?: number;
  seconds?: number;
}

export interface EvaluationFamilyTable {
  local_authority_id: string;
  run_id: string;
  family_unit_id: string;
  needs: string[];
  headlines: string[];
  need_count: number;
  headline_count: number;
  severity: number;
  eligible: boolean;
  evidence_oldest_on: DateString | null;
  evidence_latest_on: DateString | null;
  agencies: string[];
  youngest_child_age: number | null;
  oldest_child_age: number | null;
  member_count: number;
  trace: Json<RuleTrace> | null;
}

export interface EvaluationNeedTable {
  local_authority_id: string;
  id: Generated<number>;
  run_id: string;
  family_unit_id: string;
  person_id: string | null;
  descriptor: string;
  headline: string;
  evidence: string[];
  evidence_on: DateString;
}

export type PanelDecision = 'allocate' | 'refer_elsewhere' | 'no_action' | 'more_information';

export interface PanelTable {
  local_authority_id: string;
  id: Id;
  title: string;
  meets_on: DateString;
  status: Generated<'planned' | 'held'>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PanelAttendeeTable {
  local_authority_id: string;
  id: Id;
  panel_id: string;
  name: string;
  agency: string;
  role: string | null;
}

export interface PanelFamilyTable {
  local_authority_id: string;
  id: Id;
  panel_id: string;
  family_unit_id: string;
  run_id: string;
  position: number;
  evidence: Json<Record<string, unknown>>;
  decision: PanelDecision | null;
  tier: 'intensive' | 'targeted' | 'light_touch' | null;
  team_id: string | null;
  refer_to: string | null;
  reasons: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  case_id: string | null;
}

export interface IdentificationTables {
  evaluation_run: EvaluationRunTable;
  evaluation_family: EvaluationFamilyTable;
  evaluation_need: EvaluationNeedTable;
  panel: PanelTable;
  panel_attendee: PanelAttendeeTable;
  panel_family: PanelFamilyTable;
}
