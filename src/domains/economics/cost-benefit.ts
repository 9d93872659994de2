// The Somerset method (seed 000 §4.3 and §5.3), as plain functions over monthly agency costs and
// dated incidents. Money is integer pence throughout; rounding to pounds happens only on display.
//
// 1. Actual cost comparison: total agency cost for each family during its intervention against
//    (a) the immediately preceding period of equal length and (b) the same calendar months a year
//    earlier. A family whose agency data do not cover a baseline window is left out of that
//    comparison with the reason, never silently (Family 2 in Somerset, L2012-2014).
//    Gross saving = baseline − during; net = gross − programme cost per family × N (L1990-2016).
// 2. Projected incident savings (the DfE Family Savings Calculator method, L865-879, L2051-2091):
//    incidents in the 12 months before the intervention against incidents during it scaled to 12
//    months, priced with a unit cost per incident category:
//    saving = Σ_c (before_c − during_c × 12 / months) × unitCost_c.

/** 'yyyy-mm' */
export type Month = string;

export type CostCategory = 'intervention' | 'incident' | 'unclassified';

export interface CostRow {
  familyId: string;
  month: Month;
  agency: string;
  category: CostCategory;
  costPence: number;
  contacts?: number;
}

export interface CohortFamily {
  familyId: string;
  label: string;
  /** First and last month of the intervention, inclusive. */
  start: Month;
  end: Month;
  /** First month for which agency data are held for this family (null = as far back as needed). */
  dataFrom: Month | null;
}

export interface FamilyComparison {
  familyId: string;
  label: string;
  duringPence: number;
  baselinePence: number;
  /** baseline − during: positive is a saving, negative an increase. */
  savingPence: number;
  byAgency: Array<{ agency: string; duringPence: number; baselinePence: number; savingPence: number }>;
}

export interface Comparison {
  kind: 'preceding' | 'year_earlier';
  label: string;
  n: number;
  included: FamilyComparison[];
  excluded: Array<{ familyId: string; label: string; reason: string }>;
  duringPence: number;
  baselinePence: number;
  grossSavingPence: number;
  programmeCostPence: number | null;
  netSavingPence: number | null;
  byAgency: Array<{ agency: string; duringPence: number; baselinePence: number; savingPence: number }>;
  /** Month k of the intervention (0-based) against month k of the baseline, summed over included families. */
  byMonth: Array<{ index: number; duringPence: number; baselinePence: number }>;
}

const monthIndexes = new Map<string, number>();

export function monthIndex(month: Month): number {
  let index = monthIndexes.get(month);
  if (index !== undefined) return index;
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new Error(`Not a month: ${month}`);
  index = Number(match[1]) * 12 + Number(match[2]) - 1;
  if (monthIndexes.size < 100_000) monthIndexes.set(month, index);
  return index;
}

export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

export function monthsBetween(start: Month, end: Month): number {
  return monthIndex(end) - monthIndex(start) + 1;
}

