// Unit costs (loaded and edited by the council, with source and price year), agency contacts per
// family over time, and the Somerset cost-benefit method for a cohort.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant } from '../../db/tenant.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { isRealDate } from '../../platform/dates.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { toCsv } from '../returns/spreadsheet.ts';
import { addMonths, costBenefit, monthOf, type CostRow, type Incident, type ProjectionFamily } from './cost-benefit.ts';
import { economicsRepository } from './economics.repository.ts';
import type { UnitCostCategory } from './economics.tables.ts';

const ILLUSTRATIVE_CSV = new URL('./illustrative-unit-costs.csv', import.meta.url);
const CATEGORIES: UnitCostCategory[] = ['intervention', 'incident', 'unclassified'];

export interface UnitCostInput {
  eventType: string;
  agency: string;
  category: string;
  unitCost: string;
  unit: string;
  source: string;
  priceYear: string;
  illustrative: string;
  note: string;
}

function validate(input: UnitCostInput, row?: number): { errors: Record<string, string>; value: { event_type: string; agency: string; category: UnitCostCategory; unit_cost_pence: number; unit: string; source: string; price_year: string; illustrative: boolean; note: string | null } } {
  const at = row ? ` (row ${row})` : '';
  const errors: Record<string, string> = {};
  const eventType = input.eventType.trim();
  if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(eventType)) errors.eventType = `Enter the event type like police.asb_incident${at}`;
  if (!input.agency.trim()) errors.agency = `Enter the agency${at}`;
  if (!CATEGORIES.includes(input.category as UnitCostCategory)) errors.category = `Select planned intervention, unplanned incident or unclassified${at}`;
  const pounds = Number(input.unitCost.replace(/[£,\s]/g, ''));
  if (input.unitCost.trim() === '' || !Number.isFinite(pounds) || pounds < 0 || pounds > 10_000_000) errors.unitCost = `Enter the unit cost in pounds, like 120 or 95.50${at}`;
  if (!input.source.trim()) errors.source = `Enter where the unit cost comes from${at}`;
  if (!/^\d{4}(\/\d{2})?$/.test(input.priceYear.trim())) errors.priceYear = `Enter the price year like 2024/25${at}`;
  return {
    errors,
    value: {
      event_type: eventType,
      agency: input.agency.trim(),
      category: input.category as UnitCostCategory,
      unit_cost_pence: Math.round(pounds * 100),
      unit: input.unit.trim() || 'per event',
      source: input.source.trim(),
      price_year: input.priceYear.trim(),
      illustrative: ['yes', 'true', '1', 'on'].includes(input.illustrative.trim().toLowerCase()),
      note: input.note.trim() || null,
    },
  };
}

export interface CohortQuery {
  openedFrom: string;
  openedTo: string;
  /** 'case': each family's own case dates; 'fixed': one intervention window for all (Somerset: March–August 2011). */
  window: 'case' | 'fixed';
  fixedStart?: string;
  fixedEnd?: string;
  includeProgrammeCost: boolean;
}

