import type { Generated } from 'kysely';
import type { CreatedAt, DateString, Id } from '../../db/columns.ts';

export type CaseStatus = 'awaiting_allocation' | 'open' | 'closed';
export type CaseTier = 'intensive' | 'targeted' | 'light_touch';

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
}

export interface CaseHistoryTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  kind: 'status' | 'allocation';
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
}

export interface CaseTables {
  support_case: SupportCaseTable;
  case_history: CaseHistoryTable;
  taf_member: TafMemberTable;
}
