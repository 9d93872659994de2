import type { CreatedAt, DateString, Id } from '../../db/columns.ts';

export interface PersonTable {
  local_authority_id: string;
  id: Id;
  given_name: string;
  family_name: string;
  date_of_birth: DateString | null;
  sex: 'M' | 'F' | 'X' | null;
  nhs_number: string | null;
  upn: string | null;
  ni_number: string | null;
  created_at: CreatedAt;
}

export interface FamilyUnitTable {
  local_authority_id: string;
  id: Id;
  reference: string;
  name: string;
  locality: string | null;
  address: string | null;
  postcode: string | null;
  created_at: CreatedAt;
}

export type MembershipRole = 'parent' | 'carer' | 'child' | 'other_adult' | 'expected_child';

export interface MembershipTable {
  local_authority_id: string;
  id: Id;
  family_unit_id: string;
  person_id: string;
  role: MembershipRole;
  from_date: DateString;
  to_date: DateString | null;
}

export interface PeopleTables {
  person: PersonTable;
  family_unit: FamilyUnitTable;
  membership: MembershipTable;
}