export function monthOf(date: string): Month {
  return date.slice(0, 7);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthLabel(month: Month): string {
  const i = monthIndex(month);
  return `${MONTH_NAMES[i % 12]} ${Math.floor(i / 12)}`;
}

/** Whole pounds, half away from zero, for display only ("£39,863"). */
export function roundToPounds(pence: number): number {
  return Math.sign(pence) * Math.round(Math.abs(pence) / 100);
}

interface Window {
  from: number;
  to: number;
}

function baselineWindow(kind: Comparison['kind'], family: CohortFamily): Window {
  const start = monthIndex(family.start);
  const end = monthIndex(family.end);
  const length = end - start + 1;
  return kind === 'preceding' ? { from: start - length, to: start - 1 } : { from: start - 12, to: end - 12 };
}

interface IndexedCost {
  m: number;
  agency: string;
  pence: number;
}

/** Index costs once: family → its cost rows with month indexes. */
export function indexCosts(rows: readonly CostRow[]): Map<string, IndexedCost[]> {
  const index = new Map<string, IndexedCost[]>();
  for (const row of rows) {
    let list = index.get(row.familyId);
    if (!list) index.set(row.familyId, (list = []));
    list.push({ m: monthIndex(row.month), agency: row.agency, pence: row.costPence });
  }
  return index;
}

/** One pass over a family's rows: window total, per agency, and per month offset from the window start. */
function sumWindow(rows: readonly IndexedCost[] | undefined, window: Window, agencies: Map<string, number>, months: number[]): number {
  let total = 0;
  if (!rows) return 0;
  for (const r of rows) {
    if (r.m < window.from || r.m > window.to) continue;
    total += r.pence;
    agencies.set(r.agency, (agencies.get(r.agency) ?? 0) + r.pence);
    const k = r.m - window.from;
    months[k] = (months[k] ?? 0) + r.pence;
  }
  return total;
}

export interface CompareOptions {
  /** The programme's own cost per family (Somerset: £3,000 from the FSC, L2002-2004); null leaves it out. */
  programmeCostPerFamilyPence: number | null;
  /** The last month with data: an intervention still running past it is cut to it. Defaults to none. */
  lastMonth?: Month;
}

export function compareCosts(kind: Comparison['kind'], families: readonly CohortFamily[], costs: ReturnType<typeof indexCosts>, options: CompareOptions): Comparison {
  const included: FamilyComparison[] = [];
  const excluded: Comparison['excluded'] = [];
  const agencyTotals = new Map<string, { during: number; baseline: number }>();
  const byMonth = new Map<number, { during: number; baseline: number }>();
  for (const family of families) {
    const end = options.lastMonth && monthIndex(family.end) > monthIndex(options.lastMonth) ? options.lastMonth : family.end;
    if (monthIndex(end) < monthIndex(family.start)) {
      excluded.push({ familyId: family.familyId, label: family.label, reason: 'The intervention starts after the last month with data' });
      continue;
    }
    const f = { ...family, end };
    const during: Window = { from: monthIndex(f.start), to: monthIndex(f.end) };
    const baseline = baselineWindow(kind, f);
    if (family.dataFrom && monthIndex(family.dataFrom) > baseline.from) {
      excluded.push({
        familyId: family.familyId,
        label: family.label,
        reason: `Baseline incomplete: agency data are held only from ${monthLabel(family.dataFrom)}, and the baseline starts ${monthLabel(monthFromIndex(baseline.from))}`,
      });
      continue;
    }
    const rows = costs.get(family.familyId);
    const duringAgencies = new Map<string, number>();
    const baselineAgencies = new Map<string, number>();
    const duringMonths: number[] = [];
    const baselineMonths: number[] = [];
    const duringPence = sumWindow(rows, during, duringAgencies, duringMonths);
    const baselinePence = sumWindow(rows, baseline, baselineAgencies, baselineMonths);
    const agencies = [...new Set([...duringAgencies.keys(), ...baselineAgencies.keys()])].sort();
    const byAgency = agencies.map((agency) => {
      const d = duringAgencies.get(agency) ?? 0;
      const b = baselineAgencies.get(agency) ?? 0;
      const total = agencyTotals.get(agency) ?? { during: 0, baseline: 0 };
      total.during += d;
      total.baseline += b;
      agencyTotals.set(agency, total);
      return { agency, duringPence: d, baselinePence: b, savingPence: b - d };
    });
    for (let k = 0; k <= during.to - during.from; k++) {
      const slot = byMonth.get(k) ?? { during: 0, baseline: 0 };
      slot.during += duringMonths[k] ?? 0;
      slot.baseline += baselineMonths[k] ?? 0;
      byMonth.set(k, slot);
    }
    included.push({ familyId: family.familyId, label: family.label, duringPence, baselinePence, savingPence: baselinePence - duringPence, byAgency });
  }
  const duringPence = included.reduce((s, f) => s + f.duringPence, 0);
  const baselinePence = included.reduce((s, f) => s + f.baselinePence, 0);
  const grossSavingPence = baselinePence - duringPence;
  const programmeCostPence = options.programmeCostPerFamilyPence === null ? null : options.programmeCostPerFamilyPence * included.length;
  return {
    kind,
    label: kind === 'preceding' ? 'Against the preceding period of equal length' : 'Against the same months a year earlier',
    n: included.length,
    included,
    excluded,
    duringPence,
    baselinePence,
    grossSavingPence,
    programmeCostPence,
    netSavingPence: programmeCostPence === null ? null : grossSavingPence - programmeCostPence,
    byAgency: [...agencyTotals].map(([agency, t]) => ({ agency, duringPence: t.during, baselinePence: t.baseline, savingPence: t.baseline - t.during })).sort((a, b) => a.agency.localeCompare(b.agency)),
    byMonth: [...byMonth].sort((a, b) => a[0] - b[0]).map(([index, t]) => ({ index, duringPence: t.during, baselinePence: t.baseline })),
  };
}


// --- Projected incident savings ------------------------------------------------------------------

export interface Incident {
  familyId: string;
  /** 'yyyy-mm-dd' or 'yyyy-mm' */
  date: string;
  /** Incident category; only categories with a unit cost count (Somerset: the FSC's standard list). */
  category: string;
}

export interface ProjectionFamily extends CohortFamily {
  /** False when no incident record exists for the family (Somerset: no journey map for two families, L867-869). */
  hasIncidentRecord: boolean;
  /** First month incident data are held from, when it differs from the cost data (Somerset: the journey maps began May 2009). */
  incidentDataFrom?: Month | null;
}

export interface FamilyProjection {
  familyId: string;
  label: string;
  months: number;
  flags: string[];
  byCategory: Array<{ category: string; before: number; during: number; annualised: number; unitCostPence: number; savingPence: number }>;
  savingPence: number;
}

export interface Projection {
  n: number;
  baselineMonths: number;
  included: FamilyProjection[];
  excluded: Array<{ familyId: string; label: string; reason: string }>;
  totalSavingPence: number;
  meanSavingPence: number | null;
  byCategory: Array<{ category: string; before: number; annualised: number; savingPence: number }>;
  assumption: string;
}

export const PROJECTION_ASSUMPTION =
  'The incident rate after the intervention is assumed to stay at the rate seen during it, scaled to 12 months (seed 000 L875-879); the projection covers the 12 months from the start of the intervention.';

export function projectIncidentSavings(families: readonly ProjectionFamily[], incidents: readonly Incident[], unitCosts: ReadonlyMap<string, number>, options: { baselineMonths?: number; lastMonth?: Month } = {}): Projection {
  const baselineMonths = options.baselineMonths ?? 12;
  const byFamily = new Map<string, Incident[]>();
  for (const incident of incidents) {
    if (!unitCosts.has(incident.category)) continue;
    const list = byFamily.get(incident.familyId);
    if (list) list.push(incident);
    else byFamily.set(incident.familyId, [incident]);
  }
  const included: FamilyProjection[] = [];
  const excluded: Projection['excluded'] = [];
  const categoryTotals = new Map<string, { before: number; annualised: number; saving: number }>();
  for (const family of families) {
    if (!family.hasIncidentRecord) {
      excluded.push({ familyId: family.familyId, label: family.label, reason: 'No incident record for this family' });
      continue;
    }
    const start = monthIndex(family.start);
    const endMonth = options.lastMonth && monthIndex(family.end) > monthIndex(options.lastMonth) ? options.lastMonth : family.end;
    const end = monthIndex(endMonth);
    if (end < start) {
      excluded.push({ familyId: family.familyId, label: family.label, reason: 'The intervention starts after the last month with data' });
      continue;
    }
    const dataFrom = family.incidentDataFrom === undefined ? family.dataFrom : family.incidentDataFrom;
    if (dataFrom && monthIndex(dataFrom) > start - baselineMonths) {
      excluded.push({ familyId: family.familyId, label: family.label, reason: `Baseline incomplete: incident data are held only from ${monthLabel(dataFrom)}` });
      continue;
    }
    const months = end - start + 1;
    const before = new Map<string, number>();
    const during = new Map<string, number>();
    for (const incident of byFamily.get(family.familyId) ?? []) {
      const m = monthIndex(incident.date.slice(0, 7));
      if (m >= start - baselineMonths && m < start) before.set(incident.category, (before.get(incident.category) ?? 0) + 1);
      else if (m >= start && m <= end) during.set(incident.category, (during.get(incident.category) ?? 0) + 1);
    }
    const categories = [...new Set([...before.keys(), ...during.keys()])].sort();
    const flags: string[] = [];
    if ([...before.values()].reduce((s, n) => s + n, 0) === 0) flags.push('No qualifying incidents before the intervention');
    // Σ (before × months − during × 12) × unit / months, rounded once, so pence stay exact.
    let numerator = 0;
    const byCategory = categories.map((category) => {
      const b = before.get(category) ?? 0;
      const d = during.get(category) ?? 0;
      const unit = unitCosts.get(category) ?? 0;
      const share = (b * months - d * baselineMonths) * unit;
      numerator += share;
      const annualised = (d * baselineMonths) / months;
      const savingPence = Math.round(share / months);
      const total = categoryTotals.get(category) ?? { before: 0, annualised: 0, saving: 0 };
      total.before += b;
      total.annualised += annualised;
      total.saving += savingPence;
      categoryTotals.set(category, total);
      return { category, before: b, during: d, annualised, unitCostPence: unit, savingPence };
    });
    included.push({ familyId: family.familyId, label: family.label, months, flags, byCategory, savingPence: Math.round(numerator / months) });
  }
  const totalSavingPence = included.reduce((s, f) => s + f.savingPence, 0);
  return {
    n: included.length,
    baselineMonths,
    included,
    excluded,
    totalSavingPence,
    meanSavingPence: included.length ? Math.round(totalSavingPence / included.length) : null,
    byCategory: [...categoryTotals].map(([category, t]) => ({ category, before: t.before, annualised: t.annualised, savingPence: t.saving })).sort((a, b) => a.category.localeCompare(b.category)),
    assumption: PROJECTION_ASSUMPTION,
  };
}

/** The whole analysis for one cohort: both comparisons and the projection, side by side, never blended (seed 000 §5.5). */
export function costBenefit(input: {
  families: readonly ProjectionFamily[];
  costs: readonly CostRow[];
  incidents: readonly Incident[];
  incidentUnitCosts: ReadonlyMap<string, number>;
  programmeCostPerFamilyPence: number | null;
  lastMonth?: Month;
}) {
  const costs = indexCosts(input.costs);
  const options = { programmeCostPerFamilyPence: input.programmeCostPerFamilyPence, ...(input.lastMonth ? { lastMonth: input.lastMonth } : {}) };
  return {
    preceding: compareCosts('preceding', input.families, costs, options),
    yearEarlier: compareCosts('year_earlier', input.families, costs, options),
    projection: projectIncidentSavings(input.families, input.incidents, input.incidentUnitCosts, input.lastMonth ? { lastMonth: input.lastMonth } : {}),
  };
}

export type CostBenefitResult = ReturnType<typeof costBenefit>;
