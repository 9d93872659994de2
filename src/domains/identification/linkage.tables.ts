// Tables of the database-backed record linkage (migration 20261123120000_linkage).
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id, Json } from '../../db/columns.ts';
import type { ModelParams, PairExplanation } from './matching/index.ts';
import type { HistogramBin } from './linkage.engine.ts';

type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface LinkageSettingsTable {
  local_authority_id: string;
  /** match probability at or above which a record links automatically */
  auto_link: number;
  /** match probability at or above which an unlinked pair goes to review */
  review: number;
  create_family_units: Generated<boolean>;
  updated_by: Optional<string>;
  updated_at: Generated<Date>;
}

export type LinkageMode = 'incremental' | 'full';
export type LinkageRunStatus = 'running' | 'succeeded' | 'failed';

export interface LinkageRunTable {
  local_authority_id: string;
  id: Id;
  mode: LinkageMode;
  status: Generated<LinkageRunStatus>;
  job_id: Optional<string>;
  requested_by: Optional<string>;
  auto_link: number;
  review: number;
  rule_version: string;
  records_total: Generated<number>;
  records_incoming: Generated<number>;
  people_before: Generated<number>;
  people_created: Generated<number>;
  links_written: Generated<number>;
  events_linked: Generated<number>;
  review_pairs: Generated<number>;
  households: Generated<number>;
  family_units_created: Generated<number>;
  by_route: Json<Record<string, number>>;
  histogram: Json<HistogramBin[]>;
  /** household size → number of households */
  household_sizes: Json<Record<string, number>>;
  timings: Json<Record<string, number>>;
  stats: Json<Record<string, unknown>>;
  model: ColumnType<ModelParams | null, string | ModelParams | null | undefined, string | ModelParams | null>;
  error: Optional<string>;
  created_at: CreatedAt;
  finished_at: Optional<Date>;
}

export type ReviewStatus = 'pending' | 'match' | 'non_match' | 'unsure';

export interface ReviewPairTable {
  local_authority_id: string;
  id: Id;
  record_id: string;
  other_record_id: Optional<string>;
  other_person_id: Optional<string>;
  run_id: Optional<string>;
  match_weight: number;
  match_probability: number;
  explanation: Json<PairExplanation>;
  status: Generated<ReviewStatus>;
  decided_by: Optional<string>;
  decided_at: Optional<Date>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface LinkEvidenceTable {
  local_authority_id: string;
  source_record_id: string;
  run_id: Optional<string>;
  partner_record_id: Optional<string>;
  partner_person_id: Optional<string>;
  explanation: ColumnType<PairExplanation | null, string | PairExplanation | null | undefined, string | PairExplanation | null>;
}

export interface LinkageHouseholdTable {
  local_authority_id: string;
  run_id: string;
  person_id: string;
  household: number;
}

export interface PersonChangeTable {
  local_authority_id: string;
  id: Id;
  kind: 'merge' | 'split';
  /** merge: the person kept; split: the person the records left */
  person_id: string;
  /** merge: the person merged away; split: the new person */
  other_person_id: string;
  source_record_ids: ColumnType<string[], string[] | undefined, never>;
  reason: Optional<string>;
  details: Json<Record<string, unknown>>;
  changed_by: Optional<string>;
  changed_at: CreatedAt;
}

export interface LinkageTables {
  linkage_settings: LinkageSettingsTable;
  linkage_run: LinkageRunTable;
  review_pair: ReviewPairTable;
  link_evidence: LinkEvidenceTable;
  linkage_household: LinkageHouseholdTable;
  person_change: PersonChangeTable;
}
