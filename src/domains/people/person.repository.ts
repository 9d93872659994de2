import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { FamilyUnitTable, MembershipTable, PersonTable } from './people.tables.ts';

const CHUNK = 500;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export const personRepository = {
  async insertPeople(tx: Tx, rows: Array<Insertable<PersonTable> & { id: string }>): Promise<void> {
    await insertChunks(rows, (chunk) => tx.insertInto('person').values(chunk).execute());
  },

  async insertFamilies(tx: Tx, rows: Array<Insertable<FamilyUnitTable> & { id: string }>): Promise<void> {
    await insertChunks(rows, (chunk) => tx.insertInto('family_unit').values(chunk).execute());
  },

  async insertMemberships(tx: Tx, rows: Array<Insertable<MembershipTable>>): Promise<void> {
    await insertChunks(rows, (chunk) => tx.insertInto('membership').values(chunk).execute());
  },
};
