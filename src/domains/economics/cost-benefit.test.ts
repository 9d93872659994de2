import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, compareCosts, costBenefit, indexCosts, monthsBetween, projectIncidentSavings, roundToPounds, type CohortFamily, type CostRow } from './cost-benefit.ts';
import { SOMERSET_PROGRAMME_COST_PER_FAMILY_PENCE, somersetCosts, somersetFamilies, somersetIncidentUnitCosts, somersetIncidents } from './somerset.fixture.ts';

void describe('the Somerset figures (seed 000 §5.3)', () => {
  const result = costBenefit({
    families: somersetFamilies,
    costs: somersetCosts,
    incidents: somersetIncidents,
    incidentUnitCosts: somersetIncidentUnitCosts,
    programmeCostPerFamilyPence: SOMERSET_PROGRAMME_COST_PER_FAMILY_PENCE,
  });

  const pounds: Array<[string, number, number]> = [
    ['T1 cost during the pilot, 9 families', result.preceding.duringPence, 85_163],
    ['T1 cost in the 6 months before', result.preceding.baselinePence, 125_027],
    ['T1 gross saving (the document prints £39,863: pence, not an error)', result.preceding.grossSavingPence, 39_863],
    ['T2 pilot cost, 9 × £3,000', result.preceding.programmeCostPence ?? NaN, 27_000],
    ['T2 net saving', result.preceding.netSavingPence ?? NaN, 12_863],
    ['T4 same months a year earlier: gross saving, 8 families', result.yearEarlier.grossSavingPence, 30_875],
    ['T4 pilot cost for 8 families', result.yearEarlier.programmeCostPence ?? NaN, 24_000],
    ['T4 net saving', result.yearEarlier.netSavingPence ?? NaN, 6_875],
    ['T6 projected incident saving, 7 families', result.projection.totalSavingPence, 76_356],
    ['T6 mean per family ("around £11,000")', result.projection.meanSavingPence ?? NaN, 10_908],
  ];
  for (const [name, pence, expected] of pounds) {
    void test(name, () => assert.equal(roundToPounds(pence), expected));
  }

  void test('exact pence behind the rounding', () => {
    assert.equal(result.preceding.duringPence, 8_516_340);
    assert.equal(result.preceding.baselinePence, 12_502_680);
    assert.equal(result.preceding.grossSavingPence, 3_986_340);
    assert.equal(result.preceding.netSavingPence, 1_286_340);
    assert.equal(result.yearEarlier.grossSavingPence, 3_087_500);
    assert.equal(result.yearEarlier.netSavingPence, 687_500);
  });

  void test('T3 Family 2 is left out of the same-months comparison with the reason, N = 8', () => {
    assert.equal(result.preceding.n, 9);
    assert.equal(result.yearEarlier.n, 8);
    assert.deepEqual(result.yearEarlier.excluded.map((e) => e.familyId), ['F2']);
    assert.match(result.yearEarlier.excluded[0]?.reason ?? '', /Baseline incomplete.*July 2010.*March 2010/);
  });

  void test('T5 Family 3 cost £2,197.83 more than the same months of 2010; Family 4 saved £16,546', () => {
    const f3 = result.yearEarlier.included.find((f) => f.familyId === 'F3');
    const f4 = result.yearEarlier.included.find((f) => f.familyId === 'F4');
    assert.equal(f3?.savingPence, -219_783);
    assert.equal(f4?.savingPence, 1_654_600);
  });

  void test('T7 Family 1 £62,745, Family 3 an extra £17,253, the other five £30,864', () => {
    const by = new Map(result.projection.included.map((f) => [f.familyId, f.savingPence]));
    assert.equal(by.get('F1'), 6_274_500);
    assert.equal(by.get('F3'), -1_725_300);
    const rest = result.projection.included.filter((f) => f.familyId !== 'F1' && f.familyId !== 'F3').reduce((s, f) => s + f.savingPence, 0);
    assert.equal(rest, 3_086_400);
  });

  void test('T8 six months of incidents are doubled to compare with twelve', () => {
    const f1 = result.projection.included.find((f) => f.familyId === 'F1');
    assert.equal(f1?.months, 6);
    assert.deepEqual(f1?.byCategory.find((c) => c.category === 'police_callout'), { category: 'police_callout', before: 15, during: 5, annualised: 10, unitCostPence: 54_900, savingPence: 274_500 });
  });

  void test('T9 Family 5 has no qualifying incidents: kept, baseline 0, flagged', () => {
    const f5 = result.projection.included.find((f) => f.familyId === 'F5');
    assert.deepEqual(f5?.flags, ['No qualifying incidents before the intervention']);
    assert.equal(f5?.savingPence, 0);
  });

  void test('T10 two families without an incident record are left out with the reason, N = 7', () => {
    assert.equal(result.projection.n, 7);
    assert.deepEqual(result.projection.excluded.map((e) => [e.familyId, e.reason]), [
      ['F8', 'No incident record for this family'],
      ['F9', 'No incident record for this family'],
    ]);
    assert.match(result.projection.assumption, /rate seen during it/);
  });

  void test('without the programme cost there is no net figure', () => {
    const costs = indexCosts(somersetCosts);
    const without = compareCosts('preceding', somersetFamilies, costs, { programmeCostPerFamilyPence: null });
    assert.equal(without.netSavingPence, null);
    assert.equal(without.programmeCostPence, null);
    assert.equal(without.grossSavingPence, 3_986_340);
  });

  void test('savings are located by agency and by month and add up to the total', () => {
    const agencies = result.preceding.byAgency.reduce((s, a) => s + a.savingPence, 0);
    const months = result.preceding.byMonth.reduce((s, m) => s + m.baselinePence - m.duringPence, 0);
    assert.equal(agencies, result.preceding.grossSavingPence);
    assert.equal(months, result.preceding.grossSavingPence);
    assert.equal(result.preceding.byMonth.length, 6);
  });
});

