import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import type { RequestContext } from '../../auth/permissions.ts';
import { requirePermission } from '../../web/build-app.ts';
import { BUDGET_CATEGORIES } from './case.tables.ts';
import { formOf, handleForm } from './case.web.ts';
import { BUDGET_CATEGORY_LABELS } from './budget.service.ts';
import { dateValues } from './form-helpers.ts';
import { CLOSURE_REASON_LABELS } from './closure.service.ts';
import { CLOSURE_REASONS } from './case.tables.ts';

type P = { Params: { caseId: string } };
const categories = BUDGET_CATEGORIES.map((c) => ({ value: c, text: BUDGET_CATEGORY_LABELS[c] }));
const reasons = CLOSURE_REASONS.map((r) => ({ value: r, text: CLOSURE_REASON_LABELS[r] }));

/** The family budget, closure and follow-ups on a case, and the managers' approvals. */
export function budgetRoutes(app: FastifyInstance, { services }: Container): void {
  const budgetPage = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await services.budget.overview(ctx, caseId);
    return { pageTitle: `Family budget: ${view.header.family.name}`, heading: 'Family budget', tab: 'budget', ...view, categories, values: { ...dateValues('requestedOn', view.today) }, ...extra };
  };
  app.get<P>('/cases/:caseId/budget', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('cases/views/budget.njk', await budgetPage(request.context(), request.params.caseId)));
  app.post<P>('/cases/:caseId/budget', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.budget.request(ctx, request.params.caseId, form),
      async (errors) => reply.page('cases/views/budget.njk', await budgetPage(ctx, request.params.caseId, { values: form, errors })),
      () => {
        reply.flash('success', 'Request sent to your manager for approval.');
        return reply.redirect(`/cases/${request.params.caseId}/budget`, 303);
      },
    );
  });

  const closurePage = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await services.closures.overview(ctx, caseId);
    return { pageTitle: `Closure: ${view.header.family.name}`, heading: 'Closure', tab: 'closure', ...view, reasons, values: {}, ...extra };
  };
  app.get<P>('/cases/:caseId/closure', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('cases/views/closure.njk', await closurePage(request.context(), request.params.caseId)));
  app.post<P>('/cases/:caseId/closure', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.closures.request(ctx, request.params.caseId, form),
      async (errors) => reply.page('cases/views/closure.njk', await closurePage(ctx, request.params.caseId, { values: form, errors })),
      () => {
        reply.flash('success', 'Closure sent to your manager for approval. The case stays open until it is approved.');
        return reply.redirect(`/cases/${request.params.caseId}/closure`, 303);
      },
    );
  });
  app.post<P & { Params: { followUpId: string } }>('/cases/:caseId/follow-ups/:followUpId', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.closures.recordFollowUp(ctx, request.params.caseId, request.params.followUpId, form.outcome ?? ''),
      async (errors) => reply.page('cases/views/closure.njk', await closurePage(ctx, request.params.caseId, { values: { [`outcome-${request.params.followUpId}`]: form.outcome }, errors })),
      () => {
        reply.flash('success', 'Follow-up recorded.');
        return reply.redirect(`/cases/${request.params.caseId}/closure`, 303);
      },
    );
  });

  app.get('/approvals', { preHandler: requirePermission('case:close:approve') }, async (request, reply) => {
    const ctx = request.context();
    const [closures, budget] = [await services.closures.pending(ctx), await services.budget.pending(ctx)];
    return reply.page('cases/views/approvals.njk', { pageTitle: 'Approvals', closures, budget });
  });
  app.get<{ Params: { id: string } }>('/approvals/budget/:id', { preHandler: requirePermission('budget:approve') }, async (request, reply) => {
    const view = await services.budget.decision(request.context(), request.params.id);
    return reply.page('cases/views/approve-budget.njk', { pageTitle: 'Decide a budget request', ...view, values: {} });
  });
  app.post<{ Params: { id: string } }>('/approvals/budget/:id', { preHandler: requirePermission('budget:approve') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.budget.decide(ctx, request.params.id, form),
      async (errors) => reply.page('cases/views/approve-budget.njk', { pageTitle: 'Decide a budget request', ...(await services.budget.decision(ctx, request.params.id)), values: form, errors }),
      (r) => {
        reply.flash('success', `${r.description}: ${r.decision}.`);
        return reply.redirect('/approvals', 303);
      },
    );
  });
  app.get<{ Params: { id: string } }>('/approvals/closures/:id', { preHandler: requirePermission('case:close:approve') }, async (request, reply) => {
    const view = await services.closures.decision(request.context(), request.params.id);
    return reply.page('cases/views/approve-closure.njk', { pageTitle: 'Decide a closure', ...view, values: {} });
  });
  app.post<{ Params: { id: string } }>('/approvals/closures/:id', { preHandler: requirePermission('case:close:approve') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.closures.decide(ctx, request.params.id, form),
      async (errors) => reply.page('cases/views/approve-closure.njk', { pageTitle: 'Decide a closure', ...(await services.closures.decision(ctx, request.params.id)), values: form, errors }),
      (r) => {
        reply.flash('success', r.decision === 'approved' ? `${r.familyName}: case closed and follow-ups scheduled.` : `${r.familyName}: closure rejected; the case stays open.`);
        return reply.redirect('/approvals', 303);
      },
    );
  });
}
