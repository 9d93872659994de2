// Outcomes and claims (migrations 20261123150000_prove, 20261123160000_claim_batch_framework_version).
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateString, Id, Json } from '../../db/columns.ts';

export interface ClaimSchemeTable {
  framework_code: string;
  version: string;
  name: string;
  rules: Json<Record<string, unknown>>;
  provenance: Json<Record<string, string>>;
  note: string | null;
}

export interface PaymentRateTable {
  framework_code: string;
  version: string;
  year_label: string;
  applies_from: DateString;
  applies_to: DateString;
  attachment_fee_pence: number;
  result_pence: number;
  employment_result_pence: number | null;
  provenance_status: string;
  provenance: string;
  note: string | null;
}

export interface ProveSettingTable {
  local_authority_id: string;
  claims_enabled: Generated<boolean>;
  framework_code: Generated<string>;
  framework_version: Generated<string>;
  programme_cost_per_family_pence: number | null;
  programme_cost_source: string | null;
  cost_data_from: DateString | null;
  pseudonymisation_key: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type BatchStatus = 'building' | 'built' | 'approved' | 'locked' | 'discarded' | 'failed';

export interface ClaimBatchTable {
  local_authority_id: string;
  id: Id;
  reference: string;
  framework_code: string;
  /** The claim scheme version (claim_scheme.version), not the framework version. */
  framework_version: string;
  /** The council's framework version applied (null for batches started before versions were recorded). */
  framework_version_id: string | null;
  framework_version_number: number | null;
  as_of: DateString;
  status: Generated<BatchStatus>;
  job_id: string | null;
  rules_snapshot: Json<Record<string, unknown>>;
  summary: Json<Record<string, unknown>>;
  built_by: string;
  built_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  locked_by: string | null;
  locked_at: Date | null;
  note: string | null;
  created_at: CreatedAt;
}

export interface ClaimItemTable {
  local_authority_id: string;
  id: Id;
  batch_id: string;
  family_unit_id: string;
  case_id: string | null;
  kind: 'attachment' | 'result';
  route: string | null;
  claimable: boolean;
  amount_pence: number;
  reasons: Json<Array<{ code: string; text: string }>>;
  outcome_keys: string[];
  snapshot: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ClaimKeyTable {
  local_authority_id: string;
  key: string;
  claim_item_id: string;
  batch_id: string;
  created_at: CreatedAt;
}

export interface ClaimReversalTable {
  local_authority_id: string;
  id: Id;
  claim_item_id: string;
  batch_id: string;
  amount_pence: number;
  reason: string;
  audit_sample_item_id: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface AuditSampleTable {
  local_authority_id: string;
  id: Id;
  batch_id: string;
  seed: string;
  percent: number;
  minimum: number;
  population: number;
  size: number;
  checklist: Json<Array<{ id: string; text: string }>>;
  drawn_by: string;
  drawn_at: CreatedAt;
}

export interface AuditSampleItemTable {
  local_authority_id: string;
  id: Id;
  sample_id: string;
  claim_item_id: string;
  position: number;
  answers: Json<Record<string, string>>;
  finding: string | null;
  result: Generated<'pending' | 'passed' | 'failed'>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export interface OutcomeTables {
  claim_scheme: ClaimSchemeTable;
  payment_rate: PaymentRateTable;
  prove_setting: ProveSettingTable;
  claim_batch: ClaimBatchTable;
  claim_item: ClaimItemTable;
  claim_key: ClaimKeyTable;
  claim_reversal: ClaimReversalTable;
  audit_sample: AuditSampleTable;
  audit_sample_item: AuditSampleItemTable;
}
