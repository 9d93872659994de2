// Data › Record linkage: run a linkage (a job with a progress page) and read its summary, work the
// review queue pair by pair, open a person to see their records and why each was linked, split and
// merge people, and set the thresholds. All for data managers ('data:manage').
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readForm, readQuery } from '../../web/forms.ts';
import { probabilityToWeight } from './matching/index.ts';
import type { PairExplanation } from './matching/index.ts';
import { BAND_COLOURS, BAND_LABELS, FIELD_LABELS, histogramChart, waterfallChart } from './linkage.charts.ts';
import { DECISIONS, ROUTE_LABELS } from './linkage.service.ts';
import type { ReviewStatus } from './linkage.tables.ts';

const PAGE = 50;
const STATUSES: Record<ReviewStatus, string> = { pending: 'To review', unsure: 'Unsure', match: 'Decided: match', non_match: 'Decided: not a match' };
const MODES = [
  { value: 'incremental', text: 'New records only', hint: 'Link records not yet linked against the people already known. Known people keep their records.' },
  { value: 'full', text: 'Everything again', hint: 'Link every record again, for example after changing the thresholds. Links a person decided (reviews, splits, merges) stay.' },
];

const weightOf = (p: number) => probabilityToWeight(p);

/** Why a record was linked, in a line: what it was linked through and its strongest agreements. */
function whyLinked(r: { route: string; partner_source: string | null; partner_person_id: string | null; explanation: unknown }): string {
  const ex = r.explanation as PairExplanation | null;
  if (r.route === 'manual') return 'Moved by a person (split or merge)';
  if (!ex) return r.route === 'new_person' ? 'Matched no one known: the first record of this person' : '';
  const through = r.partner_person_id ? 'the person\'s own details' : `a ${r.partner_source ?? 'linked'} record`;
  const top = ex.fields.filter((f) => f.level >= 0).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 3)
    .map((f) => `${FIELD_LABELS[f.field] ?? f.field} ${f.label} ${f.weight >= 0 ? '+' : '−'}${Math.abs(f.weight).toFixed(1)}`);
  return `Through ${through}: ${top.join('; ')}`;
}

