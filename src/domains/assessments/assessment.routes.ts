import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import type { RequestContext } from '../../auth/permissions.ts';
import { requirePermission } from '../../web/build-app.ts';
import { formOf, handleForm } from '../cases/case.web.ts';
import { dateValues } from '../cases/form-helpers.ts';

type P = { Params: { caseId: string } };

export function assessmentRoutes(app: FastifyInstance, { services }: Container): void {
  const page = async (ctx: RequestContext, caseId: string, extra: Record<string, unknown> = {}) => {
    const view = await services.assessments.overview(ctx, caseId);
    return { pageTitle: `Assessment: ${view.header.family.name}`, heading: 'Whole-family assessment', tab: 'assessment', ...view, values: { ...dateValues('scoredOn', view.today), rater: 'worker' }, ...extra };
  };
  const done = (reply: import('fastify').FastifyReply, caseId: string, text: string) => {
    reply.flash('success', text);
    return reply.redirect(`/cases/${caseId}/assessment`, 303);
  };

  app.get<P>('/cases/:caseId/assessment', { preHandler: requirePermission('family:read') }, async (request, reply) => reply.page('assessments/views/assessment.njk', await page(request.context(), request.params.caseId)));

  app.post<P>('/cases/:caseId/assessment/start', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    await services.assessments.start(request.context(), request.params.caseId);
    return done(reply, request.params.caseId, 'Assessment started.');
  });

  app.get<P>('/cases/:caseId/assessment/edit', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const view = await services.assessments.answersFor(request.context(), request.params.caseId);
    return reply.page('assessments/views/assessment-form.njk', { pageTitle: 'Assessment', heading: 'Record the assessment', tab: 'assessment', ...view, values: { ...view.assessment.answers, familyAccount: view.assessment.family_account ?? '', childVoice: view.assessment.child_voice ?? '' } });
  });

  app.post<P>('/cases/:caseId/assessment/edit', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    const complete = form.action === 'complete';
    return handleForm(
      reply,
      () => services.assessments.save(ctx, request.params.caseId, form, complete),
      async (errors) => {
        const view = await services.assessments.answersFor(ctx, request.params.caseId);
        return reply.page('assessments/views/assessment-form.njk', { pageTitle: 'Assessment', heading: 'Record the assessment', tab: 'assessment', ...view, values: form, errors });
      },
      () => done(reply, request.params.caseId, complete ? 'Assessment completed.' : 'Assessment saved.'),
    );
  });

  app.post<P>('/cases/:caseId/assessment/needs', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.assessments.addNeed(ctx, request.params.caseId, form),
      async (errors) => reply.page('assessments/views/assessment.njk', await page(ctx, request.params.caseId, { needValues: form, errors })),
      () => done(reply, request.params.caseId, 'Need added.'),
    );
  });

  app.post<P>('/cases/:caseId/assessment/scores', { preHandler: requirePermission('family:write') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    return handleForm(
      reply,
      () => services.assessments.recordScores(ctx, request.params.caseId, form),
      async (errors) => reply.page('assessments/views/assessment.njk', await page(ctx, request.params.caseId, { values: form, errors, scoreOpen: true })),
      () => done(reply, request.params.caseId, 'Scores recorded.'),
    );
  });

  // The council's assessment form: sections and questions edited without code.
  app.get('/settings/assessment-form', { preHandler: requirePermission('settings:manage') }, async (request, reply) => {
    const form = await services.assessments.form(request.context());
    return reply.page('assessments/views/form-editor.njk', { pageTitle: 'Assessment form', form, values: {} });
  });
  app.post('/settings/assessment-form', { preHandler: requirePermission('settings:manage') }, async (request, reply) => {
    const ctx = request.context();
    const f = formOf(request.body);
    const change =
      f.change === 'add_section' ? { kind: 'add_section' as const, title: f.title ?? '', specialCategory: f.specialCategory === 'yes' }
      : f.change === 'remove_question' ? { kind: 'remove_question' as const, sectionKey: f.sectionKey ?? '', questionKey: f.questionKey ?? '' }
      : f.change === 'toggle_special' ? { kind: 'toggle_special' as const, sectionKey: f.sectionKey ?? '' }
      : { kind: 'add_question' as const, sectionKey: f.sectionKey ?? '', text: f.text ?? '', hint: f.hint ?? '' };
    return handleForm(
      reply,
      () => services.assessments.editForm(ctx, change),
      async (errors) => reply.page('assessments/views/form-editor.njk', { pageTitle: 'Assessment form', form: await services.assessments.form(ctx), values: f, errors }),
      () => {
        reply.flash('success', 'Assessment form updated. New assessments use it; ones already started keep their version.');
        return reply.redirect('/settings/assessment-form', 303);
      },
    );
  });
}
