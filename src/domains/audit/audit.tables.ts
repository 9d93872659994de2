import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json } from '../../db/columns.ts';

export interface AuditEventTable {
  local_authority_id: string;
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  correlation_id: string;
  details: Json<Record<string, unknown>> | ColumnType<Record<string, unknown>, undefined, never>;
}

export interface AuditTables {
  audit_event: AuditEventTable;
}
