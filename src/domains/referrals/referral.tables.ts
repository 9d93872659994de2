import type { Generated } from 'kysely';
import type { CreatedAt, DateString, Id } from '../../db/columns.ts';
import type { CaseComplexity, CaseTier } from '../cases/case.tables.ts';

export const REQUEST_SOURCES = ['partner', 'family', 'step_down'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];
export const TRIAGE_DECISIONS = ['step_up', 'allocate', 'short_intervention', 'signpost', 'no_further_action'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

export interface SupportRequestTable {
  local_authority_id: string;
  id: Id;
  reference: string;
  received_on: DateString;
  source: RequestSource;
  referrer_name: string;
  referrer_agency: string | null;
  referrer_contact: string | null;
  reason: string;
  consent_to_contact: boolean;
  consent_given_by: string | null;
  family_unit_id: string | null;
  person_id: string | null;
  family_name: string;
  lead_given_name: string;
  lead_family_name: string;
  lead_date_of_birth: DateString | null;
  address: string | null;
  postcode: string | null;
  status: Generated<'received' | 'triaged'>;
  safeguarding_risk: 'yes' | 'no' | null;
  safeguarding_notes: string | null;
  decision: TriageDecision | null;
  decision_reasons: string | null;
  decision_tier: CaseTier | null;
  decision_complexity: CaseComplexity | null;
  signposted_to: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  case_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ReferralTables {
  support_request: SupportRequestTable;
}
