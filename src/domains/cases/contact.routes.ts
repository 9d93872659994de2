import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { formatDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { CONTACT_KINDS } from './case.tables.ts';
import { formOf, handleForm } from './case.web.ts';
import { CONTACT_KIND_LABELS } from './contact.service.ts';
import { dateValues, readList } from './form-helpers.ts';

type P = { Params: { caseId: string } };
const kinds = CONTACT_KINDS.map((k) => ({ value: k, text: CONTACT_KIND_LABELS[k] }));

export function contactRoutes(app: FastifyInstance, { services }: Container): void {
  app.get<P>('/cases/:caseId/contacts', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const view = await services.contacts.list(request.context(), request.params.caseId);
    return reply.page('cases/views/contacts.njk', { pageTitle: `Contacts: ${view.header.family.name}`, heading: 'Contacts', tab: 'contacts', ...view });
  });

  app.get<P>('/cases/:caseId/contacts/new', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const options = await services.contacts.formOptions(request.context(), request.params.caseId);
    return reply.page('cases/views/contact-form.njk', { pageTitle: 'Record a contact', heading: 'Record a contact', tab: 'contacts', ...options, kinds, values: { kind: 'home_visit', ...dateValues('occurredOn', options.today) }, seen: [] });
  });

  app.post<P>('/cases/:caseId/contacts/new', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    const seen = readList(request.body, 'seen');
    return handleForm(
      reply,
      () => services.contacts.record(ctx, request.params.caseId, { form, seen }),
      async (errors) => {
        const options = await services.contacts.formOptions(ctx, request.params.caseId);
        return reply.page('cases/views/contact-form.njk', { pageTitle: 'Record a contact', heading: 'Record a contact', tab: 'contacts', ...options, kinds, values: form, seen, errors });
      },
      (r) => {
        reply.flash('success', `${r.kindLabel} on ${formatDate(r.occurredOn)} recorded.`, 'Contact recorded');
        return reply.redirect(`/cases/${request.params.caseId}/contacts`, 303);
      },
    );
  });
}
