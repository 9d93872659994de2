// Costs and savings: the unit-cost table (load a CSV, edit rows), the cohort cost-benefit page with
// charts and a CSV export, and one family's agency contacts over time.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePermission } from '../../web/build-app.ts';
import { readForm, readQuery } from '../../web/forms.ts';
import { barChart } from '../outcomes/chart.ts';
import { monthLabel, roundToPounds, type CostBenefitResult } from './cost-benefit.ts';
import type { UnitCostInput } from './economics.service.ts';

const CATEGORY_LABELS = { intervention: 'Planned intervention', incident: 'Unplanned incident', unclassified: 'Unclassified' };

function unitCostValues(row?: { event_type: string; agency: string; category: string; unit_cost_pence: number; unit: string; source: string; price_year: string; illustrative: boolean; note: string | null }): Partial<UnitCostInput> {
  if (!row) return { category: 'incident', unit: 'per event' };
  return { eventType: row.event_type, agency: row.agency, category: row.category, unitCost: (row.unit_cost_pence / 100).toFixed(2), unit: row.unit, source: row.source, priceYear: row.price_year, illustrative: row.illustrative ? 'yes' : '', note: row.note ?? '' };
}

function charts(result: CostBenefitResult) {
  const comparisonChart = (c: CostBenefitResult['preceding']) =>
    barChart(
      c.byMonth.map((m) => `Month ${m.index + 1}`),
      [
        { label: 'Baseline', values: c.byMonth.map((m) => roundToPounds(m.baselinePence)), fill: '#505a5f' },
        { label: 'During', values: c.byMonth.map((m) => roundToPounds(m.duringPence)), fill: '#1d70b8' },
      ],
    );
  return { preceding: comparisonChart(result.preceding), yearEarlier: comparisonChart(result.yearEarlier) };
}

