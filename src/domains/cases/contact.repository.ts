import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { ContactTable } from './case.tables.ts';

export const contactRepository = {
  async forCase(tx: Tx, caseId: string) {
    return tx
      .selectFrom('contact')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'contact.recorded_by').onRef('app_user.local_authority_id', '=', 'contact.local_authority_id'))
      .select(['contact.id', 'contact.occurred_on', 'contact.kind', 'contact.duration_minutes', 'contact.seen', 'contact.others_present', 'contact.note', 'contact.special_category', 'contact.created_at', 'app_user.display_name as recorded_by_name'])
      .where('contact.case_id', '=', caseId)
      .orderBy('contact.occurred_on', 'desc')
      .orderBy('contact.created_at', 'desc')
      .execute();
  },

  async insert(tx: Tx, row: Insertable<ContactTable>): Promise<string> {
    const r = await tx.insertInto('contact').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  /** Latest contact per case, for caseload lists. */
  async lastContacts(tx: Tx, caseIds: readonly string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = await tx
      .selectFrom('contact')
      .select(['case_id', (eb) => eb.fn.max('occurred_on').as('last')])
      .where('case_id', 'in', [...caseIds])
      .groupBy('case_id')
      .execute();
    return new Map(rows.map((r) => [r.case_id, String(r.last)]));
  },
};
