// Identify: run an evaluation (a job with a progress page), its summary, the candidate list with
// filters, sorts and CSV export, a candidate's evidence with "check before contact", panels, and
// a family's needs over time.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ValidationError } from '../../platform/errors.ts';
import { isoDate } from '../../platform/clock.ts';
import { isRealDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readForm, readQuery } from '../../web/forms.ts';
import { SORTS, type CandidateFilter } from './candidate.repository.ts';
import { DECISIONS } from './identification.service.ts';
import { needsChart } from './needs-chart.ts';

const PAGE = 50;

function filterFrom(request: FastifyRequest): { filter: CandidateFilter; query: Record<string, string> } {
  const q = readQuery<'minNeeds' | 'minSeverity' | 'headline' | 'locality' | 'youngestFrom' | 'youngestTo' | 'stale' | 'sort' | 'page'>(request.query);
  const num = (s: string): number | undefined => (s !== '' && /^\d{1,3}$/.test(s) ? Number(s) : undefined);
  const sort = (q.sort in SORTS ? q.sort : 'priority') as CandidateFilter['sort'];
  const filter: CandidateFilter = { sort };
  const minNeeds = num(q.minNeeds);
  if (minNeeds !== undefined) filter.minNeeds = minNeeds;
  const minSeverity = num(q.minSeverity);
  if (minSeverity !== undefined) filter.minSeverity = minSeverity;
  if (q.headline) filter.headline = q.headline;
  if (q.locality) filter.locality = q.locality;
  const yf = num(q.youngestFrom);
  if (yf !== undefined) filter.youngestFrom = yf;
  const yt = num(q.youngestTo);
  if (yt !== undefined) filter.youngestTo = yt;
  if (q.stale === 'yes') filter.staleOnly = true;
  const query: Record<string, string> = {};
  for (const k of ['minNeeds', 'minSeverity', 'headline', 'locality', 'youngestFrom', 'youngestTo', 'stale', 'sort'] as const) if (q[k]) query[k] = q[k];
  return { filter, query };
}

