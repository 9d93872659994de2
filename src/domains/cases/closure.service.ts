// Closure: a structured reason, an exit plan, a hand-over when stepping up or down, a risk check
// when the family withdrew, and a manager's approval (not the requester's own). On approval the
// case closes and follow-up calls are scheduled (default 3, 6 and 12 months).
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { loadCaseContext, requireArea, requireWritable } from './case-context.ts';
import { caseRepository } from './case.repository.ts';
import { CLOSURE_REASONS, type ClosureReason } from './case.tables.ts';
import { caseworkEventRepository } from './casework-event.repository.ts';
import { closureRepository } from './closure.repository.ts';
import { DUE_STATUS_LABELS, dueStatus, followUpDates } from './due.ts';
import { oneOf, optionalText, requireText } from './form-helpers.ts';

export const CLOSURE_REASON_LABELS: Record<ClosureReason, string> = {
  goals_met: 'Goals met: the family no longer needs support',
  stepped_up: "Stepped up to children's social care",
  stepped_down: 'Stepped down to universal or lighter support',
  moved_away: 'Moved away',
  disengaged: 'The family withdrew or would not engage',
};

export function createClosureService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()), { allowPastKeyworker: true });
        requireArea(c, 'closure');
        const [closures, followUps] = await Promise.all([closureRepository.forCase(tx, c.kase.id), closureRepository.followUps(tx, c.kase.id)]);
        await audit.record(tx, ctx, { action: 'closure.read', subjectType: 'support_case', subjectId: c.kase.id });
        const pending = closures.find((x) => x.status === 'requested');
        return {
          header: c.header,
          canRequest: c.canWrite && !pending && c.kase.status === 'open',
          canFollowUp: c.viewer.kind === 'case_holder' && ctx.actor.permissions.has('family:write') && c.kase.status === 'closed',
          closures: closures.map((x) => ({ ...x, reason_label: CLOSURE_REASON_LABELS[x.reason] })),
          followUps: followUps.map((f) => ({ ...f, label: f.done_on ? null : DUE_STATUS_LABELS[dueStatus(f.due_on, c.today)] })),
          followUpMonths: c.settings.follow_up_months,
        };
      });
    },

    async request(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const reason = oneOf(form.reason ?? '', CLOSURE_REASONS, 'reason', 'Select why the case is closing', errors);
      const summary = requireText(form.summary ?? '', 'summary', 'Enter a summary of the work and what changed', errors);
      const exitPlan = requireText(form.exitPlan ?? '', 'exitPlan', 'Enter the exit plan: who the family can turn to, and onward support', errors);
      const handover = reason === 'stepped_up' || reason === 'stepped_down';
      const handoverTo = handover ? requireText(form.handoverTo ?? '', 'handoverTo', 'Enter who the family is handed over to', errors, 300) : optionalText(form.handoverTo ?? '', 'handoverTo', 'Handed over to', errors, 300);
      const handoverNotes = optionalText(form.handoverNotes ?? '', 'handoverNotes', 'Hand-over notes', errors);
      const riskCheck = reason === 'disengaged' ? requireText(form.riskCheck ?? '', 'riskCheck', 'Enter the risk check: what could happen to the children if the case closes now', errors) : optionalText(form.riskCheck ?? '', 'riskCheck', 'Risk check', errors);
      const familyAgreed = oneOf(form.familyAgreed ?? '', ['yes', 'no', 'not_asked'] as const, 'familyAgreed', 'Select whether the family agreed to the case closing', errors);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        if ((await closureRepository.forCase(tx, c.kase.id)).some((x) => x.status === 'requested')) throw new ConflictError('A closure is already waiting for approval.');
        const id = await closureRepository.insert(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, reason, summary, exit_plan: exitPlan, handover_to: handoverTo, handover_notes: handoverNotes, risk_check: riskCheck, family_agreed: familyAgreed, requested_by: ctx.actor.id, requested_on: today });
        await audit.record(tx, ctx, { action: 'closure.request', subjectType: 'case_closure', subjectId: id, details: { case: c.kase.id, reason } });
      });
    },

    async decision(ctx: RequestContext, closureId: string) {
      if (!isUuid(closureId)) throw new NotFoundError('Closure');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const closure = await closureRepository.find(tx, closureId);
        if (!closure) throw new NotFoundError('Closure');
        const c = await loadCaseContext(tx, ctx.actor, closure.case_id, isoDate(clock.now()));
        if (c.kase.team_id !== ctx.actor.teamId) throw new NotFoundError('Closure');
        await audit.record(tx, ctx, { action: 'closure.read', subjectType: 'case_closure', subjectId: closure.id });
        return { header: c.header, closure: { ...closure, reason_label: CLOSURE_REASON_LABELS[closure.reason] }, ownRequest: closure.requested_by === ctx.actor.id, followUpMonths: c.settings.follow_up_months };
      });
    },

    async decide(ctx: RequestContext, closureId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const decision = oneOf(form.decision ?? '', ['approved', 'rejected'] as const, 'decision', 'Select approve or reject', errors);
      const note = decision === 'rejected' ? requireText(form.note ?? '', 'note', 'Enter why the closure is rejected', errors, 2000) : optionalText(form.note ?? '', 'note', 'Note', errors, 2000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      if (!isUuid(closureId)) throw new NotFoundError('Closure');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const closure = await closureRepository.find(tx, closureId);
        if (!closure) throw new NotFoundError('Closure');
        const c = await loadCaseContext(tx, ctx.actor, closure.case_id, today);
        if (c.kase.team_id !== ctx.actor.teamId) throw new NotFoundError('Closure');
        if (closure.requested_by === ctx.actor.id) throw new ConflictError('You cannot approve your own closure request. Another manager must decide it.');
        if ((await closureRepository.decide(tx, closure.id, decision, ctx.actor.id, today, note)) === 0) throw new ConflictError('This closure has already been decided.');
        if (decision === 'approved') {
          await caseRepository.setStatus(tx, c.kase.id, 'closed', today);
          await caseRepository.insertHistory(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, kind: 'closure', from_value: c.kase.status, to_value: closure.reason, note: closure.handover_to ? `Handed over to ${closure.handover_to}` : null, changed_by: ctx.actor.id, changed_at: clock.now() });
          const dates = followUpDates(today, c.settings.follow_up_months);
          await closureRepository.insertFollowUps(tx, dates.map((d) => ({ local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, months: d.months, due_on: d.dueOn })));
          await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.case_closed', occurredOn: today, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, reason: closure.reason, handover_to: closure.handover_to } });
          if (closure.reason === 'stepped_up' || closure.reason === 'stepped_down') {
            await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: `casework.${closure.reason}`, occurredOn: today, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, handover_to: closure.handover_to } });
          }
        }
        await audit.record(tx, ctx, { action: `closure.${decision === 'approved' ? 'approve' : 'reject'}`, subjectType: 'case_closure', subjectId: closure.id, details: { case: c.kase.id, note } });
        return { decision, familyName: c.family.name, familyUnitId: c.family.id, caseId: c.kase.id };
      });
    },

    async pending(ctx: RequestContext) {
      const teamId = ctx.actor.teamId;
      if (!teamId) return [];
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const rows = await closureRepository.pendingForTeam(tx, teamId);
        await audit.record(tx, ctx, { action: 'closure.pending.read', subjectType: 'team', subjectId: teamId, details: { items: rows.length } });
        return rows.map((x) => ({ ...x, reason_label: CLOSURE_REASON_LABELS[x.reason] }));
      });
    },

    async recordFollowUp(ctx: RequestContext, caseId: string, followUpId: string, outcomeInput: string) {
      const errors: FieldErrors = {};
      const outcome = requireText(outcomeInput, `outcome-${followUpId}`, 'Enter how the family is doing', errors, 5000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      if (!isUuid(followUpId)) throw new NotFoundError('Follow-up');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today, { allowPastKeyworker: true });
        if (c.viewer.kind !== 'case_holder' || !ctx.actor.permissions.has('family:write')) throw new NotFoundError('Case');
        if ((await closureRepository.completeFollowUp(tx, c.kase.id, followUpId, today, outcome, ctx.actor.id)) === 0) throw new NotFoundError('Follow-up');
        await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.follow_up', occurredOn: today, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, follow_up_id: followUpId } });
        await audit.record(tx, ctx, { action: 'follow_up.record', subjectType: 'follow_up', subjectId: followUpId, details: { case: c.kase.id } });
      });
    },
  };
}

export type ClosureService = ReturnType<typeof createClosureService>;
