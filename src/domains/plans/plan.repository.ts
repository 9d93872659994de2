import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../../db/tenant.ts';
import type { PlanActionTable, PlanGoalTable, TafMeetingTable } from './plan.tables.ts';

export const planRepository = {
  async goals(tx: Tx, caseId: string) {
    return tx
      .selectFrom('plan_goal')
      .leftJoin('assessment_need', (j) => j.onRef('assessment_need.id', '=', 'plan_goal.need_id').onRef('assessment_need.local_authority_id', '=', 'plan_goal.local_authority_id'))
      .select(['plan_goal.id', 'plan_goal.need_id', 'plan_goal.person_id', 'plan_goal.title', 'plan_goal.target', 'plan_goal.owner_label', 'plan_goal.owner_taf_member_id', 'plan_goal.due_on', 'plan_goal.status', 'plan_goal.special_category', 'assessment_need.headline as need_headline', 'assessment_need.description as need_description'])
      .where('plan_goal.case_id', '=', caseId)
      .orderBy('plan_goal.due_on')
      .execute();
  },
  async actions(tx: Tx, caseId: string) {
    return tx.selectFrom('plan_action').select(['id', 'goal_id', 'meeting_id', 'description', 'owner_label', 'owner_taf_member_id', 'due_on', 'status', 'completed_on']).where('case_id', '=', caseId).orderBy('due_on').execute();
  },
  async versions(tx: Tx, caseId: string) {
    return tx
      .selectFrom('plan_version')
      .leftJoin('app_user', (j) => j.onRef('app_user.id', '=', 'plan_version.created_by').onRef('app_user.local_authority_id', '=', 'plan_version.local_authority_id'))
      .select(['plan_version.id', 'plan_version.version', 'plan_version.reason', 'plan_version.created_at', 'plan_version.snapshot', 'app_user.display_name as created_by_name'])
      .where('plan_version.case_id', '=', caseId)
      .orderBy('plan_version.version', 'desc')
      .execute();
  },
  async insertGoal(tx: Tx, row: Insertable<PlanGoalTable>): Promise<string> {
    return (await tx.insertInto('plan_goal').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async updateGoal(tx: Tx, caseId: string, id: string, values: Updateable<PlanGoalTable>): Promise<number> {
    return Number((await tx.updateTable('plan_goal').set(values).where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst()).numUpdatedRows);
  },
  async insertAction(tx: Tx, row: Insertable<PlanActionTable>): Promise<string> {
    return (await tx.insertInto('plan_action').values(row).returning('id').executeTakeFirstOrThrow()).id;
  },
  async completeAction(tx: Tx, caseId: string, id: string, on: string): Promise<number> {
    return Number((await tx.updateTable('plan_action').set({ status: 'done', completed_on: on }).where('case_id', '=', caseId).where('id', '=', id).where('status', '=', 'open').executeTakeFirst()).numUpdatedRows);
  },
  async insertVersion(tx: Tx, localAuthorityId: string, caseId: string, reason: string, snapshot: unknown, userId: string, createdAt?: Date): Promise<number> {
    const last = await tx.selectFrom('plan_version').select((eb) => eb.fn.max('version').as('v')).where('case_id', '=', caseId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await tx.insertInto('plan_version').values({ local_authority_id: localAuthorityId, case_id: caseId, version, reason, snapshot: JSON.stringify(snapshot), created_by: userId, ...(createdAt ? { created_at: createdAt } : {}) }).execute();
    return version;
  },
  async meetings(tx: Tx, caseId: string) {
    return tx.selectFrom('taf_meeting').select(['id', 'held_on', 'mode', 'status', 'minutes', 'decisions']).where('case_id', '=', caseId).orderBy('held_on', 'desc').execute();
  },
  async meeting(tx: Tx, caseId: string, id: string) {
    return tx.selectFrom('taf_meeting').select(['id', 'held_on', 'mode', 'status', 'minutes', 'decisions']).where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  },
  async attendees(tx: Tx, meetingIds: readonly string[]) {
    if (meetingIds.length === 0) return [];
    return tx.selectFrom('taf_meeting_attendee').select(['id', 'meeting_id', 'taf_member_id', 'person_id', 'name', 'attendance']).where('meeting_id', 'in', [...meetingIds]).orderBy('name').execute();
  },
  async insertMeeting(tx: Tx, row: Insertable<TafMeetingTable>, attendees: Array<{ taf_member_id: string | null; person_id: string | null; name: string }>): Promise<string> {
    const id = (await tx.insertInto('taf_meeting').values(row).returning('id').executeTakeFirstOrThrow()).id;
    if (attendees.length) await tx.insertInto('taf_meeting_attendee').values(attendees.map((a) => ({ ...a, local_authority_id: row.local_authority_id, meeting_id: id }))).execute();
    return id;
  },
  async recordMeeting(tx: Tx, id: string, values: { minutes: string; decisions: string | null }, attendance: Array<{ id: string; attendance: 'attended' | 'apologies' | 'did_not_attend' | 'invited' }>): Promise<void> {
    await tx.updateTable('taf_meeting').set({ ...values, status: 'held' }).where('id', '=', id).execute();
    for (const a of attendance) await tx.updateTable('taf_meeting_attendee').set({ attendance: a.attendance }).where('id', '=', a.id).where('meeting_id', '=', id).execute();
  },
};
