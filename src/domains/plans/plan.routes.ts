import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../app/container.ts';
import type { RequestContext } from '../../auth/permissions.ts';
import { requirePermission } from '../../web/build-app.ts';
import { formOf, handleForm } from '../cases/case.web.ts';
import { dateValues, readList } from '../cases/form-helpers.ts';

type P = { Params: { caseId: string } };

export function planRoutes(app: FastifyInstance, { services }: Container): void {
  const planPage = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await services.plans.overview(ctx, caseId);
    return { pageTitle: `Family plan: ${view.header.family.name}`, heading: 'Family plan', tab: 'plan', ...view, values: {}, ...extra };
  };
  const back = (reply: FastifyReply, path: string, text: string) => {
    reply.flash('success', text);
    return reply.redirect(path, 303);
  };
  app.get<P>('/cases/:caseId/plan', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('plans/views/plan.njk', await planPage(request.context(), request.params.caseId)));
  const planPost = (path: string, work: (ctx: RequestContext, caseId: string, form: Record<string, string>, body: unknown) => Promise<unknown>, message: string) =>
    app.post<P & { Params: { id?: string } }>(path, { preHandler: requirePermission('family:write') }, async (request, reply) => {
      const ctx = request.context();
      const form = formOf(request.body);
      return handleForm(reply, () => work(ctx, request.params.caseId, { ...form, _id: (request.params as { id?: string }).id ?? '' }, request.body), async (errors) => reply.page('plans/views/plan.njk', await planPage(ctx, request.params.caseId, { values: form, errors })), () => back(reply, `/cases/${request.params.caseId}/plan`, message));
    });
  planPost('/cases/:caseId/plan/goals', (ctx, caseId, form) => services.plans.addGoal(ctx, caseId, form), 'Goal added to the plan.');
  planPost('/cases/:caseId/plan/goals/:id/status', (ctx, caseId, form) => services.plans.setGoalStatus(ctx, caseId, form._id ?? '', form.status ?? ''), 'Goal updated.');
  planPost('/cases/:caseId/plan/actions', (ctx, caseId, form) => services.plans.addAction(ctx, caseId, form), 'Action added.');
  planPost('/cases/:caseId/plan/actions/:id/done', (ctx, caseId, form) => services.plans.completeAction(ctx, caseId, form._id ?? ''), 'Action marked as done.');
  planPost('/cases/:caseId/plan/versions', (ctx, caseId, form) => services.plans.saveVersion(ctx, caseId, form.reason ?? ''), 'Plan version saved.');

  const tafPage = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await services.plans.taf(ctx, caseId);
    return { pageTitle: `Team around the family: ${view.header.family.name}`, heading: 'Team around the family', tab: 'taf', ...view, values: { ...dateValues('memberFrom', view.today), ...dateValues('meetingOn', view.today), mode: 'in_person' }, invited: [], ...extra };
  };
  app.get<P>('/cases/:caseId/taf', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('plans/views/taf.njk', await tafPage(request.context(), request.params.caseId)));
  const tafPost = (path: string, work: (ctx: RequestContext, caseId: string, form: Record<string, string>, body: unknown) => Promise<unknown>, message: string) =>
    app.post<P & { Params: { id?: string } }>(path, { preHandler: requirePermission('family:write') }, async (request, reply) => {
      const ctx = request.context();
      const form = formOf(request.body);
      return handleForm(reply, () => work(ctx, request.params.caseId, { ...form, _id: (request.params as { id?: string }).id ?? '' }, request.body), async (errors) => reply.page('plans/views/taf.njk', await tafPage(ctx, request.params.caseId, { values: form, invited: readList(request.body, 'invited'), errors })), () => back(reply, `/cases/${request.params.caseId}/taf`, message));
    });
  tafPost('/cases/:caseId/taf/members', (ctx, caseId, form) => services.plans.addMember(ctx, caseId, form), 'Member added to the team around the family.');
  tafPost('/cases/:caseId/taf/members/:id/end', (ctx, caseId, form) => services.plans.endMember(ctx, caseId, form._id ?? ''), 'Membership ended today.');
  tafPost('/cases/:caseId/taf/meetings', (ctx, caseId, form, body) => services.plans.planMeeting(ctx, caseId, form, readList(body, 'invited')), 'Meeting planned.');

  app.get<P & { Params: { id: string } }>('/cases/:caseId/taf/meetings/:id', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const view = await services.plans.meetingForm(request.context(), request.params.caseId, request.params.id);
    return reply.page('plans/views/meeting.njk', { pageTitle: 'Record the meeting', heading: 'Record the meeting', tab: 'taf', ...view, values: { ...dateValues('actionDue', view.today), minutes: view.meeting.minutes ?? '', decisions: view.meeting.decisions ?? '' } });
  });
  app.post<P & { Params: { id: string } }>('/cases/:caseId/taf/meetings/:id', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.plans.recordMeeting(ctx, request.params.caseId, request.params.id, form),
      async (errors) => reply.page('plans/views/meeting.njk', { pageTitle: 'Record the meeting', heading: 'Record the meeting', tab: 'taf', ...(await services.plans.meetingForm(ctx, request.params.caseId, request.params.id)), values: form, errors }),
      () => back(reply, `/cases/${request.params.caseId}/taf`, 'Meeting recorded.'),
    );
  });
}
