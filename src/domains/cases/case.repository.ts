import { sql } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { Insertable } from 'kysely';
import type { CaseHistoryKind, CaseStatus, SupportCaseTable, TafMemberTable } from './case.tables.ts';

const memberCount = sql<number>`(select count(*) from membership m where m.local_authority_id = support_case.local_authority_id and m.family_unit_id = support_case.family_unit_id and m.to_date is null)`;

export const caseRepository = {
  async caseload(tx: Tx, keyworkerId: string) {
    return tx
      .selectFrom('support_case')
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .select([
        'support_case.id',
        'support_case.reference',
        'support_case.status',
        'support_case.tier',
        'support_case.complexity',
        'support_case.opened_on',
        'support_case.allocated_on',
        'family_unit.id as family_unit_id',
        'family_unit.name as family_name',
        'family_unit.reference as family_reference',
        'family_unit.locality',
        memberCount.as('member_count'),
      ])
      .where('support_case.keyworker_id', '=', keyworkerId)
      .where('support_case.status', '=', 'open')
      .orderBy('support_case.opened_on')
      .execute();
  },

  async teamCaseloads(tx: Tx, teamId: string) {
    return tx
      .selectFrom('app_user')
      .leftJoin('support_case', (j) =>
        j.onRef('support_case.keyworker_id', '=', 'app_user.id').onRef('support_case.local_authority_id', '=', 'app_user.local_authority_id').on('support_case.status', '=', 'open'),
      )
      .select(['app_user.id', 'app_user.display_name', 'app_user.role', (eb) => eb.fn.count<number>('support_case.id').as('open_cases')])
      .where('app_user.team_id', '=', teamId)
      .where('app_user.role', 'in', ['keyworker', 'team_manager'])
      .where('app_user.active', '=', true)
      .groupBy(['app_user.id', 'app_user.display_name', 'app_user.role'])
      .orderBy('app_user.display_name')
      .execute();
  },

  async awaitingAllocation(tx: Tx, teamId: string) {
    return tx
      .selectFrom('support_case')
      .innerJoin('family_unit', (j) => j.onRef('family_unit.id', '=', 'support_case.family_unit_id').onRef('family_unit.local_authority_id', '=', 'support_case.local_authority_id'))
      .select(['support_case.id', 'support_case.reference', 'support_case.opened_on', 'support_case.tier', 'family_unit.id as family_unit_id', 'family_unit.name as family_name', memberCount.as('member_count')])
      .where('support_case.team_id', '=', teamId)
      .where('support_case.status', '=', 'awaiting_allocation')
      .orderBy('support_case.opened_on')
      .execute();
  },

  async find(tx: Tx, id: string) {
    return tx
      .selectFrom('support_case')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'support_case.keyworker_id').onRef('app_user.local_authority_id', '=', 'support_case.local_authority_id'))
      .select([
        'support_case.id',
        'support_case.reference',
        'support_case.family_unit_id',
        'support_case.team_id',
        'support_case.keyworker_id',
        'support_case.status',
        'support_case.tier',
        'support_case.opened_on',
        'support_case.closed_on',
        'support_case.complexity',
        'support_case.allocated_on',
        'support_case.request_id',
        'support_case.previous_case_id',
        'app_user.display_name as keyworker_name',
      ])
      .where('support_case.id', '=', id)
      .executeTakeFirst();
  },

  async forFamily(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('support_case')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'support_case.keyworker_id').onRef('app_user.local_authority_id', '=', 'support_case.local_authority_id'))
      .leftJoin('team', (j) => j.onRef('team.id', '=', 'support_case.team_id').onRef('team.local_authority_id', '=', 'support_case.local_authority_id'))
      .select([
        'support_case.id',
        'support_case.reference',
        'support_case.status',
        'support_case.tier',
        'support_case.team_id',
        'support_case.keyworker_id',
        'support_case.opened_on',
        'support_case.closed_on',
        'app_user.display_name as keyworker_name',
        'team.name as team_name',
      ])
      .where('support_case.family_unit_id', '=', familyUnitId)
      .orderBy(sql`support_case.status = 'closed'`)
      .orderBy('support_case.opened_on', 'desc')
      .execute();
  },

  async history(tx: Tx, caseId: string) {
    return tx
      .selectFrom('case_history')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'case_history.changed_by').onRef('app_user.local_authority_id', '=', 'case_history.local_authority_id'))
      .select(['case_history.id', 'case_history.kind', 'case_history.from_value', 'case_history.to_value', 'case_history.note', 'case_history.changed_at', 'app_user.display_name as changed_by_name'])
      .where('case_history.case_id', '=', caseId)
      .orderBy('case_history.changed_at', 'desc')
      .execute();
  },

  async setKeyworker(tx: Tx, caseId: string, keyworkerId: string, status: CaseStatus): Promise<void> {
    await tx.updateTable('support_case').set({ keyworker_id: keyworkerId, status }).where('id', '=', caseId).execute();
  },

  async insertHistory(
    tx: Tx,
    entry: { local_authority_id: string; case_id: string; kind: CaseHistoryKind; from_value: string | null; to_value: string | null; note: string | null; changed_by: string | null; changed_at?: Date },
  ): Promise<void> {
    await tx.insertInto('case_history').values(entry).execute();
  },

  async insert(tx: Tx, row: Insertable<SupportCaseTable>): Promise<string> {
    const inserted = await tx.insertInto('support_case').values(row).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  },

  async insertTafMember(tx: Tx, row: Insertable<TafMemberTable>): Promise<string> {
    const inserted = await tx.insertInto('taf_member').values(row).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  },

  /** This person's Team Around the Family membership of this case, if current today. */
  async activeTafMembership(tx: Tx, caseId: string, userId: string, today: string) {
    return tx
      .selectFrom('taf_member')
      .select(['id', 'agency', 'role', 'sees_special_category'])
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .where('from_date', '<=', today)
      .where((w) => w.or([w('to_date', 'is', null), w('to_date', '>=', today)]))
      .executeTakeFirst();
  },

  async tafMembers(tx: Tx, caseId: string) {
    return tx
      .selectFrom('taf_member')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'taf_member.user_id').onRef('app_user.local_authority_id', '=', 'taf_member.local_authority_id'))
      .select(['taf_member.id', 'taf_member.user_id', 'taf_member.name', 'taf_member.agency', 'taf_member.role', 'taf_member.from_date', 'taf_member.to_date', 'taf_member.sees_special_category', 'app_user.email as user_email'])
      .where('taf_member.case_id', '=', caseId)
      .orderBy('taf_member.from_date')
      .orderBy('taf_member.name')
      .execute();
  },

  async endTafMember(tx: Tx, caseId: string, memberId: string, toDate: string): Promise<number> {
    const r = await tx.updateTable('taf_member').set({ to_date: toDate }).where('case_id', '=', caseId).where('id', '=', memberId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async setStatus(tx: Tx, caseId: string, status: CaseStatus, closedOn: string | null): Promise<void> {
    await tx.updateTable('support_case').set({ status, closed_on: closedOn }).where('id', '=', caseId).execute();
  },

  async setAllocatedOn(tx: Tx, caseId: string, on: string): Promise<void> {
    await tx.updateTable('support_case').set({ allocated_on: on }).where('id', '=', caseId).where('allocated_on', 'is', null).execute();
  },

  /** Earlier episodes of support for the same family, newest first. */
  async episodes(tx: Tx, familyUnitId: string) {
    return tx
      .selectFrom('support_case')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'support_case.keyworker_id').onRef('app_user.local_authority_id', '=', 'support_case.local_authority_id'))
      .select(['support_case.id', 'support_case.reference', 'support_case.status', 'support_case.opened_on', 'support_case.closed_on', 'support_case.keyworker_id', 'app_user.display_name as keyworker_name'])
      .where('support_case.family_unit_id', '=', familyUnitId)
      .orderBy('support_case.opened_on', 'desc')
      .execute();
  },

  /** Open cases held by keyworkers of a team, with what weighting needs. */
  async teamOpenCases(tx: Tx, teamId: string) {
    return tx
      .selectFrom('support_case')
      .select(['support_case.id', 'support_case.keyworker_id', 'support_case.tier', 'support_case.complexity', memberCount.as('member_count')])
      .where('support_case.team_id', '=', teamId)
      .where('support_case.status', '=', 'open')
      .where('support_case.keyworker_id', 'is not', null)
      .execute();
  },

  async openCaseCount(tx: Tx, keyworkerId: string): Promise<number> {
    const row = await tx
      .selectFrom('support_case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('keyworker_id', '=', keyworkerId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
