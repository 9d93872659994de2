// The family plan: goals tied to identified needs, each with a measurable target, an owner from
// the Team Around the Family (or the family, or the keyworker), a due date and a status; actions
// with owners and due dates; saved versions. And the TAF itself: members and meetings.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assessmentRepository } from '../assessments/assessment.repository.ts';
import { loadCaseContext, personName, requireArea, requireWritable, type CaseContext } from '../cases/case-context.ts';
import { caseRepository } from '../cases/case.repository.ts';
import { DUE_STATUS_LABELS, dueStatus } from '../cases/due.ts';
import { oneOf, optionalText, readDate, requireText } from '../cases/form-helpers.ts';
import { isUuid } from '../../platform/ids.ts';
import { planRepository } from './plan.repository.ts';
import { GOAL_STATUSES, type GoalStatus } from './plan.tables.ts';

export const GOAL_STATUS_LABELS: Record<GoalStatus, { text: string; colour: string }> = {
  not_started: { text: 'Not started', colour: 'grey' },
  in_progress: { text: 'In progress', colour: 'blue' },
  achieved: { text: 'Achieved', colour: 'green' },
  not_achieved: { text: 'Not achieved', colour: 'red' },
  dropped: { text: 'Dropped', colour: 'grey' },
};
export const MODE_LABELS = { in_person: 'In person', video: 'Video', phone: 'Phone' } as const;

/** Who may own a goal or action: the keyworker, any current TAF member, any current family member. */
async function owners(tx: Tx, c: CaseContext) {
  const taf = (await caseRepository.tafMembers(tx, c.kase.id)).filter((t) => t.to_date === null || t.to_date >= c.today);
  return [
    ...(c.kase.keyworker_name ? [{ value: 'keyworker', text: `${c.kase.keyworker_name} (keyworker)`, tafId: null as string | null }] : []),
    ...taf.map((t) => ({ value: `taf:${t.id}`, text: `${t.name} (${t.agency})`, tafId: t.id as string | null })),
    ...c.members.filter((m) => m.current).map((m) => ({ value: `person:${m.person_id}`, text: `${m.given_name} ${m.family_name} (family)`, tafId: null as string | null })),
  ];
}

