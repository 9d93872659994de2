// Ingestion tables (migration 20261123110000): contacts, agreements, mappings, quarantine,
// corrections and API tokens. The columns it adds to data_source and import_run are in core.tables.ts.
import type { CreatedAt, DateString, Id, Json } from '../../db/columns.ts';
import type { Generated } from 'kysely';
import type { MappingSpec } from './mapping.ts';
import type { Problem } from './validation.ts';

export const FREQUENCIES = ['daily', 'weekly', 'fortnightly', 'monthly', 'termly', 'quarterly', 'annually', 'ad_hoc'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface DataSourceContactTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  role: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  created_at: CreatedAt;
}

export interface SharingAgreementTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  reference: string;
  parties: string;
  purposes: string;
  lawful_basis: string;
  data_items: string;
  start_date: DateString;
  review_date: DateString;
  end_date: DateString | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SourceMappingTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  version: number;
  spec: Json<MappingSpec>;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface QuarantineRowTable {
  local_authority_id: string;
  id: Id;
  import_run_id: string;
  data_source_id: string;
  row_number: number;
  raw: Json<Record<string, string>>;
  problems: Json<Problem[]>;
  status: Generated<'open' | 'corrected' | 'dismissed'>;
  source_record_id: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface DataCorrectionTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  import_run_id: string;
  quarantine_row_id: string | null;
  source_record_id: string | null;
  column_name: string;
  old_value: string | null;
  new_value: string | null;
  reason: string;
  corrected_by: string | null;
  corrected_at: CreatedAt;
}

export interface ApiTokenTable {
  local_authority_id: string;
  id: Id;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface DatasetTables {
  data_source_contact: DataSourceContactTable;
  sharing_agreement: SharingAgreementTable;
  source_mapping: SourceMappingTable;
  quarantine_row: QuarantineRowTable;
  data_correction: DataCorrectionTable;
  api_token: ApiTokenTable;
}
