// Reviews of the family plan at the council's interval (default six weeks) and supervision per case.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadCaseContext, requireArea, requireWritable } from './case-context.ts';
import { caseworkEventRepository } from './casework-event.repository.ts';
import { addDays, DUE_STATUS_LABELS, dueStatus, nextReviewDue } from './due.ts';
import { oneOf, optionalText, readDate, requireText } from './form-helpers.ts';
import { reviewRepository } from './review.repository.ts';
import type { ReviewDecision } from './case.tables.ts';

export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  continue: 'Continue with the plan',
  step_down: 'Plan to step down (to universal or lighter support)',
  step_up: "Step up to children's social care",
  close: 'Plan to close: goals met',
};

export function createReviewService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'reviews');
        const holder = c.viewer.kind === 'case_holder';
        const [reviews, supervisions] = await Promise.all([reviewRepository.reviews(tx, c.kase.id), holder ? reviewRepository.supervisions(tx, c.kase.id) : Promise.resolve([])]);
        const started = c.kase.allocated_on ?? c.kase.opened_on;
        const last = reviews[0];
        const nextDue = nextReviewDue({ startedOn: started, lastReviewOn: last?.held_on ?? null, lastSetNextOn: last?.next_review_on ?? null, intervalDays: c.settings.review_interval_days });
        const supervisionDue = addDays(supervisions[0]?.held_on ?? started, c.settings.supervision_interval_days);
        const shownReviews = reviews.filter(() => c.see({ area: 'reviews', personIds: [], specialCategory: false }));
        await audit.record(tx, ctx, { action: 'review.list', subjectType: 'support_case', subjectId: c.kase.id });
        return {
          header: c.header,
          canWrite: c.canWrite,
          canSupervise: c.canWrite && ctx.actor.permissions.has('supervision:record'),
          isHolder: holder,
          intervalDays: c.settings.review_interval_days,
          nextDue: c.kase.status === 'open' ? { on: nextDue, label: DUE_STATUS_LABELS[dueStatus(nextDue, c.today)] } : null,
          supervisionDue: c.kase.status === 'open' && holder ? { on: supervisionDue, label: DUE_STATUS_LABELS[dueStatus(supervisionDue, c.today)] } : null,
          reviews: shownReviews.map((r) => ({ ...r, decision_label: REVIEW_DECISION_LABELS[r.decision] })),
          supervisions,
          withheld: reviews.length - shownReviews.length,
          today: c.today,
        };
      });
    },

    async recordReview(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const today = isoDate(clock.now());
      const heldOn = readDate(form, 'heldOn', 'the date of the review', errors);
      if (heldOn && heldOn > today) errors.heldOn = 'The date of the review must be today or in the past';
      const progress = requireText(form.progress ?? '', 'progress', 'Enter the progress made against the plan', errors);
      const familyView = optionalText(form.familyView ?? '', 'familyView', "The family's view", errors);
      const decision = oneOf(form.decision ?? '', ['continue', 'step_down', 'step_up', 'close'] as const, 'decision', 'Select the outcome of the review', errors);
      const nextOn = readDate(form, 'nextReviewOn', 'the next review date', errors, { optional: true });
      if (heldOn && nextOn && nextOn <= heldOn) errors.nextReviewOn = 'The next review date must be after the review';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const next = nextOn ?? addDays(heldOn as string, c.settings.review_interval_days);
        const id = await reviewRepository.insertReview(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, held_on: heldOn as string, progress, family_view: familyView, decision, next_review_on: next, recorded_by: ctx.actor.id });
        await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.review', occurredOn: heldOn as string, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, review_id: id, decision } });
        await audit.record(tx, ctx, { action: 'review.record', subjectType: 'case_review', subjectId: id, details: { case: c.kase.id, decision, next } });
        return { next };
      });
    },

    async recordSupervision(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      if (!ctx.actor.permissions.has('supervision:record')) throw new NotFoundError('Case');
      const errors: FieldErrors = {};
      const today = isoDate(clock.now());
      const heldOn = readDate(form, 'supervisedOn', 'the date of supervision', errors);
      if (heldOn && heldOn > today) errors.supervisedOn = 'The date of supervision must be today or in the past';
      const discussion = requireText(form.discussion ?? '', 'discussion', 'Enter what was discussed', errors);
      const decisions = optionalText(form.decisions ?? '', 'decisions', 'Decisions', errors);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const id = await reviewRepository.insertSupervision(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, held_on: heldOn as string, supervisor_id: ctx.actor.id, discussion, decisions, case_drift: form.caseDrift === 'yes', recorded_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'supervision.record', subjectType: 'supervision', subjectId: id, details: { case: c.kase.id, drift: form.caseDrift === 'yes' } });
      });
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
