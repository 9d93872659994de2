import type { CreatedAt, DateString, Id } from '../../db/columns.ts';
import type { JsonTextDefault } from '../cases/case.tables.ts';

/** The four kinds of consent the seeds name (seed 001, L967). */
export const CONSENT_PURPOSES = ['contact', 'participate', 'assess_children', 'share_information'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_METHODS = ['written', 'verbal', 'digital', 'on_request'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentTable {
  local_authority_id: string;
  id: Id;
  case_id: string;
  person_id: string;
  purpose: ConsentPurpose;
  decision: 'given' | 'refused';
  /** agencies named for 'share_information' */
  services: JsonTextDefault<string[]>;
  method: ConsentMethod;
  given_by: string;
  obtained_by: string | null;
  given_on: DateString;
  expires_on: DateString | null;
  withdrawn_on: DateString | null;
  withdrawn_reason: string | null;
  withdrawn_by: string | null;
  note: string | null;
  created_at: CreatedAt;
}

export interface ConsentTables {
  consent: ConsentTable;
}
