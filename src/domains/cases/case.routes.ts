import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ValidationError } from '../../platform/errors.ts';
import { requirePermission } from '../../web/build-app.ts';
import { readForm } from '../../web/forms.ts';
import { CASELOAD_STATUS_LABELS } from './caseload.ts';

export function caseRoutes(app: FastifyInstance, { services }: Container): void {
  app.get('/caseload', { preHandler: requirePermission('caseload:view') }, async (request, reply) => {
    const caseload = await services.cases.myCaseload(request.context());
    return reply.page('cases/views/caseload.njk', { pageTitle: 'My caseload', ...caseload, statusLabel: CASELOAD_STATUS_LABELS[caseload.status] });
  });

  app.get('/team', { preHandler: requirePermission('team:view') }, async (request, reply) => {
    const ctx = request.context();
    const team = await services.cases.teamCaseloads(ctx);
    const due = await services.cases.teamDue(ctx);
    return reply.page('cases/views/team.njk', { pageTitle: `${team.team.name} caseloads`, ...team, overdue: due.overdue, labels: CASELOAD_STATUS_LABELS });
  });

  app.get<{ Params: { caseId: string } }>('/cases/:caseId/allocate', { preHandler: requirePermission('case:allocate') }, async (request, reply) => {
    const options = await services.cases.allocationOptions(request.context(), request.params.caseId);
    return reply.page('cases/views/allocate.njk', { pageTitle: `Allocate ${options.family.name}`, ...options, labels: CASELOAD_STATUS_LABELS, values: { keyworkerId: options.case.keyworker_id ?? '' } });
  });

  app.post<{ Params: { caseId: string } }>('/cases/:caseId/allocate', { preHandler: requirePermission('case:allocate') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'keyworkerId' | 'note'>(request.body);
    try {
      const result = await services.cases.allocate(ctx, request.params.caseId, { keyworkerId: form.keyworkerId, note: form.note });
      reply.flash(result.warning ? 'important' : 'success', result.warning ?? `Case allocated to ${result.keyworkerName}.`, result.warning ? `Allocated to ${result.keyworkerName}` : undefined);
      return reply.redirect(`/families/${result.familyUnitId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const options = await services.cases.allocationOptions(ctx, request.params.caseId);
      return reply.code(400).page('cases/views/allocate.njk', { pageTitle: `Allocate ${options.family.name}`, ...options, labels: CASELOAD_STATUS_LABELS, errors: error.fields, values: form });
    }
  });
}
