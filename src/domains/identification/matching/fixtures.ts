// Test fixtures shared by the table-driven tests beside this file.
import type { IdentityRecord } from './types.ts';

/** An IdentityRecord with every field blank except those given. */
export function rec(p: Partial<IdentityRecord>): IdentityRecord {
  return {
    source: 's', record_id: '', given_name: '', family_name: '', date_of_birth: '', sex: '', address: '', postcode: '',
    uprn: '', nhs_number: '', upn: '', ni_number: '', ...p,
  };
}
