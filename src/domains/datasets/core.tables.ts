// Core "find" tables shared by ingestion, linkage, identification and outcomes (migration 20261123100100).
import type { CreatedAt, DateString, Id, Json } from '../../db/columns.ts';
import type { ColumnType, Generated } from 'kysely';

/** A nullable column that inserts may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface DataSourceTable {
  local_authority_id: string;
  id: Id;
  name: string;
  organisation: string;
  kind: string;
  created_at: CreatedAt;
  // added by ingestion (migration 20261123110000)
  description: Optional<string>;
  expected_frequency: Generated<'daily' | 'weekly' | 'fortnightly' | 'monthly' | 'termly' | 'quarterly' | 'annually' | 'ad_hoc'>;
  updated_at: Generated<Date>;
}

export type ImportRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'duplicate';

export interface ImportRunTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  status: Generated<ImportRunStatus>;
  file_name: string | null;
  file_sha256: string | null;
  rows_total: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  started_at: Date | null;
  finished_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  // added by ingestion (migration 20261123110000)
  mapping_id: Optional<string>;
  agreement_id: Optional<string>;
  origin: Generated<'browser' | 'cli' | 'api' | 'demo'>;
  file_size: Optional<number>;
  error: Optional<string>;
  duplicate_of: Optional<string>;
  job_id: Optional<string>;
}

export interface SourceRecordTable {
  local_authority_id: string;
  id: Id;
  data_source_id: string;
  import_run_id: string;
  record_key: string;
  row_number: number;
  given_name: string | null;
  family_name: string | null;
  /** ISO date, or partial 'yyyy-mm' / 'yyyy', or null. */
  date_of_birth: string | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
  uprn: string | null;
  nhs_number: string | null;
  upn: string | null;
  ni_number: string | null;
  /** The delivered row, JSON text of column → value; read it as raw::json (see the migration 20261123190000). */
  raw: string;
  /** The dated event the mapping made of the row, if any; it joins `event` when the record is linked (migration 20261124030000). */
  event_type: Optional<string>;
  /** yyyy-mm-dd */
  event_on: Optional<string>;
  event_end: Optional<string>;
  /** The event's values, JSON text of name → value. */
  event_values: Optional<string>;
  created_at: CreatedAt;
}

export interface PersonLinkTable {
  local_authority_id: string;
  source_record_id: string;
  person_id: string;
  /** e.g. 'nhs_number', 'upn', 'probabilistic', 'review', 'manual' */
  route: string;
  match_weight: number | null;
  rule_version: string;
  decided_by: string | null;
  decided_at: CreatedAt;
}

export interface EventTable {
  local_authority_id: string;
  id: Id;
  type: string;
  occurred_on: DateString;
  ended_on: DateString | null;
  person_id: string | null;
  family_unit_id: string | null;
  source_record_id: string | null;
  origin: 'import' | 'casework';
  attributes: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  /** When it last became or changed as someone's data (linked, moved, corrected); set by the database. */
  changed_at: ColumnType<Date | null, never, never>;
}

export interface CoreFindTables {
  data_source: DataSourceTable;
  import_run: ImportRunTable;
  source_record: SourceRecordTable;
  person_link: PersonLinkTable;
  event: EventTable;
}