export function economicsRoutes(app: FastifyInstance, { services }: Container): void {
  const economics = services.economics;

  const listPage = async (request: FastifyRequest, data: Record<string, unknown> = {}) => {
    const ctx = request.context();
    return { pageTitle: 'Unit costs', rows: await economics.unitCosts(ctx), categoryLabels: CATEGORY_LABELS, canManage: ctx.actor.permissions.has('economics:manage'), values: unitCostValues(), ...data };
  };

  app.get('/prove/unit-costs', { preHandler: requirePermission('economics:view') }, async (request, reply) => reply.page('economics/views/unit-costs.njk', await listPage(request)));

  app.get('/prove/unit-costs.csv', { preHandler: requirePermission('economics:view') }, async (request, reply) => {
    const rows = await economics.unitCosts(request.context());
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="unit-costs.csv"').send(economics.unitCostsCsv(rows));
  });

  app.post('/prove/unit-costs', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const form = readForm<keyof UnitCostInput>(request.body);
    try {
      await economics.saveUnitCost(request.context(), null, form);
      reply.flash('success', `Unit cost for ${form.eventType} saved.`);
      return reply.redirect('/prove/unit-costs', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('economics/views/unit-costs.njk', await listPage(request, { values: form, errors: error.fields }));
    }
  });

  app.post('/prove/unit-costs/illustrative', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const n = await economics.loadIllustrative(request.context());
    reply.flash('success', `${n} illustrative unit costs loaded. They are marked illustrative: replace them with your council's figures.`);
    return reply.redirect('/prove/unit-costs', 303);
  });

  app.post('/prove/unit-costs/paste', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const form = readForm<'csv'>(request.body);
    try {
      const n = await economics.loadCsv(request.context(), form.csv);
      reply.flash('success', `${n} unit costs loaded.`);
      return reply.redirect('/prove/unit-costs', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('economics/views/unit-costs.njk', await listPage(request, { pasted: form.csv, errors: Object.fromEntries(Object.entries(error.fields).map(([, v], i) => [i === 0 ? 'csv' : `csv${i}`, v])) }));
    }
  });

  // A CSV file upload: multipart only here, with the CSRF token read from the form fields.
  void app.register(async (scope) => {
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 2 * 1024 * 1024, files: 1 } });
    scope.post('/prove/unit-costs/upload', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.file;
      const text = Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';
      try {
        if (!text.trim()) throw new ValidationError({ file: 'Select a CSV file' });
        const n = await economics.loadCsv(request.context(), text);
        reply.flash('success', `${n} unit costs loaded.`);
        return reply.redirect('/prove/unit-costs', 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.code(400).page('economics/views/unit-costs.njk', await listPage(request, { errors: Object.fromEntries(Object.entries(error.fields).map(([, v], i) => [i === 0 ? 'file' : `file${i}`, v])) }));
      }
    });
  });

  app.get<{ Params: { id: string } }>('/prove/unit-costs/:id', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const row = await economics.unitCost(request.context(), request.params.id);
    return reply.page('economics/views/unit-cost.njk', { pageTitle: `Edit unit cost ${row.event_type}`, row, values: unitCostValues(row), categoryLabels: CATEGORY_LABELS });
  });

  app.post<{ Params: { id: string } }>('/prove/unit-costs/:id', { preHandler: requirePermission('economics:manage') }, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<keyof UnitCostInput | 'action'>(request.body);
    if (form.action === 'delete') {
      await economics.deleteUnitCost(ctx, request.params.id);
      reply.flash('success', 'Unit cost removed.');
      return reply.redirect('/prove/unit-costs', 303);
    }
    try {
      await economics.saveUnitCost(ctx, request.params.id, form);
      reply.flash('success', `Unit cost for ${form.eventType} saved.`);
      return reply.redirect('/prove/unit-costs', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const row = await economics.unitCost(ctx, request.params.id);
      return reply.code(400).page('economics/views/unit-cost.njk', { pageTitle: `Edit unit cost ${row.event_type}`, row, values: form, errors: error.fields, categoryLabels: CATEGORY_LABELS });
    }
  });

  // --- cohort cost-benefit -----------------------------------------------------------------------

  const cohort = async (request: FastifyRequest) => {
    const ctx = request.context();
    const q = readQuery<'openedFrom' | 'openedTo' | 'window' | 'fixedStart' | 'fixedEnd' | 'programmeCost'>(request.query);
    const settings = await services.outcomes.settings(ctx);
    const query = economics.parseCohortQuery(q);
    if (!query) return { q, settings, data: null };
    const data = await economics.cohortCostBenefit(ctx, query, { pence: settings.programmeCostPerFamilyPence, source: settings.programmeCostSource, dataFrom: settings.costDataFrom });
    return { q, settings, data };
  };

  app.get('/prove/cost-benefit', { preHandler: requirePermission('economics:view') }, async (request, reply) => {
    try {
      const { q, settings, data } = await cohort(request);
      const contactsChart = data?.contactsByMonth.length
        ? barChart(data.contactsByMonth.map((m) => monthLabel(m.month).replace(/^(\w{3})\w* /, '$1 ')), [{ label: 'Agency cost (£)', values: data.contactsByMonth.map((m) => roundToPounds(m.pence)), fill: '#1d70b8' }])
        : null;
      return reply.page('economics/views/cost-benefit.njk', { pageTitle: 'Costs and savings', values: q, settings, data, result: data?.result ?? null, charts: data?.result ? charts(data.result) : null, contactsChart, exportHref: `/prove/cost-benefit.csv?${new URLSearchParams(q as Record<string, string>).toString()}` });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const q = readQuery<string>(request.query);
      return reply.code(400).page('economics/views/cost-benefit.njk', { pageTitle: 'Costs and savings', values: q, settings: await services.outcomes.settings(request.context()), data: null, result: null, errors: error.fields });
    }
  });

  app.get('/prove/cost-benefit.csv', { preHandler: requirePermission('economics:view') }, async (request, reply) => {
    const { data } = await cohort(request);
    if (!data?.result) throw new NotFoundError('Cohort');
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cost-benefit.csv"').send(economics.cohortCsv(data.result));
  });

  app.get<{ Params: { id: string } }>('/families/:id/costs', { preHandler: requirePermission('economics:view') }, async (request, reply) => {
    const ctx = request.context();
    const record = await services.families.getFamilyRecord(ctx, request.params.id);
    const contacts = await economics.familyCosts(ctx, record.family.id, record.cases.map((c) => ({ opened_on: c.opened_on, closed_on: c.closed_on })).reverse());
    const months = [...new Set(contacts.map((c) => c.month))].sort();
    const byMonth = months.map((m) => ({ month: m, contacts: contacts.filter((c) => c.month === m).reduce((s, c) => s + c.n, 0), pence: contacts.filter((c) => c.month === m).reduce((s, c) => s + c.pence, 0) }));
    const agencies = [...new Set(contacts.map((c) => c.agency))].sort().map((agency) => ({ agency, contacts: contacts.filter((c) => c.agency === agency).reduce((s, c) => s + c.n, 0), pence: contacts.filter((c) => c.agency === agency).reduce((s, c) => s + c.pence, 0) }));
    const chart = byMonth.length ? barChart(byMonth.map((m) => m.month), [{ label: 'Agency contacts', values: byMonth.map((m) => m.contacts), fill: '#1d70b8' }]) : null;
    return reply.page('economics/views/family-costs.njk', { pageTitle: `Agency contacts: ${record.family.name}`, family: record.family, cases: record.cases, byMonth, agencies, chart });
  });
}
