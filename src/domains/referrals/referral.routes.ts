import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { isoDate } from '../../platform/clock.ts';
import { requirePermission } from '../../web/build-app.ts';
import { formOf, handleForm } from '../cases/case.web.ts';
import { dateValues } from '../cases/form-helpers.ts';
import { DECISION_LABELS, SOURCE_LABELS, TIER_LABELS } from './referral.service.ts';
import { REQUEST_SOURCES, TRIAGE_DECISIONS } from './referral.tables.ts';

const labels = {
  sources: REQUEST_SOURCES.map((s) => ({ value: s, text: SOURCE_LABELS[s] })),
  decisions: TRIAGE_DECISIONS.map((d) => ({ value: d, text: DECISION_LABELS[d] })),
  tiers: (['intensive', 'targeted', 'light_touch'] as const).map((t) => ({ value: t, text: TIER_LABELS[t] })),
  sourceLabels: SOURCE_LABELS,
  decisionLabels: DECISION_LABELS,
  tierLabels: TIER_LABELS,
};

export function referralRoutes(app: FastifyInstance, { services, clock }: Container): void {
  app.get<{ Querystring: { familyReference?: string } }>('/requests/new', { preHandler: requirePermission('referral:create') }, async (request, reply) => {
    const actor = request.context().actor;
    const values = { ...dateValues('receivedOn', isoDate(clock.now())), source: actor.role === 'partner' ? 'partner' : '', referrerName: actor.role === 'partner' ? actor.displayName : '', referrerAgency: actor.organisation ?? '', familyReference: request.query.familyReference ?? '' };
    return reply.page('referrals/views/request-form.njk', { pageTitle: 'Request support for a family', ...labels, values });
  });

  app.post('/requests/new', { preHandler: requirePermission('referral:create') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.referrals.create(ctx, form),
      async (errors) => reply.page('referrals/views/request-form.njk', { pageTitle: 'Request support for a family', ...labels, values: form, errors }),
      (r) => {
        if (ctx.actor.permissions.has('referral:triage')) {
          reply.flash('success', `Request ${r.reference} received${r.knownFamily ? ': this family is known to the service' : ''}.`);
          return reply.redirect(`/front-door/${r.id}`, 303);
        }
        reply.flash('success', `Your request ${r.reference} has been sent to the front door. They will contact you about their decision.`, 'Request sent');
        return reply.redirect('/requests/new', 303);
      },
    );
  });

  app.get('/front-door', { preHandler: requirePermission('referral:triage') }, async (request, reply) => {
    const queue = await services.referrals.queue(request.context());
    return reply.page('referrals/views/front-door.njk', { pageTitle: 'Front door', ...queue, ...labels });
  });

  app.get<{ Params: { requestId: string } }>('/front-door/:requestId', { preHandler: requirePermission('referral:triage') }, async (request, reply) => {
    const view = await services.referrals.view(request.context(), request.params.requestId);
    return reply.page('referrals/views/request.njk', { pageTitle: `Request ${view.request.reference}`, ...view, ...labels, values: { complexity: 'standard' } });
  });

  app.post<{ Params: { requestId: string } }>('/front-door/:requestId', { preHandler: requirePermission('referral:triage') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.referrals.triage(ctx, request.params.requestId, form),
      async (errors) => {
        const view = await services.referrals.view(ctx, request.params.requestId);
        return reply.page('referrals/views/request.njk', { pageTitle: `Request ${view.request.reference}`, ...view, ...labels, values: form, errors });
      },
      (r) => {
        reply.flash('success', `Request ${r.reference}: ${DECISION_LABELS[r.decision].toLowerCase()}.`, 'Decision recorded');
        if (r.caseId && ctx.actor.permissions.has('case:allocate')) return reply.redirect(`/cases/${r.caseId}/allocate`, 303);
        return reply.redirect('/front-door', 303);
      },
    );
  });
}