export function createPlanService(db: Db, audit: AuditService, clock: Clock) {
  async function resolveOwner(tx: Tx, c: CaseContext, value: string, errors: FieldErrors, field: string) {
    const found = (await owners(tx, c)).find((o) => o.value === value);
    if (!found) errors[field] = 'Select who owns it';
    return found;
  }

  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'plan');
        const [goals, actions, versions, needs, ownerList] = await Promise.all([planRepository.goals(tx, c.kase.id), planRepository.actions(tx, c.kase.id), planRepository.versions(tx, c.kase.id), assessmentRepository.needs(tx, c.kase.id), owners(tx, c)]);
        const shown = goals.filter((g) => c.see({ area: 'plan', personIds: g.person_id ? [g.person_id] : [], specialCategory: g.special_category }));
        const shownIds = new Set(shown.map((g) => g.id));
        await audit.record(tx, ctx, { action: 'plan.read', subjectType: 'support_case', subjectId: c.kase.id });
        return {
          header: c.header,
          canWrite: c.canWrite,
          today: c.today,
          goals: shown.map((g) => ({ ...g, person_name: personName(c, g.person_id), statusLabel: GOAL_STATUS_LABELS[g.status], actions: actions.filter((a) => a.goal_id === g.id).map((a) => ({ ...a, dueLabel: a.status === 'open' ? DUE_STATUS_LABELS[dueStatus(a.due_on, c.today)] : null })) })),
          otherActions: actions.filter((a) => !a.goal_id || !shownIds.has(a.goal_id)).filter((a) => !a.goal_id).map((a) => ({ ...a, dueLabel: a.status === 'open' ? DUE_STATUS_LABELS[dueStatus(a.due_on, c.today)] : null })),
          versions: versions.map((v) => ({ ...v, snapshot: undefined })),
          needs: needs.filter((n) => n.status === 'open').filter((n) => c.see({ area: 'assessment', personIds: n.person_id ? [n.person_id] : [], specialCategory: n.special_category })).map((n) => ({ id: n.id, text: `${personName(c, n.person_id)}: ${n.headline}: ${n.description}` })),
          owners: ownerList,
          statuses: GOAL_STATUSES.map((s) => ({ value: s, text: GOAL_STATUS_LABELS[s].text })),
          withheld: goals.length - shown.length,
        };
      });
    },

    async addGoal(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const errors: FieldErrors = {};
        const needs = await assessmentRepository.needs(tx, c.kase.id);
        const need = needs.find((n) => n.id === form.needId);
        if (!need) errors.needId = needs.length ? 'Select the need this goal addresses' : 'Add the family’s needs in the assessment first: every goal addresses a need';
        const title = requireText(form.title ?? '', 'title', 'Enter the goal', errors, 300);
        const target = requireText(form.target ?? '', 'target', 'Enter a measurable target, like attendance above 95% for a term', errors, 500);
        const owner = await resolveOwner(tx, c, form.owner ?? '', errors, 'owner');
        const dueOn = readDate(form, 'goalDue', 'the due date', errors);
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const id = await planRepository.insertGoal(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, need_id: need?.id ?? null, person_id: need?.person_id ?? null, title, target, owner_label: owner?.text ?? '', owner_taf_member_id: owner?.tafId ?? null, due_on: dueOn as string, special_category: need?.special_category ?? false, created_by: ctx.actor.id, created_at: clock.now(), updated_at: clock.now() });
        await audit.record(tx, ctx, { action: 'plan.goal.add', subjectType: 'plan_goal', subjectId: id, details: { case: c.kase.id, need: need?.id } });
      });
    },

    async setGoalStatus(ctx: RequestContext, caseId: string, goalId: string, status: string) {
      if (!isUuid(goalId)) throw new NotFoundError('Goal');
      const errors: FieldErrors = {};
      const s = oneOf(status, GOAL_STATUSES, 'status', 'Select a status', errors);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        if ((await planRepository.updateGoal(tx, c.kase.id, goalId, { status: s, updated_at: clock.now() })) === 0) throw new NotFoundError('Goal');
        await audit.record(tx, ctx, { action: 'plan.goal.status', subjectType: 'plan_goal', subjectId: goalId, details: { status: s } });
      });
    },

    async addAction(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const errors: FieldErrors = {};
        const goals = await planRepository.goals(tx, c.kase.id);
        const goal = form.goalId ? goals.find((g) => g.id === form.goalId) : undefined;
        if (form.goalId && !goal) errors.goalId = 'Select a goal of this plan';
        const description = requireText(form.description ?? '', 'description', 'Enter the action', errors, 500);
        const owner = await resolveOwner(tx, c, form.actionOwner ?? '', errors, 'actionOwner');
        const dueOn = readDate(form, 'actionDue', 'the due date', errors);
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const id = await planRepository.insertAction(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, goal_id: goal?.id ?? null, description, owner_label: owner?.text ?? '', owner_taf_member_id: owner?.tafId ?? null, due_on: dueOn as string, created_by: ctx.actor.id, created_at: clock.now() });
        await audit.record(tx, ctx, { action: 'plan.action.add', subjectType: 'plan_action', subjectId: id, details: { case: c.kase.id } });
      });
    },

    async completeAction(ctx: RequestContext, caseId: string, actionId: string) {
      if (!isUuid(actionId)) throw new NotFoundError('Action');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        if ((await planRepository.completeAction(tx, c.kase.id, actionId, c.today)) === 0) throw new NotFoundError('Action');
        await audit.record(tx, ctx, { action: 'plan.action.done', subjectType: 'plan_action', subjectId: actionId });
      });
    },

    async saveVersion(ctx: RequestContext, caseId: string, reasonInput: string) {
      const errors: FieldErrors = {};
      const reason = requireText(reasonInput, 'reason', 'Enter why this version is being saved, like agreed at the review', errors, 500);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const [goals, actions] = await Promise.all([planRepository.goals(tx, c.kase.id), planRepository.actions(tx, c.kase.id)]);
        if (goals.length === 0) throw new ConflictError('Add at least one goal before saving a version of the plan.');
        const version = await planRepository.insertVersion(tx, ctx.actor.localAuthorityId, c.kase.id, reason, { goals, actions }, ctx.actor.id, clock.now());
        await audit.record(tx, ctx, { action: 'plan.version.save', subjectType: 'support_case', subjectId: c.kase.id, details: { version, reason } });
        return version;
      });
    },

    // --- Team Around the Family ---
    async taf(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'meetings');
        const [members, meetings] = await Promise.all([caseRepository.tafMembers(tx, c.kase.id), planRepository.meetings(tx, c.kase.id)]);
        const shownMeetings = meetings.filter(() => c.see({ area: 'meetings', personIds: [], specialCategory: false }));
        const attendees = await planRepository.attendees(tx, shownMeetings.map((m) => m.id));
        const partners = c.canWrite ? await tx.selectFrom('app_user').select(['id', 'display_name', 'organisation']).where('role', '=', 'partner').where('active', '=', true).orderBy('display_name').execute() : [];
        await audit.record(tx, ctx, { action: 'taf.read', subjectType: 'support_case', subjectId: c.kase.id });
        return {
          header: c.header,
          canWrite: c.canWrite,
          today: c.today,
          members: members.map((m) => ({ ...m, current: m.to_date === null || m.to_date >= c.today })),
          meetings: shownMeetings.map((m) => ({ ...m, mode_label: MODE_LABELS[m.mode], attendees: attendees.filter((a) => a.meeting_id === m.id) })),
          people: c.members.filter((m) => m.current).map((m) => ({ id: m.person_id, name: `${m.given_name} ${m.family_name}` })),
          partners,
          withheld: meetings.length - shownMeetings.length,
        };
      });
    },

    async addMember(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const name = requireText(form.name ?? '', 'name', 'Enter the practitioner’s name', errors, 200);
      const agency = requireText(form.agency ?? '', 'agency', 'Enter their agency or service', errors, 200);
      const role = requireText(form.role ?? '', 'role', 'Enter their role', errors, 200);
      const fromDate = readDate(form, 'memberFrom', 'the date they joined', errors);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        let userId: string | null = null;
        if (form.userId) {
          const user = await tx.selectFrom('app_user').select(['id']).where('id', '=', isUuid(form.userId) ? form.userId : '00000000-0000-0000-0000-000000000000').where('role', '=', 'partner').executeTakeFirst();
          if (!user) throw new ValidationError({ userId: 'Select a partner account, or none' });
          userId = user.id;
        }
        const id = await caseRepository.insertTafMember(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, user_id: userId, name, agency, role, from_date: fromDate as string, to_date: null, sees_special_category: form.seesSpecialCategory === 'yes' });
        await audit.record(tx, ctx, { action: 'taf.member.add', subjectType: 'taf_member', subjectId: id, details: { case: c.kase.id, agency, account: userId, special: form.seesSpecialCategory === 'yes' } });
      });
    },

    async endMember(ctx: RequestContext, caseId: string, memberId: string) {
      if (!isUuid(memberId)) throw new NotFoundError('TAF member');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        if ((await caseRepository.endTafMember(tx, c.kase.id, memberId, c.today)) === 0) throw new NotFoundError('TAF member');
        await audit.record(tx, ctx, { action: 'taf.member.end', subjectType: 'taf_member', subjectId: memberId });
      });
    },

    async planMeeting(ctx: RequestContext, caseId: string, form: Record<string, string>, invited: string[]) {
      const errors: FieldErrors = {};
      const heldOn = readDate(form, 'meetingOn', 'the date of the meeting', errors);
      const mode = oneOf(form.mode ?? '', ['in_person', 'video', 'phone'] as const, 'mode', 'Select how the meeting is held', errors);
      if (invited.length === 0) errors.invited = 'Select who is invited';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const members = await caseRepository.tafMembers(tx, c.kase.id);
        const attendees = invited.flatMap((v): Array<{ taf_member_id: string | null; person_id: string | null; name: string }> => {
          const [kind, id] = v.split(':');
          if (kind === 'taf') { const m = members.find((x) => x.id === id); return m ? [{ taf_member_id: m.id, person_id: null, name: `${m.name} (${m.agency})` }] : []; }
          if (kind === 'person') { const p = c.members.find((x) => x.person_id === id); return p ? [{ taf_member_id: null, person_id: p.person_id, name: `${p.given_name} ${p.family_name}` }] : []; }
          return [];
        });
        if (attendees.length === 0) throw new ValidationError({ invited: 'Select who is invited' });
        const id = await planRepository.insertMeeting(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, held_on: heldOn as string, mode, created_by: ctx.actor.id }, attendees);
        await audit.record(tx, ctx, { action: 'taf.meeting.plan', subjectType: 'taf_meeting', subjectId: id, details: { case: c.kase.id, invited: attendees.length } });
      });
    },

    async meetingForm(ctx: RequestContext, caseId: string, meetingId: string) {
      if (!isUuid(meetingId)) throw new NotFoundError('Meeting');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const meeting = await planRepository.meeting(tx, c.kase.id, meetingId);
        if (!meeting) throw new NotFoundError('Meeting');
        const [attendees, ownerList] = await Promise.all([planRepository.attendees(tx, [meeting.id]), owners(tx, c)]);
        await audit.record(tx, ctx, { action: 'taf.meeting.read', subjectType: 'taf_meeting', subjectId: meeting.id });
        return { header: c.header, today: c.today, meeting: { ...meeting, mode_label: MODE_LABELS[meeting.mode] }, attendees, owners: ownerList };
      });
    },

    async recordMeeting(ctx: RequestContext, caseId: string, meetingId: string, form: Record<string, string>) {
      if (!isUuid(meetingId)) throw new NotFoundError('Meeting');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const meeting = await planRepository.meeting(tx, c.kase.id, meetingId);
        if (!meeting) throw new NotFoundError('Meeting');
        const attendees = await planRepository.attendees(tx, [meeting.id]);
        const errors: FieldErrors = {};
        const attendance = attendees.map((a) => ({ id: a.id, attendance: oneOf(form[`attendance_${a.id}`] ?? '', ['attended', 'apologies', 'did_not_attend'] as const, `attendance_${a.id}`, `Select whether ${a.name} attended`, errors) }));
        const minutes = requireText(form.minutes ?? '', 'minutes', 'Enter the minutes', errors, 20_000);
        const decisions = optionalText(form.decisions ?? '', 'decisions', 'Decisions', errors, 5000);
        const actionText = (form.actionDescription ?? '').trim();
        let owner;
        let actionDue: string | null = null;
        if (actionText) {
          owner = await resolveOwner(tx, c, form.actionOwner ?? '', errors, 'actionOwner');
          actionDue = readDate(form, 'actionDue', 'the due date of the action', errors);
        }
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        await planRepository.recordMeeting(tx, meeting.id, { minutes, decisions }, attendance);
        if (actionText && owner && actionDue) await planRepository.insertAction(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, meeting_id: meeting.id, description: actionText, owner_label: owner.text, owner_taf_member_id: owner.tafId, due_on: actionDue, created_by: ctx.actor.id, created_at: clock.now() });
        await audit.record(tx, ctx, { action: 'taf.meeting.record', subjectType: 'taf_meeting', subjectId: meeting.id, details: { case: c.kase.id, attended: attendance.filter((a) => a.attendance === 'attended').length } });
      });
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
