import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import type { RequestContext } from '../../auth/permissions.ts';
import { formatDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { formOf, handleForm } from './case.web.ts';
import { dateValues } from './form-helpers.ts';
import { REVIEW_DECISION_LABELS } from './review.service.ts';

type P = { Params: { caseId: string } };
const decisions = Object.entries(REVIEW_DECISION_LABELS).map(([value, text]) => ({ value, text }));

export function reviewRoutes(app: FastifyInstance, { services }: Container): void {
  const page = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown>) => {
    const view = await services.reviews.overview(ctx, caseId);
    return { pageTitle: `Reviews: ${view.header.family.name}`, heading: 'Reviews and supervision', tab: 'reviews', ...view, decisions, values: { ...dateValues('heldOn', view.today), ...dateValues('supervisedOn', view.today), decision: 'continue' }, ...extra };
  };

  app.get<P>('/cases/:caseId/reviews', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('cases/views/reviews.njk', await page(request.context(), request.params.caseId, {})));

  app.post<P>('/cases/:caseId/reviews', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.reviews.recordReview(ctx, request.params.caseId, form),
      async (errors) => reply.page('cases/views/reviews.njk', await page(request.context(), request.params.caseId, { values: form, errors })),
      (r) => {
        reply.flash('success', `Review recorded. The next review is due by ${formatDate(r.next)}.`);
        return reply.redirect(`/cases/${request.params.caseId}/reviews`, 303);
      },
    );
  });

  app.post<P>('/cases/:caseId/supervision', { preHandler: requirePermission('supervision:record') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.reviews.recordSupervision(ctx, request.params.caseId, form),
      async (errors) => reply.page('cases/views/reviews.njk', await page(request.context(), request.params.caseId, { values: form, errors })),
      () => {
        reply.flash('success', 'Supervision recorded.');
        return reply.redirect(`/cases/${request.params.caseId}/reviews`, 303);
      },
    );
  });
}