export function linkageRoutes(app: FastifyInstance, { services }: Container): void {
  const manage = requirePermission('data:manage');
  const svc = services.linkage;
  const base = { routeLabels: ROUTE_LABELS };

  const overviewPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const data = await svc.overview(request.context());
    return { pageTitle: 'Record linkage', ...base, ...data, modes: MODES, weights: { auto: weightOf(data.settings.autoLink), review: weightOf(data.settings.review) }, values: { mode: 'incremental' }, ...extra };
  };

  app.get('/data/linkage', { preHandler: manage }, async (request, reply) => reply.page('identification/views/linkage-index.njk', await overviewPage(request)));

  app.post('/data/linkage/runs', { preHandler: manage }, async (request, reply) => {
    const form = readForm<'mode'>(request.body);
    try {
      const jobId = await svc.startRun(request.context(), form.mode);
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('identification/views/linkage-index.njk', await overviewPage(request, { errors: error.fields, values: form }));
    }
  });

  app.get<{ Params: { id: string } }>('/data/linkage/runs/:id', { preHandler: manage }, async (request, reply) => {
    const { run, histogram } = await svc.run(request.context(), request.params.id);
    const routes = Object.entries(run.by_route as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([route, count]) => ({ route, label: ROUTE_LABELS[route] ?? route, count }));
    const sizes = Object.entries(run.household_sizes as Record<string, number>).sort((a, b) => (a[0] === '6+' ? 1 : b[0] === '6+' ? -1 : Number(a[0]) - Number(b[0])));
    return reply.page('identification/views/linkage-run.njk', {
      pageTitle: 'Linkage run', ...base, run, routes, sizes, chart: histogramChart(histogram), bandColours: BAND_COLOURS, bandLabels: BAND_LABELS,
      weights: { auto: weightOf(run.auto_link), review: weightOf(run.review) }, timings: run.timings as Record<string, number>, stats: run.stats as Record<string, number>,
    });
  });

  app.get('/data/linkage/review', { preHandler: manage }, async (request, reply) => {
    const q = readQuery<'status' | 'page'>(request.query);
    const status = (q.status in STATUSES ? q.status : 'pending') as ReviewStatus;
    const page = positiveInt(q.page, 1);
    const data = await svc.reviewQueue(request.context(), status, { limit: PAGE, offset: (page - 1) * PAGE });
    const total = data.counts[status];
    return reply.page('identification/views/linkage-review.njk', {
      pageTitle: 'Review queue', ...data, status, statuses: STATUSES, page, pages: Math.max(1, Math.ceil(total / PAGE)), total,
      weights: { auto: weightOf(data.settings.autoLink), review: weightOf(data.settings.review) },
    });
  });

  const pairPage = async (request: FastifyRequest, id: string, extra: Record<string, unknown> = {}) => {
    const data = await svc.reviewPair(request.context(), id);
    return { pageTitle: 'Review a pair of records', ...base, ...data, chart: waterfallChart(data.explanation, data.thresholds), decisions: DECISIONS, values: {}, ...extra };
  };

  app.get<{ Params: { id: string } }>('/data/linkage/review/:id', { preHandler: manage }, async (request, reply) => reply.page('identification/views/linkage-pair.njk', await pairPage(request, request.params.id)));

  app.post<{ Params: { id: string } }>('/data/linkage/review/:id', { preHandler: manage }, async (request, reply) => {
    const form = readForm<'decision'>(request.body);
    try {
      const result = await svc.decide(request.context(), request.params.id, form.decision);
      const label = DECISIONS.find((d) => d.value === form.decision)?.text.split(':')[0] ?? form.decision;
      const text = result.moved ? `${label}: the record now belongs to the other person.` : result.samePerson ? `${label} recorded. The two records are one person now: split them on the person's page.` : `${label} recorded.`;
      reply.flash('success', text);
      return reply.redirect(result.next ? `/data/linkage/review/${result.next}` : '/data/linkage/review', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('identification/views/linkage-pair.njk', await pairPage(request, request.params.id, { errors: error.fields, values: form }));
    }
  });

  app.get('/data/linkage/people', { preHandler: manage }, async (request, reply) => {
    const q = readQuery<'q'>(request.query);
    const people = q.q ? await svc.searchPeople(request.context(), q.q) : [];
    return reply.page('identification/views/linkage-people.njk', { pageTitle: 'Find a person', q: q.q, people, searched: q.q.trim().length >= 2 });
  });

  const personPage = async (request: FastifyRequest, id: string, extra: Record<string, unknown> = {}) => {
    const data = await svc.person(request.context(), id);
    const q = readQuery<'q'>(request.query);
    const candidates = q.q ? (await svc.searchPeople(request.context(), q.q)).filter((p) => p.id !== id) : [];
    const records = data.records.map((r) => ({ ...r, weightText: r.match_weight === null ? '' : r.match_weight.toFixed(1), why: whyLinked(r) }));
    return { pageTitle: `${data.person.given_name} ${data.person.family_name}`.trim() || 'Person', ...base, ...data, records, q: q.q, candidates, values: {}, ...extra };
  };

  app.get<{ Params: { id: string } }>('/data/linkage/people/:id', { preHandler: manage }, async (request, reply) => reply.page('identification/views/linkage-person.njk', await personPage(request, request.params.id)));

  app.post<{ Params: { id: string } }>('/data/linkage/people/:id/split', { preHandler: manage }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const raw = body.records;
    const records = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    const form = readForm<'splitReason'>(request.body);
    try {
      const { newPersonId } = await svc.split(request.context(), request.params.id, records, form.splitReason);
      reply.flash('success', `${records.length} ${records.length === 1 ? 'record' : 'records'} split off into a new person.`);
      return reply.redirect(`/data/linkage/people/${newPersonId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = { ...(error.fields.records ? { records: error.fields.records } : {}), ...(error.fields.reason ? { splitReason: error.fields.reason } : {}) };
      return reply.code(400).page('identification/views/linkage-person.njk', await personPage(request, request.params.id, { errors, values: { splitReason: form.splitReason, records } }));
    }
  });

  app.post<{ Params: { id: string } }>('/data/linkage/people/:id/merge', { preHandler: manage }, async (request, reply) => {
    const form = readForm<'otherId' | 'mergeReason'>(request.body);
    try {
      const { keptId } = await svc.merge(request.context(), request.params.id, form.otherId.trim(), form.mergeReason);
      reply.flash('success', 'The two people are merged.');
      return reply.redirect(`/data/linkage/people/${keptId}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError) && !(error instanceof ConflictError)) throw error;
      const errors = error instanceof ConflictError
        ? { otherId: error.message }
        : { ...(error.fields.otherId ? { otherId: error.fields.otherId } : {}), ...(error.fields.reason ? { mergeReason: error.fields.reason } : {}) };
      return reply.code(400).page('identification/views/linkage-person.njk', await personPage(request, request.params.id, { errors, values: form }));
    }
  });

  app.get('/data/linkage/settings', { preHandler: manage }, async (request, reply) => {
    const settings = await svc.settings(request.context());
    return reply.page('identification/views/linkage-settings.njk', { pageTitle: 'Linkage settings', settings, values: { autoLink: String(settings.autoLink), review: String(settings.review), createFamilyUnits: settings.createFamilyUnits ? 'yes' : '' } });
  });

  app.post('/data/linkage/settings', { preHandler: manage }, async (request, reply) => {
    const form = readForm<'autoLink' | 'review' | 'createFamilyUnits'>(request.body);
    try {
      await svc.saveSettings(request.context(), { autoLink: form.autoLink, review: form.review, createFamilyUnits: form.createFamilyUnits === 'yes' });
      reply.flash('success', 'Linkage settings saved. They apply from the next run.');
      return reply.redirect('/data/linkage', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const settings = await svc.settings(request.context());
      return reply.code(400).page('identification/views/linkage-settings.njk', { pageTitle: 'Linkage settings', settings, values: form, errors: error.fields });
    }
  });
}
