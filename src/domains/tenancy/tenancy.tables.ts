import type { CreatedAt, Id, Timestamp } from '../../db/columns.ts';
import type { Generated } from 'kysely';

export interface LocalAuthorityTable {
  id: Id;
  code: string;
  name: string;
  created_at: CreatedAt;
}

export interface TeamTable {
  local_authority_id: string;
  id: Id;
  name: string;
  caseload_guidance_min: Generated<number>;
  caseload_guidance_max: Generated<number>;
  created_at: CreatedAt;
}

export interface AppUserTable {
  local_authority_id: string;
  id: Id;
  email: string;
  display_name: string;
  role: string;
  team_id: string | null;
  organisation: string | null;
  password_hash: string | null;
  oidc_subject: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface UserSessionTable {
  local_authority_id: string;
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface TenancyTables {
  local_authority: LocalAuthorityTable;
  team: TeamTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
}
