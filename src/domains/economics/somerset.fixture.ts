// A synthetic cohort built to reproduce the published figures of the Somerset High Contact Families
// pilot (seed 000_b9f5cbaef9c05f79.txt, §4.3 L804-879 and §5.3 L1986-2091). The document gives only
// totals; the split between families, months and agencies here is invented to meet them exactly.
//
// Published inputs and results:
// - Pilot: 9 families, 1 March – 31 August 2011 (L453-455, L1992).
// - Agency costs during the pilot £85,163; the 6 months before £125,027; saving £39,863 (L1990-2000).
//   £125,027 − £85,163 is £39,864 in whole pounds: the document's £39,863 comes from unrounded pence
//   (L2000-2006), so the pence here are £85,163.40 and £125,026.80 (gross £39,863.40).
// - Pilot cost £3,000 per family, £27,000 for 9; net £12,863 (L2002-2006).
// - Same months a year earlier (March – August 2010): 8 families, because Family 2's data start
//   in July 2010 (L806-810, L2012-2014); saving £30,875, or £6,875 after £24,000 (L2014-2016).
// - Family 3 cost £2,197.83 more than in the same period of 2010 (L2020-2022); Family 4 saved
//   "£16.546", read as £16,546 (L2022).
// - Projected incident saving £76,356 for 7 families (L2073); Family 1 £62,745, Family 3 an extra
//   £17,253 (L2087-2091); Family 5 had no qualifying incidents before (L2057-2061); no journey map
//   for two families (L867-869).
// The incident categories and unit costs are ILLUSTRATIVE: the Family Savings Calculator's list and
// costs are in an appendix the file does not contain.
import { addMonths, type CostRow, type Incident, type ProjectionFamily } from './cost-benefit.ts';

export const SOMERSET_PROGRAMME_COST_PER_FAMILY_PENCE = 300_000;

const pilot = { start: '2011-03', end: '2011-08' };

export const somersetFamilies: ProjectionFamily[] = Array.from({ length: 9 }, (_, i) => ({
  familyId: `F${i + 1}`,
  label: `Family ${i + 1}`,
  ...pilot,
  dataFrom: i + 1 === 2 ? '2010-07' : '2010-03',
  hasIncidentRecord: i + 1 <= 7,
  incidentDataFrom: '2009-05', // the Customer Journey Mapping Tool covers May 2009 – August 2011 (L548, L683)
}));

// Per family, in pence: [Mar–Aug 2010 (same months a year earlier), Sep 2010–Feb 2011 (preceding), Mar–Aug 2011 (pilot)].
const windowTotals: Record<string, [number, number, number]> = {
  F1: [2_000_000, 2_200_000, 1_500_000],
  F2: [200_000, 900_000, 700_000], // data only from July 2010: two months of the 2010 window
  F3: [1_000_000, 1_100_000, 1_219_783],
  F4: [2_454_600, 2_000_000, 800_000],
  F5: [1_100_000, 1_200_000, 900_000],
  F6: [1_300_000, 1_400_000, 1_000_000],
  F7: [1_000_000, 1_200_000, 850_000],
  F8: [1_049_240, 1_302_680, 746_557],
  F9: [1_000_000, 1_200_000, 800_000],
};

const windows: Array<{ start: string; months: number }> = [
  { start: '2010-03', months: 6 },
  { start: '2010-09', months: 6 },
  { start: '2011-03', months: 6 },
];

function spread(familyId: string, start: string, months: number, total: number): CostRow[] {
  const rows: CostRow[] = [];
  const [y, m] = start.split('-').map(Number) as [number, number];
  const perMonth = Math.floor(total / months);
  for (let k = 0; k < months; k++) {
    const amount = k === months - 1 ? total - perMonth * (months - 1) : perMonth;
    const index = y * 12 + (m - 1) + k;
    const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const police = Math.round(amount * 0.4);
    rows.push({ familyId, month, agency: 'Police', category: 'incident', costPence: police });
    rows.push({ familyId, month, agency: "Children's social care", category: 'intervention', costPence: amount - police });
  }
  return rows;
}

export const somersetCosts: CostRow[] = Object.entries(windowTotals).flatMap(([familyId, totals]) =>
  totals.flatMap((total, w) => {
    const window = windows[w] as { start: string; months: number };
    // Family 2: the 2010 window's money falls in July and August only.
    if (familyId === 'F2' && w === 0) return spread(familyId, '2010-07', 2, total);
    return spread(familyId, window.start, window.months, total);
  }),
);

export const somersetIncidentUnitCosts = new Map<string, number>([
  ['police_callout', 54_900],
  ['court_hearing', 150_000],
  ['social_care_emergency', 300_000],
  ['hospital_admission', 105_200],
  ['emergency_accommodation', 213_800],
]);

// [category, before (Mar 2010 – Feb 2011), during (Mar – Aug 2011)] per family.
const incidentCounts: Record<string, Array<[string, number, number]>> = {
  F1: [['police_callout', 15, 5], ['court_hearing', 12, 1], ['social_care_emergency', 15, 0]],
  F2: [['social_care_emergency', 4, 0]],
  F3: [['police_callout', 3, 6], ['court_hearing', 0, 2], ['hospital_admission', 0, 3]],
  F4: [['court_hearing', 6, 1], ['police_callout', 10, 2]],
  F5: [],
  F6: [['hospital_admission', 5, 1]],
  F7: [['emergency_accommodation', 3, 0]],
};

export const somersetIncidents: Incident[] = Object.entries(incidentCounts).flatMap(([familyId, rows]) =>
  rows.flatMap(([category, before, during]) => [
    ...Array.from({ length: before }, (_, k) => ({ familyId, category, date: addMonths('2010-03', k % 12) })),
    ...Array.from({ length: during }, (_, k) => ({ familyId, category, date: addMonths('2011-03', k % 6) })),
  ]),
);
