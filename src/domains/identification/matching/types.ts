// Shapes shared by the pure linkage pipeline. No I/O, no database.

/** One person-shaped row from one source, as delivered (all strings; blank = unknown). */
export interface IdentityRecord {
  source: string;
  record_id: string;
  given_name: string;
  family_name: string;
  /** ISO `yyyy-mm-dd`, partial `yyyy-mm` or `yyyy`, or '' (other common formats are also accepted). */
  date_of_birth: string;
  /** 'M' | 'F' | '' */
  sex: string;
  address: string;
  postcode: string;
  uprn: string;
  nhs_number: string;
  upn: string;
  ni_number: string;
}

export const IDENTITY_FIELDS = [
  'record_id', 'given_name', 'family_name', 'date_of_birth', 'sex', 'address', 'postcode', 'uprn', 'nhs_number', 'upn', 'ni_number',
] as const;
