import type { Generated } from 'kysely';
import type { CreatedAt, Id, Json } from '../db/columns.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobTable {
  local_authority_id: string;
  id: Id;
  name: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<JobStatus>;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  message: string | null;
  result: Json<Record<string, unknown>> | null;
  error: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Generated<Date>;
  locked_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface JobTables {
  job: JobTable;
}
