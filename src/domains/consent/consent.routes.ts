import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { requirePermission } from '../../web/build-app.ts';
import { dateValues, readList } from '../cases/form-helpers.ts';
import { formOf, handleForm } from '../cases/case.web.ts';
import { CONSENT_METHODS, CONSENT_PURPOSES } from './consent.tables.ts';
import { METHOD_LABELS, PURPOSE_LABELS } from './consent.service.ts';

type P = { Params: { caseId: string; consentId: string } };

export function consentRoutes(app: FastifyInstance, { services, clock }: Container): void {
  const labels = { purposes: CONSENT_PURPOSES.map((p) => ({ value: p, text: PURPOSE_LABELS[p] })), methods: CONSENT_METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m] })) };

  app.get<P>('/cases/:caseId/consent', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const view = await services.consent.overview(request.context(), request.params.caseId);
    return reply.page('consent/views/consent.njk', { pageTitle: `Consent: ${view.header.family.name}`, heading: 'Consent', tab: 'consent', ...view, purposes: labels.purposes });
  });

  app.get<P & { Querystring: { personId?: string; purpose?: string } }>('/cases/:caseId/consent/new', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const options = await services.consent.formOptions(request.context(), request.params.caseId);
    const values = { personId: request.query.personId ?? '', purpose: request.query.purpose ?? '', decision: 'given', ...dateValues('givenOn', options.today) };
    return reply.page('consent/views/consent-form.njk', { pageTitle: 'Record consent', heading: 'Record consent', tab: 'consent', ...options, ...labels, values, services: [] });
  });

  app.post<P>('/cases/:caseId/consent/new', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    const chosen = readList(request.body, 'services');
    return handleForm(
      reply,
      () => services.consent.record(ctx, request.params.caseId, form, chosen),
      async (errors) => {
        const options = await services.consent.formOptions(ctx, request.params.caseId);
        return reply.page('consent/views/consent-form.njk', { pageTitle: 'Record consent', heading: 'Record consent', tab: 'consent', ...options, ...labels, values: form, services: chosen, errors });
      },
      (r) => {
        reply.flash('success', `${r.decision === 'given' ? 'Consent' : 'Refusal'} recorded for ${r.personName}: ${r.purpose.toLowerCase()}.`);
        return reply.redirect(`/cases/${request.params.caseId}/consent`, 303);
      },
    );
  });

  app.get<P>('/cases/:caseId/consent/:consentId/withdraw', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const view = await services.consent.withdrawal(request.context(), request.params.caseId, request.params.consentId);
    return reply.page('consent/views/withdraw.njk', { pageTitle: 'Withdraw consent', heading: 'Withdraw consent', tab: 'consent', ...view, values: {} });
  });

  app.post<P>('/cases/:caseId/consent/:consentId/withdraw', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.consent.withdraw(ctx, request.params.caseId, request.params.consentId, form.reason ?? ''),
      async (errors) => {
        const view = await services.consent.withdrawal(ctx, request.params.caseId, request.params.consentId);
        return reply.page('consent/views/withdraw.njk', { pageTitle: 'Withdraw consent', heading: 'Withdraw consent', tab: 'consent', ...view, values: form, errors });
      },
      () => {
        reply.flash('success', `Consent withdrawn from ${clock.now().toLocaleDateString('en-GB', { timeZone: 'Europe/London' })}. Partners no longer see what it covered.`);
        return reply.redirect(`/cases/${request.params.caseId}/consent`, 303);
      },
    );
  });
}