export function identificationRoutes(app: FastifyInstance, { services, clock }: Container): void {
  const view = requirePermission('identification:view');
  const manage = requirePermission('data:manage');
  const panelRecord = requirePermission('panel:record');
  const svc = services.identification;

  app.get('/identify', { preHandler: view }, async (request, reply) => {
    const data = await svc.evaluationForm(request.context());
    return reply.page('identification/views/index.njk', { pageTitle: 'Identify families', ...data, canRun: request.actor?.permissions.has('data:manage'), values: { date: isoDate(clock.now()) } });
  });

  app.post('/identify/runs', { preHandler: manage }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'versionId' | 'date'>(request.body);
    try {
      if (!isRealDate(form.date)) throw new ValidationError({ date: 'Enter the evaluation date as yyyy-mm-dd' });
      const { jobId } = await svc.startEvaluation(ctx, { versionId: form.versionId, date: form.date });
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const data = await svc.evaluationForm(ctx);
      return reply.code(400).page('identification/views/index.njk', { pageTitle: 'Identify families', ...data, canRun: true, values: form, errors: error.fields });
    }
  });

  app.get<{ Params: { runId: string } }>('/identify/runs/:runId', { preHandler: view }, async (request, reply) => {
    const { run, definition } = await svc.run(request.context(), request.params.runId);
    const summary = run.summary as { headlines?: Record<string, number>; descriptors?: Record<string, number>; people?: number; seconds?: number };
    const headlines = definition.headlines.map((h) => ({ ...h, families: summary.headlines?.[h.code] ?? 0, descriptors: definition.descriptors.filter((d) => d.headline === h.code).map((d) => ({ name: d.name, families: summary.descriptors?.[d.code] ?? 0 })) }));
    return reply.page('identification/views/run.njk', { pageTitle: `Evaluation of ${run.framework_name} on ${run.evaluation_date}`, run, summary, headlines });
  });

  const candidatesPage = async (request: FastifyRequest<{ Params: { runId: string } }>, extra: Record<string, unknown> = {}) => {
    const { filter, query } = filterFrom(request);
    const page = positiveInt(readQuery<'page'>(request.query).page, 1);
    const data = await svc.candidates(request.context(), request.params.runId, filter, { limit: PAGE, offset: (page - 1) * PAGE });
    const pages = Math.max(1, Math.ceil(data.total / PAGE));
    const link = (p: number) => `/identify/runs/${data.run.id}/candidates?${new URLSearchParams({ ...query, page: String(p) })}`;
    const hname = Object.fromEntries(data.definition.headlines.map((h) => [h.code, h.name]));
    return {
      pageTitle: 'Candidate families', ...data, query, hname, sorts: SORTS,
      exportHref: `/identify/runs/${data.run.id}/candidates.csv?${new URLSearchParams(query)}`,
      canPanel: request.actor?.permissions.has('panel:record'),
      pagination: pages > 1 ? { ...(page > 1 ? { previous: { href: link(page - 1) } } : {}), ...(page < pages ? { next: { href: link(page + 1) } } : {}), items: Array.from({ length: pages }, (_, i) => i + 1).filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2).map((p) => ({ number: p, href: link(p), current: p === page })) } : null,
      panelValues: { title: `Panel ${isoDate(clock.now())}`, meetsOn: isoDate(clock.now()) },
      ...extra,
    };
  };

  app.get<{ Params: { runId: string } }>('/identify/runs/:runId/candidates', { preHandler: view }, async (request, reply) => reply.page('identification/views/candidates.njk', await candidatesPage(request)));

  app.get<{ Params: { runId: string } }>('/identify/runs/:runId/candidates.csv', { preHandler: view }, async (request, reply) => {
    const { filter } = filterFrom(request);
    const csv = await svc.candidatesCsv(request.context(), request.params.runId, filter);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="candidates-${request.params.runId.slice(0, 8)}.csv"`).header('cache-control', 'no-store').send(csv);
  });

  app.get<{ Params: { runId: string; familyId: string } }>('/identify/runs/:runId/families/:familyId', { preHandler: view }, async (request, reply) => {
    const data = await svc.candidate(request.context(), request.params.runId, request.params.familyId);
    return reply.page('identification/views/candidate.njk', { pageTitle: `${data.family.name}: evidence`, ...data, check: null });
  });

  app.post<{ Params: { runId: string; familyId: string } }>('/identify/runs/:runId/families/:familyId/check', { preHandler: view }, async (request, reply) => {
    const ctx = request.context();
    const check = await svc.checkNow(ctx, request.params.runId, request.params.familyId);
    const data = await svc.candidate(ctx, request.params.runId, request.params.familyId);
    return reply.page('identification/views/candidate.njk', { pageTitle: `${data.family.name}: evidence`, ...data, check });
  });

  // ---- panels ----
  app.get('/identify/panels', { preHandler: view }, async (request, reply) => {
    const panels = await svc.panels(request.context());
    return reply.page('identification/views/panels.njk', { pageTitle: 'Panels', panels });
  });

  app.post<{ Params: { runId: string } }>('/identify/runs/:runId/panel', { preHandler: panelRecord }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = readForm<'title' | 'meetsOn'>(body);
    const raw = body.familyIds;
    const familyIds = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    try {
      if (!isRealDate(form.meetsOn)) throw new ValidationError({ meetsOn: 'Enter the date the panel meets as yyyy-mm-dd' });
      const id = await svc.createPanel(request.context(), { title: form.title, meetsOn: form.meetsOn, runId: request.params.runId, familyIds });
      reply.flash('success', `${familyIds.length} ${familyIds.length === 1 ? 'family' : 'families'} put to the panel.`);
      return reply.redirect(`/identify/panels/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('identification/views/candidates.njk', await candidatesPage(request, { errors: error.fields, panelValues: form }));
    }
  });

  const panelPage = async (request: FastifyRequest<{ Params: { panelId: string } }>, extra: Record<string, unknown> = {}) => {
    const data = await svc.panel(request.context(), request.params.panelId);
    return { pageTitle: data.panel.title, ...data, decisions: DECISIONS, canRecord: request.actor?.permissions.has('panel:record'), ...extra };
  };

  app.get<{ Params: { panelId: string } }>('/identify/panels/:panelId', { preHandler: view }, async (request, reply) => reply.page('identification/views/panel.njk', await panelPage(request)));

  app.post<{ Params: { panelId: string } }>('/identify/panels/:panelId/attendees', { preHandler: panelRecord }, async (request, reply) => {
    const form = readForm<'name' | 'agency' | 'role'>(request.body);
    try {
      await svc.addAttendee(request.context(), request.params.panelId, form);
      reply.flash('success', `${form.name} added to the attendees.`);
      return reply.redirect(`/identify/panels/${request.params.panelId}#attendees`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('identification/views/panel.njk', await panelPage(request, { errors: error.fields, attendeeValues: form }));
    }
  });

  app.post<{ Params: { panelId: string; itemId: string } }>('/identify/panels/:panelId/families/:itemId', { preHandler: panelRecord }, async (request, reply) => {
    const form = readForm<'decision' | 'tier' | 'teamId' | 'referTo' | 'reasons'>(request.body);
    try {
      const r = await svc.decide(request.context(), request.params.panelId, request.params.itemId, form);
      reply.flash('success', r.caseId ? 'Decision recorded. A case is open, awaiting allocation to a keyworker, with the evidence attached.' : 'Decision recorded.');
      return reply.redirect(`/identify/panels/${request.params.panelId}#family-${request.params.itemId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`${k}-${request.params.itemId}`, v]));
      return reply.code(400).page('identification/views/panel.njk', await panelPage(request, { errors, decisionValues: { [request.params.itemId]: form } }));
    }
  });

  // ---- needs over time ----
  app.get<{ Params: { familyId: string } }>('/families/:familyId/needs', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const q = readQuery<'framework' | 'months'>(request.query);
    const data = await svc.needsOverTime(request.context(), request.params.familyId, { code: q.framework || 'sf2022', months: positiveInt(q.months, 24, 60) });
    const chart = needsChart(data.series, data.definition.headlines);
    return reply.page('identification/views/needs.njk', { pageTitle: `${data.family.name}: needs over time`, ...data, chart, months: data.series.length - 1 });
  });
}
