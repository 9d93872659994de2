import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { BudgetItemTable } from './case.tables.ts';

const columns = ['budget_item.id', 'budget_item.case_id', 'budget_item.description', 'budget_item.category', 'budget_item.amount_pence', 'budget_item.supplier', 'budget_item.condition', 'budget_item.other_sources_tried', 'budget_item.recurring', 'budget_item.requested_on', 'budget_item.requested_by', 'budget_item.status', 'budget_item.decided_on', 'budget_item.decision_note'] as const;

export const budgetRepository = {
  async forCase(tx: Tx, caseId: string) {
    return tx
      .selectFrom('budget_item')
      .leftJoin('app_user as requester', (j) => j.onRef('requester.id', '=', 'budget_item.requested_by').onRef('requester.local_authority_id', '=', 'budget_item.local_authority_id'))
      .leftJoin('app_user as decider', (j) => j.onRef('decider.id', '=', 'budget_item.decided_by').onRef('decider.local_authority_id', '=', 'budget_item.local_authority_id'))
      .select([...columns, 'requester.display_name as requested_by_name', 'decider.display_name as decided_by_name'])
      .where('budget_item.case_id', '=', caseId)
      .orderBy('budget_item.requested_on', 'desc')
      .orderBy('budget_item.created_at', 'desc')
      .execute();
  },
  async find(tx: Tx, id: string) {
    return tx
      .selectFrom('budget_item')
      .leftJoin('app_user as requester', (j) => j.onRef('requester.id', '=', 'budget_item.requested_by').onRef('requester.local_authority_id', '=', 'budget_item.local_authority_id'))
      .select([...columns, 'requester.display_name as requested_by_name'])
      .where('budget_item.id', '=', id)
      .executeTakeFirst();
  },
  async pendingForTeam(tx: Tx, teamId: string) {
    return tx
      .selectFrom('budget_item')
      .innerJoin('support_case', (j) => j.onRef('support_case.id', '=', 'budget_item.case_id').onRef('support_case.local_authority_id', '=', 'budget_item.local_authority_id'))
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .leftJoin('app_user as requester', (j) => j.onRef('requester.id', '=', 'budget_item.requested_by').onRef('requester.local_authority_id', '=', 'budget_item.local_authority_id'))
      .select([...columns, 'family_unit.name as family_name', 'family_unit.id as family_unit_id', 'requester.display_name as requested_by_name'])
      .where('support_case.team_id', '=', teamId)
      .where('budget_item.status', '=', 'requested')
      .orderBy('budget_item.requested_on')
      .execute();
  },
  async insert(tx: Tx, row: Insertable<BudgetItemTable>): Promise<string> {
    return (await tx.insertInto('budget_item').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async decide(tx: Tx, id: string, status: 'approved' | 'rejected', userId: string, on: string, note: string | null): Promise<number> {
    const r = await tx.updateTable('budget_item').set({ status, decided_by: userId, decided_on: on, decision_note: note }).where('id', '=', id).where('status', '=', 'requested').executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
