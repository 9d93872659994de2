import type { Insertable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { CaseClosureTable } from './case.tables.ts';

const columns = ['case_closure.id', 'case_closure.case_id', 'case_closure.reason', 'case_closure.summary', 'case_closure.exit_plan', 'case_closure.handover_to', 'case_closure.handover_notes', 'case_closure.risk_check', 'case_closure.family_agreed', 'case_closure.requested_by', 'case_closure.requested_on', 'case_closure.status', 'case_closure.decided_on', 'case_closure.decision_note'] as const;

export const closureRepository = {
  async forCase(tx: Tx, caseId: string) {
    return tx
      .selectFrom('case_closure')
      .leftJoin('app_user as requester', (j) => j.onRef('requester.id', '=', 'case_closure.requested_by').onRef('requester.local_authority_id', '=', 'case_closure.local_authority_id'))
      .leftJoin('app_user as decider', (j) => j.onRef('decider.id', '=', 'case_closure.decided_by').onRef('decider.local_authority_id', '=', 'case_closure.local_authority_id'))
      .select([...columns, 'requester.display_name as requested_by_name', 'decider.display_name as decided_by_name'])
      .where('case_closure.case_id', '=', caseId)
      .orderBy('case_closure.created_at', 'desc')
      .execute();
  },
  async find(tx: Tx, id: string) {
    return tx.selectFrom('case_closure').select(columns).where('case_closure.id', '=', id).executeTakeFirst();
  },
  async pendingForTeam(tx: Tx, teamId: string) {
    return tx
      .selectFrom('case_closure')
      .innerJoin('support_case', (j) => j.onRef('support_case.id', '=', 'case_closure.case_id').onRef('support_case.local_authority_id', '=', 'case_closure.local_authority_id'))
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .leftJoin('app_user as requester', (j) => j.onRef('requester.id', '=', 'case_closure.requested_by').onRef('requester.local_authority_id', '=', 'case_closure.local_authority_id'))
      .select([...columns, 'family_unit.name as family_name', 'support_case.reference as case_reference', 'requester.display_name as requested_by_name'])
      .where('support_case.team_id', '=', teamId)
      .where('case_closure.status', '=', 'requested')
      .orderBy('case_closure.requested_on')
      .execute();
  },
  async insert(tx: Tx, row: Insertable<CaseClosureTable>): Promise<string> {
    return (await tx.insertInto('case_closure').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async decide(tx: Tx, id: string, status: 'approved' | 'rejected', userId: string, on: string, note: string | null): Promise<number> {
    const r = await tx.updateTable('case_closure').set({ status, decided_by: userId, decided_on: on, decision_note: note }).where('id', '=', id).where('status', '=', 'requested').executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async followUps(tx: Tx, caseId: string) {
    return tx
      .selectFrom('follow_up')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'follow_up.done_by').onRef('app_user.local_authority_id', '=', 'follow_up.local_authority_id'))
      .select(['follow_up.id', 'follow_up.months', 'follow_up.due_on', 'follow_up.done_on', 'follow_up.outcome', 'app_user.display_name as done_by_name'])
      .where('follow_up.case_id', '=', caseId)
      .orderBy('follow_up.due_on')
      .execute();
  },
  async insertFollowUps(tx: Tx, rows: Array<{ local_authority_id: string; case_id: string; months: number; due_on: string }>): Promise<void> {
    if (rows.length) await tx.insertInto('follow_up').values(rows).execute();
  },
  async completeFollowUp(tx: Tx, caseId: string, id: string, on: string, outcome: string, userId: string): Promise<number> {
    const r = await tx.updateTable('follow_up').set({ done_on: on, outcome, done_by: userId }).where('case_id', '=', caseId).where('id', '=', id).where('done_on', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
