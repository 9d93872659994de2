// The family budget (Lincolnshire's pilot allowed up to £4,000 a family, seed 002 L419): small sums
// spent for the family, each requested by the keyworker and approved by a manager who is not the
// requester. Requests that would take the family over the council's limit are refused.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { loadCaseContext, requireArea, requireWritable } from './case-context.ts';
import { BUDGET_CATEGORIES, type BudgetCategory } from './case.tables.ts';
import { budgetRepository } from './budget.repository.ts';
import { caseworkEventRepository } from './casework-event.repository.ts';
import { oneOf, optionalText, parsePounds, readDate, requireText } from './form-helpers.ts';
import { formatPounds } from '../../platform/money.ts';

export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = {
  emergency: 'Emergency or clean-up',
  household: 'Household items',
  white_goods: 'White goods',
  furniture: 'Furniture',
  reward: 'Reward or treat',
  education: 'Education and learning',
  clothing: 'Clothing or school uniform',
  safety: 'Safety equipment',
  travel: 'Travel',
  other: 'Other',
};
const pounds = formatPounds;

export function budgetTotals(items: ReadonlyArray<{ status: string; amount_pence: number }>, limit: number) {
  const approved = items.filter((i) => i.status === 'approved').reduce((s, i) => s + i.amount_pence, 0);
  const requested = items.filter((i) => i.status === 'requested').reduce((s, i) => s + i.amount_pence, 0);
  return { approved, requested, limit, remaining: Math.max(0, limit - approved - requested) };
}

export function createBudgetService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'budget');
        const items = await budgetRepository.forCase(tx, c.kase.id);
        await audit.record(tx, ctx, { action: 'budget.read', subjectType: 'support_case', subjectId: c.kase.id });
        return { header: c.header, canWrite: c.canWrite, today: c.today, items: items.map((i) => ({ ...i, category_label: BUDGET_CATEGORY_LABELS[i.category] })), totals: budgetTotals(items, c.settings.budget_limit_pence) };
      });
    },

    async request(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const today = isoDate(clock.now());
      const description = requireText(form.description ?? '', 'description', 'Enter what the money is for', errors, 300);
      const category = oneOf(form.category ?? '', BUDGET_CATEGORIES, 'category', 'Select a category', errors);
      const amount = parsePounds(form.amount ?? '');
      if (!(form.amount ?? '').trim()) errors.amount = 'Enter the amount';
      else if (amount === null || amount <= 0) errors.amount = 'Amount must be a sum of money, like 45.50';
      const requestedOn = readDate(form, 'requestedOn', 'the date', errors);
      const supplier = optionalText(form.supplier ?? '', 'supplier', 'Supplier', errors, 200);
      const condition = optionalText(form.condition ?? '', 'condition', 'Condition', errors, 500);
      const otherSources = oneOf(form.otherSourcesTried ?? '', ['yes', 'no'] as const, 'otherSourcesTried', 'Select whether charities, school funds or second-hand sources were tried first', errors);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const totals = budgetTotals(await budgetRepository.forCase(tx, c.kase.id), c.settings.budget_limit_pence);
        if ((amount as number) > totals.remaining) throw new ValidationError({ amount: `This would take the family over the budget limit of ${pounds(totals.limit)}: ${pounds(totals.remaining)} is left` });
        const id = await budgetRepository.insert(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, description, category, amount_pence: amount as number, supplier, condition, other_sources_tried: otherSources === 'yes', recurring: form.recurring === 'yes', requested_on: requestedOn as string, requested_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'budget.request', subjectType: 'budget_item', subjectId: id, details: { case: c.kase.id, amount_pence: amount, category } });
        return { amount: amount as number };
      });
    },

    async decision(ctx: RequestContext, itemId: string) {
      if (!isUuid(itemId)) throw new NotFoundError('Budget item');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const item = await budgetRepository.find(tx, itemId);
        if (!item) throw new NotFoundError('Budget item');
        const c = await loadCaseContext(tx, ctx.actor, item.case_id, isoDate(clock.now()));
        if (c.kase.team_id !== ctx.actor.teamId) throw new NotFoundError('Budget item');
        const totals = budgetTotals(await budgetRepository.forCase(tx, c.kase.id), c.settings.budget_limit_pence);
        await audit.record(tx, ctx, { action: 'budget.read', subjectType: 'budget_item', subjectId: item.id });
        return { header: c.header, item: { ...item, category_label: BUDGET_CATEGORY_LABELS[item.category] }, totals, ownRequest: item.requested_by === ctx.actor.id };
      });
    },

    async decide(ctx: RequestContext, itemId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const decision = oneOf(form.decision ?? '', ['approved', 'rejected'] as const, 'decision', 'Select approve or reject', errors);
      const note = decision === 'rejected' ? requireText(form.note ?? '', 'note', 'Enter why the request is rejected', errors, 1000) : optionalText(form.note ?? '', 'note', 'Note', errors, 1000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      if (!isUuid(itemId)) throw new NotFoundError('Budget item');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const item = await budgetRepository.find(tx, itemId);
        if (!item) throw new NotFoundError('Budget item');
        const c = await loadCaseContext(tx, ctx.actor, item.case_id, today);
        if (c.kase.team_id !== ctx.actor.teamId) throw new NotFoundError('Budget item');
        if (item.requested_by === ctx.actor.id) throw new ConflictError('You cannot approve your own request. Another manager must decide it.');
        if ((await budgetRepository.decide(tx, item.id, decision, ctx.actor.id, today, note)) === 0) throw new ConflictError('This request has already been decided.');
        if (decision === 'approved') await caseworkEventRepository.record(tx, { localAuthorityId: ctx.actor.localAuthorityId, type: 'casework.family_budget', occurredOn: today, familyUnitId: c.family.id, attributes: { case_id: c.kase.id, amount_pence: item.amount_pence, category: item.category } });
        await audit.record(tx, ctx, { action: `budget.${decision === 'approved' ? 'approve' : 'reject'}`, subjectType: 'budget_item', subjectId: item.id, details: { case: c.kase.id, amount_pence: item.amount_pence, note } });
        return { decision, description: item.description };
      });
    },

    async pending(ctx: RequestContext) {
      const teamId = ctx.actor.teamId;
      if (!teamId) return [];
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const items = await budgetRepository.pendingForTeam(tx, teamId);
        await audit.record(tx, ctx, { action: 'budget.pending.read', subjectType: 'team', subjectId: teamId, details: { items: items.length } });
        return items.map((i) => ({ ...i, category_label: BUDGET_CATEGORY_LABELS[i.category] }));
      });
    },
  };
}

export type BudgetService = ReturnType<typeof createBudgetService>;
