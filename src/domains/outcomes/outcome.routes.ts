// Prove: the family outcome view, the Prove start page and settings, claim batches (build → review →
// approve by another person → lock; reversal) and audit samples.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import type { Permission } from '../../auth/permissions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readForm, readQuery } from '../../web/forms.ts';
import { timelineChart } from './chart.ts';
import { AUDIT_CHECKLIST } from './sampling.ts';

export function requireAnyPermission(...permissions: Permission[]) {
  return async (request: FastifyRequest) => {
    if (!request.actor || !permissions.some((p) => request.actor?.permissions.has(p))) throw new NotFoundError();
  };
}

const claimsView = requireAnyPermission('claims:build', 'claims:approve');

const STATUS_LABELS: Record<string, string> = { building: 'Building', built: 'Built: awaiting approval', approved: 'Approved: awaiting lock', locked: 'Locked', discarded: 'Discarded', failed: 'Failed' };

export function outcomeRoutes(app: FastifyInstance, { services }: Container): void {
  const outcomes = services.outcomes;

  app.get('/prove', { preHandler: requireAnyPermission('claims:build', 'claims:approve', 'economics:view', 'returns:manage') }, async (request, reply) => {
    const ctx = request.context();
    const settings = await outcomes.settings(ctx);
    return reply.page('outcomes/views/prove.njk', { pageTitle: 'Prove', settings, can: Object.fromEntries([...ctx.actor.permissions].map((p) => [p.replace(':', '_'), true])) });
  });

  app.get('/prove/settings', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const ctx = request.context();
    const [settings, schemes] = await Promise.all([outcomes.settings(ctx), outcomes.schemes(ctx)]);
    return reply.page('outcomes/views/settings.njk', { pageTitle: 'Prove settings', schemes, values: settingsValues(settings) });
  });

  app.post('/prove/settings', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'claimsEnabled' | 'programmeCost' | 'programmeCostSource' | 'costDataFrom'>(request.body);
    try {
      await outcomes.saveSettings(ctx, form);
      reply.flash('success', 'Settings saved.');
      return reply.redirect('/prove/settings', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('outcomes/views/settings.njk', { pageTitle: 'Prove settings', schemes: await outcomes.schemes(ctx), values: form, errors: error.fields });
    }
  });

  app.get<{ Params: { id: string } }>('/families/:id/outcomes', { preHandler: requirePermission('outcomes:view') }, async (request, reply) => {
    const view = await outcomes.familyOutcomes(request.context(), request.params.id);
    const charts = view.attachments.map((a) =>
      timelineChart(
        a.needs.map((n) => ({ label: `${n.name} – ${n.personName}`, segments: n.outcome.segments })),
        a.case.opened_on,
        view.today,
      ),
    );
    return reply.page('outcomes/views/family-outcomes.njk', { pageTitle: `Outcomes: ${view.family.name}`, ...view, charts });
  });

  // --- claim batches ---------------------------------------------------------------------------

  app.get('/prove/claims', { preHandler: claimsView }, async (request, reply) => {
    const ctx = request.context();
    const view = await outcomes.batches(ctx);
    return reply.page('outcomes/views/batches.njk', { pageTitle: 'Claim batches', ...view, statusLabels: STATUS_LABELS, canBuild: ctx.actor.permissions.has('claims:build'), canViewFrameworks: ctx.actor.permissions.has('identification:view'), values: {} });
  });

  app.post('/prove/claims', { preHandler: requirePermission('claims:build') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'asOf'>(request.body);
    try {
      const { jobId } = await outcomes.startBatch(ctx, { asOf: form.asOf });
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await outcomes.batches(ctx);
      return reply.code(400).page('outcomes/views/batches.njk', { pageTitle: 'Claim batches', ...view, statusLabels: STATUS_LABELS, canBuild: true, canViewFrameworks: ctx.actor.permissions.has('identification:view'), values: form, errors: error.fields });
    }
  });

  app.get<{ Params: { id: string } }>('/prove/claims/:id', { preHandler: claimsView }, async (request, reply) => {
    const ctx = request.context();
    const q = readQuery<'show' | 'page'>(request.query);
    const show = q.show === 'refused' ? false : q.show === 'all' ? undefined : true;
    const view = await outcomes.batch(ctx, request.params.id, { ...(show === undefined ? {} : { claimable: show }), page: positiveInt(q.page, 1) });
    return reply.page('outcomes/views/batch.njk', {
      pageTitle: `Claim batch ${view.batch.reference}`,
      ...view,
      show: q.show || 'claimable',
      statusLabels: STATUS_LABELS,
      canApprove: ctx.actor.permissions.has('claims:approve') && view.batch.built_by !== ctx.actor.id,
      isBuilder: view.batch.built_by === ctx.actor.id,
      canBuild: ctx.actor.permissions.has('claims:build'),
    });
  });

  for (const [action, permission, verb] of [
    ['approve', 'claims:approve', 'approved'],
    ['lock', 'claims:approve', 'locked'],
    ['discard', 'claims:build', 'discarded'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/prove/claims/:id/${action}`, { preHandler: requirePermission(permission) }, async (request, reply) => {
      const reference = await outcomes[action](request.context(), request.params.id);
      reply.flash('success', `Batch ${reference} ${verb}.`);
      return reply.redirect(`/prove/claims/${request.params.id}`, 303);
    });
  }

  app.get<{ Params: { id: string } }>('/prove/claims/items/:id', { preHandler: claimsView }, async (request, reply) => {
    const ctx = request.context();
    const view = await outcomes.item(ctx, request.params.id);
    return reply.page('outcomes/views/item.njk', { pageTitle: `Claim for ${view.item.family_name}`, ...view, canReverse: ctx.actor.permissions.has('claims:approve'), values: {} });
  });

  app.post<{ Params: { id: string } }>('/prove/claims/items/:id/reverse', { preHandler: requirePermission('claims:approve') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'reason'>(request.body);
    try {
      await outcomes.reverse(ctx, request.params.id, { reason: form.reason });
      reply.flash('success', 'Reversal recorded. The claim is unchanged; the reversal is a new entry.');
      return reply.redirect(`/prove/claims/items/${request.params.id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await outcomes.item(ctx, request.params.id);
      return reply.code(400).page('outcomes/views/item.njk', { pageTitle: `Claim for ${view.item.family_name}`, ...view, canReverse: true, values: form, errors: error.fields });
    }
  });

  // --- audit samples ---------------------------------------------------------------------------

  app.post<{ Params: { id: string } }>('/prove/claims/:id/samples', { preHandler: requirePermission('claims:approve') }, async (request, reply) => {
    const form = readForm<'percent' | 'minimum'>(request.body);
    const sampleId = await outcomes.drawSample(request.context(), request.params.id, form);
    reply.flash('success', 'Audit sample drawn.');
    return reply.redirect(`/prove/samples/${sampleId}`, 303);
  });

  app.get<{ Params: { id: string } }>('/prove/samples/:id', { preHandler: requirePermission('claims:approve') }, async (request, reply) => {
    const view = await outcomes.sample(request.context(), request.params.id);
    return reply.page('outcomes/views/sample.njk', { pageTitle: 'Audit sample', ...view });
  });

  app.get<{ Params: { id: string } }>('/prove/samples/items/:id', { preHandler: requirePermission('claims:approve') }, async (request, reply) => {
    const view = await outcomes.sampleItem(request.context(), request.params.id);
    return reply.page('outcomes/views/sample-item.njk', { pageTitle: 'Audit a claim', ...view, checklist: AUDIT_CHECKLIST, values: { ...(view.sampleItem.answers as Record<string, string>), finding: view.sampleItem.finding ?? '', result: view.sampleItem.result } });
  });

  app.post<{ Params: { id: string } }>('/prove/samples/items/:id', { preHandler: requirePermission('claims:approve') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<string>(request.body);
    const answers = Object.fromEntries(AUDIT_CHECKLIST.map((q) => [q.id, form[q.id] ?? '']).filter(([, v]) => v));
    try {
      const { sampleId } = await outcomes.recordFinding(ctx, request.params.id, { answers, finding: form.finding ?? '', result: form.result ?? '' });
      reply.flash('success', form.result === 'failed' ? 'Finding recorded and the claim reversed.' : 'Finding recorded.');
      return reply.redirect(`/prove/samples/${sampleId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await outcomes.sampleItem(ctx, request.params.id);
      return reply.code(400).page('outcomes/views/sample-item.njk', { pageTitle: 'Audit a claim', ...view, checklist: AUDIT_CHECKLIST, values: form, errors: error.fields });
    }
  });
}

function settingsValues(s: { claimsEnabled: boolean; programmeCostPerFamilyPence: number | null; programmeCostSource: string | null; costDataFrom: string | null }) {
  return {
    claimsEnabled: s.claimsEnabled ? 'yes' : 'no',
    programmeCost: s.programmeCostPerFamilyPence === null ? '' : String(s.programmeCostPerFamilyPence / 100),
    programmeCostSource: s.programmeCostSource ?? '',
    costDataFrom: s.costDataFrom ?? '',
  };
}
