import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { ConsentTable } from './consent.tables.ts';

export const consentRepository = {
  async forCase(tx: Tx, caseId: string) {
    return tx
      .selectFrom('consent')
      .leftJoin('app_user as obtained', (j) => j.onRef('obtained.id', '=', 'consent.obtained_by').onRef('obtained.local_authority_id', '=', 'consent.local_authority_id'))
      .select([
        'consent.id',
        'consent.person_id',
        'consent.purpose',
        'consent.decision',
        'consent.services',
        'consent.method',
        'consent.given_by',
        'consent.given_on',
        'consent.expires_on',
        'consent.withdrawn_on',
        'consent.withdrawn_reason',
        'consent.note',
        'consent.created_at',
        'obtained.display_name as obtained_by_name',
      ])
      .where('consent.case_id', '=', caseId)
      .orderBy('consent.given_on', 'desc')
      .orderBy('consent.created_at', 'desc')
      .execute();
  },

  async insert(tx: Tx, row: Insertable<ConsentTable>): Promise<string> {
    const r = await tx.insertInto('consent').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  async withdraw(tx: Tx, caseId: string, id: string, on: string, reason: string, userId: string): Promise<number> {
    const r = await tx
      .updateTable('consent')
      .set({ withdrawn_on: on, withdrawn_reason: reason, withdrawn_by: userId })
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .where('withdrawn_on', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
