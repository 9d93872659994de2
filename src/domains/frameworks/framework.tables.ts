import type { CreatedAt, Id, Json } from '../../db/columns.ts';
import type { Generated } from 'kysely';
import type { FrameworkDefinition, Provenance, Rule } from './rule.types.ts';

export type VersionStatus = 'draft' | 'published' | 'superseded';
/** The version-level part of a definition; descriptors are rows of framework_descriptor. */
export type VersionDefinition = Omit<FrameworkDefinition, 'descriptors' | 'code'>;

export interface FrameworkTable {
  local_authority_id: string;
  id: Id;
  code: string;
  name: string;
  created_at: CreatedAt;
}

export interface FrameworkVersionTable {
  local_authority_id: string;
  id: Id;
  framework_id: string;
  version: number;
  status: Generated<VersionStatus>;
  definition: Json<VersionDefinition>;
  change_note: string | null;
  based_on_version_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  published_by: string | null;
  published_at: Date | null;
}

export interface FrameworkDescriptorTable {
  local_authority_id: string;
  id: Id;
  version_id: string;
  position: number;
  code: string;
  headline: string;
  name: string;
  description: string;
  severity: number;
  local: boolean;
  rule: Json<Rule> | null;
  provenance: Json<Provenance>;
}

export interface FrameworkTables {
  framework: FrameworkTable;
  framework_version: FrameworkVersionTable;
  framework_descriptor: FrameworkDescriptorTable;
}