void describe('windows', () => {
  const family = (start: string, end: string, dataFrom: string | null = null): CohortFamily => ({ familyId: 'A', label: 'A', start, end, dataFrom });
  const rows: CostRow[] = Array.from({ length: 36 }, (_, k) => ({ familyId: 'A', month: addMonths('2024-01', k), agency: 'Police', category: 'incident', costPence: 100 * (k + 1) }));
  const costs = indexCosts(rows);
  const cases: Array<[string, CohortFamily, 'preceding' | 'year_earlier', number | null, number | null]> = [
    // name, family, kind, baseline pence, during pence (null = excluded)
    ['preceding 3 months', family('2025-04', '2025-06'), 'preceding', 1300 + 1400 + 1500, 1600 + 1700 + 1800],
    ['year earlier 3 months', family('2025-04', '2025-06'), 'year_earlier', 400 + 500 + 600, 1600 + 1700 + 1800],
    ['data start inside the preceding window', family('2025-04', '2025-06', '2025-02'), 'preceding', null, null],
    ['data start exactly at the preceding window', family('2025-04', '2025-06', '2025-01'), 'preceding', 1300 + 1400 + 1500, 1600 + 1700 + 1800],
  ];
  for (const [name, f, kind, baseline, during] of cases) {
    void test(name, () => {
      const c = compareCosts(kind, [f], costs, { programmeCostPerFamilyPence: null });
      if (baseline === null) {
        assert.equal(c.n, 0);
        assert.equal(c.excluded.length, 1);
      } else {
        assert.equal(c.baselinePence, baseline);
        assert.equal(c.duringPence, during);
      }
    });
  }

  void test('an intervention still running is cut to the last month with data', () => {
    const c = compareCosts('preceding', [family('2025-10', '2026-06')], costs, { programmeCostPerFamilyPence: null, lastMonth: '2025-12' });
    assert.equal(c.duringPence, 2200 + 2300 + 2400);
    assert.equal(c.baselinePence, 1900 + 2000 + 2100);
  });

  void test('months between is inclusive', () => assert.equal(monthsBetween('2011-03', '2011-08'), 6));

  void test('a four-month intervention is scaled by 12/4 and rounded once', () => {
    const p = projectIncidentSavings(
      [{ familyId: 'A', label: 'A', start: '2025-01', end: '2025-04', dataFrom: null, hasIncidentRecord: true }],
      [
        { familyId: 'A', date: '2024-06-01', category: 'x' },
        { familyId: 'A', date: '2024-07-01', category: 'x' },
        { familyId: 'A', date: '2025-02-01', category: 'x' },
        { familyId: 'A', date: '2025-02-01', category: 'unpriced' },
      ],
      new Map([['x', 1001]]),
    );
    // (2 − 1 × 3) × 1001 = −1001
    assert.equal(p.totalSavingPence, -1001);
    assert.equal(p.included[0]?.byCategory.length, 1);
  });
});