export function createEconomicsService(db: Db, audit: AuditService, clock: Clock) {
  async function parseCsv(text: string) {
    let records: Array<Record<string, string>>;
    try {
      records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
    } catch (error) {
      throw new ValidationError({ file: `The file is not a readable CSV: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (records.length === 0) throw new ValidationError({ file: 'The file has no rows' });
    if (records.length > 5000) throw new ValidationError({ file: 'The file has more than 5,000 rows' });
    const rows = [];
    const errors: Record<string, string> = {};
    for (const [i, r] of records.entries()) {
      const v = validate(
        {
          eventType: r.event_type ?? '',
          agency: r.agency ?? '',
          category: r.category ?? '',
          unitCost: r.unit_cost_pounds ?? r.unit_cost ?? '',
          unit: r.unit ?? '',
          source: r.source ?? '',
          priceYear: r.price_year ?? '',
          illustrative: r.illustrative ?? '',
          note: r.note ?? '',
        },
        i + 2,
      );
      const first = Object.values(v.errors)[0];
      if (first && Object.keys(errors).length < 10) errors[`file${Object.keys(errors).length || ''}`] = first;
      rows.push(v.value);
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return rows;
  }

  async function load(ctx: RequestContext, rows: Awaited<ReturnType<typeof parseCsv>>, origin: string) {
    await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
      await economicsRepository.upsertUnitCosts(tx, rows.map((r) => ({ ...r, local_authority_id: ctx.actor.localAuthorityId, updated_by: ctx.actor.id })));
      await audit.record(tx, ctx, { action: 'unit_costs.load', subjectType: 'unit_cost', details: { rows: rows.length, origin } });
    });
    return rows.length;
  }

  async function cohortData(localAuthorityId: string, query: CohortQuery, programmeCost: { pence: number | null; dataFrom: string | null }) {
    const today = isoDate(clock.now());
    return withTenant(db, localAuthorityId, async (tx) => {
      const cohort = await economicsRepository.cohort(tx, query.openedFrom, query.openedTo);
      const families: ProjectionFamily[] = cohort.map((c) => {
        const start = query.window === 'fixed' && query.fixedStart ? query.fixedStart : monthOf(c.start_on);
        const end = query.window === 'fixed' && query.fixedEnd ? query.fixedEnd : monthOf(c.end_on ?? today);
        return { familyId: c.family_unit_id, label: `${c.name} (${c.reference})`, start, end, dataFrom: programmeCost.dataFrom ? monthOf(programmeCost.dataFrom) : null, hasIncidentRecord: true };
      });
      if (families.length === 0) return { cohort, families, contacts: [], result: null };
      const earliest = families.reduce((m, f) => (f.start < m ? f.start : m), families[0]!.start);
      const latest = families.reduce((m, f) => (f.end > m ? f.end : m), families[0]!.end);
      const endDate = lastDay(latest) < today ? lastDay(latest) : today;
      const contacts = await economicsRepository.contacts(tx, { openedFrom: query.openedFrom, openedTo: query.openedTo }, `${addMonths(earliest, -24)}-01`, endDate);
      const costs: CostRow[] = contacts.map((c) => ({ familyId: c.family_unit_id, month: c.month, agency: c.agency, category: c.category, costPence: c.pence, contacts: c.n }));
      const incidents: Incident[] = [];
      const unitCosts = new Map<string, number>();
      for (const c of contacts) {
        if (c.category !== 'incident') continue;
        unitCosts.set(c.type, c.n > 0 ? Math.round(c.pence / c.n) : 0);
        for (let k = 0; k < c.n; k++) incidents.push({ familyId: c.family_unit_id, date: c.month, category: c.type });
      }
      const result = costBenefit({ families, costs, incidents, incidentUnitCosts: unitCosts, programmeCostPerFamilyPence: query.includeProgrammeCost ? programmeCost.pence : null, lastMonth: monthOf(today) });
      return { cohort, families, contacts, result };
    });
  }

  return {
    async unitCosts(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => economicsRepository.unitCosts(tx));
    },

    async unitCost(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Unit cost');
      const row = await withTenant(db, ctx.actor.localAuthorityId, (tx) => economicsRepository.unitCost(tx, id));
      if (!row) throw new NotFoundError('Unit cost');
      return row;
    },

    async saveUnitCost(ctx: RequestContext, id: string | null, input: UnitCostInput) {
      const { errors, value } = validate(input);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        if (id) {
          if (!isUuid(id) || !(await economicsRepository.unitCost(tx, id))) throw new NotFoundError('Unit cost');
          await economicsRepository.updateUnitCost(tx, id, { ...value, updated_by: ctx.actor.id });
        } else {
          await economicsRepository.upsertUnitCosts(tx, [{ ...value, local_authority_id: ctx.actor.localAuthorityId, updated_by: ctx.actor.id }]);
        }
        await audit.record(tx, ctx, { action: id ? 'unit_cost.update' : 'unit_cost.create', subjectType: 'unit_cost', subjectId: id, details: value });
      });
    },

    async deleteUnitCost(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Unit cost');
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const row = await economicsRepository.unitCost(tx, id);
        if (!row) throw new NotFoundError('Unit cost');
        await economicsRepository.deleteUnitCost(tx, id);
        await audit.record(tx, ctx, { action: 'unit_cost.delete', subjectType: 'unit_cost', subjectId: id, details: { event_type: row.event_type } });
      });
    },

    async loadCsv(ctx: RequestContext, text: string) {
      return load(ctx, await parseCsv(text), 'upload');
    },

    /** The small illustrative set shipped with Hearth, each row marked illustrative. */
    async loadIllustrative(ctx: RequestContext) {
      return load(ctx, await parseCsv(await readFile(ILLUSTRATIVE_CSV, 'utf8')), 'illustrative');
    },

    unitCostsCsv(rows: Awaited<ReturnType<typeof economicsRepository.unitCosts>>): string {
      return toCsv(
        ['event_type', 'agency', 'category', 'unit_cost_pounds', 'unit', 'source', 'price_year', 'illustrative', 'note'],
        rows.map((r) => [r.event_type, r.agency, r.category, (r.unit_cost_pence / 100).toFixed(2), r.unit, r.source, r.price_year, r.illustrative ? 'yes' : 'no', r.note]),
      );
    },

    parseCohortQuery(q: Record<string, string>): CohortQuery | null {
      if (!q.openedFrom && !q.openedTo) return null;
      const errors: Record<string, string> = {};
      if (!isRealDate(q.openedFrom ?? '')) errors.openedFrom = 'Enter the first date cases opened, like 2025-01-01';
      if (!isRealDate(q.openedTo ?? '')) errors.openedTo = 'Enter the last date cases opened, like 2025-03-31';
      if (!errors.openedFrom && !errors.openedTo && (q.openedTo ?? '') < (q.openedFrom ?? '')) errors.openedTo = 'The last date must be on or after the first';
      const window = q.window === 'fixed' ? 'fixed' : 'case';
      if (window === 'fixed') {
        if (!/^\d{4}-\d{2}$/.test(q.fixedStart ?? '')) errors.fixedStart = 'Enter the first month of the intervention, like 2011-03';
        if (!/^\d{4}-\d{2}$/.test(q.fixedEnd ?? '')) errors.fixedEnd = 'Enter the last month of the intervention, like 2011-08';
        if (!errors.fixedStart && !errors.fixedEnd && (q.fixedEnd ?? '') < (q.fixedStart ?? '')) errors.fixedEnd = 'The last month must be on or after the first';
      }
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return { openedFrom: q.openedFrom as string, openedTo: q.openedTo as string, window, ...(window === 'fixed' ? { fixedStart: q.fixedStart as string, fixedEnd: q.fixedEnd as string } : {}), includeProgrammeCost: q.programmeCost !== 'exclude' };
    },

    /** The Somerset method for a cohort: comparisons and the projection, per family, per agency, per month. */
    async cohortCostBenefit(ctx: RequestContext, query: CohortQuery, programmeCost: { pence: number | null; source: string | null; dataFrom: string | null }) {
      const data = await cohortData(ctx.actor.localAuthorityId, query, programmeCost);
      await withTenant(db, ctx.actor.localAuthorityId, (tx) => audit.record(tx, ctx, { action: 'economics.cohort.view', subjectType: 'cohort', details: { ...query, families: data.families.length } }));
      const monthly = new Map<string, { contacts: number; pence: number }>();
      for (const c of data.contacts) {
        const m = monthly.get(c.month) ?? { contacts: 0, pence: 0 };
        m.contacts += c.n;
        m.pence += c.pence;
        monthly.set(c.month, m);
      }
      return { ...data, programmeCost, contactsByMonth: [...monthly].sort((a, b) => a[0].localeCompare(b[0])).map(([month, v]) => ({ month, ...v })) };
    },

    /** Timing for benches: the computation without audit. */
    cohortData,

    cohortCsv(result: NonNullable<Awaited<ReturnType<typeof cohortData>>['result']>): string {
      const rows: Array<Array<string | number>> = [];
      for (const c of [result.preceding, result.yearEarlier]) {
        for (const f of c.included) rows.push([c.kind, f.label, 'included', f.baselinePence / 100, f.duringPence / 100, f.savingPence / 100, '']);
        for (const f of c.excluded) rows.push([c.kind, f.label, 'excluded', '', '', '', f.reason]);
        rows.push([c.kind, `TOTAL (N = ${c.n})`, 'total', c.baselinePence / 100, c.duringPence / 100, c.grossSavingPence / 100, c.netSavingPence === null ? 'programme cost not included' : `net after programme cost: ${c.netSavingPence / 100}`]);
      }
      for (const f of result.projection.included) rows.push(['projection', f.label, 'included', '', '', f.savingPence / 100, f.flags.join('; ')]);
      for (const f of result.projection.excluded) rows.push(['projection', f.label, 'excluded', '', '', '', f.reason]);
      rows.push(['projection', `TOTAL (N = ${result.projection.n})`, 'total', '', '', result.projection.totalSavingPence / 100, result.projection.assumption]);
      return toCsv(['analysis', 'family', 'status', 'baseline_pounds', 'during_pounds', 'saving_pounds', 'note'], rows);
    },

    /** One family's agency contacts and costs by month, and the same comparisons for its own case. */
    async familyCosts(ctx: RequestContext, familyUnitId: string, cases: Array<{ opened_on: string; closed_on: string | null }>) {
      const today = isoDate(clock.now());
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const from = cases.length ? `${addMonths(monthOf(cases[0]!.opened_on), -24)}-01` : `${addMonths(monthOf(today), -36)}-01`;
        const contacts = await economicsRepository.contacts(tx, [familyUnitId], from, today);
        return contacts;
      });
    },
  };
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export type EconomicsService = ReturnType<typeof createEconomicsService>;
