// Records of returns generated and submitted, and of extracts (migration 20261123150000_prove).
import type { CreatedAt, DateString, Id, Json } from '../../db/columns.ts';

export interface ReturnRunTable {
  local_authority_id: string;
  id: Id;
  kind: 'quarterly_progress';
  period_start: DateString;
  period_end: DateString;
  framework_code: string;
  figures: Json<Record<string, unknown>>;
  validation: Json<Array<{ level: 'error' | 'warning'; text: string }>>;
  file_sha256: string;
  generated_by: string;
  generated_at: CreatedAt;
  submitted_by: string | null;
  submitted_at: Date | null;
  submission_note: string | null;
}

export interface ExtractRunTable {
  local_authority_id: string;
  id: Id;
  kind: 'national_evaluation';
  as_of: DateString;
  programme_people: number;
  comparison_people: number;
  key_fingerprint: string;
  file_sha256: string;
  generated_by: string;
  generated_at: CreatedAt;
}

export interface ReturnsTables {
  return_run: ReturnRunTable;
  extract_run: ExtractRunTable;
}
