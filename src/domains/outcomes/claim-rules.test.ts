import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonthsToDate, decideAttachment, decideBatch, decideResult, rateFor, type ClaimCase, type ClaimScheme, type NeedProgress, type PaymentRate, type ReasonCode } from './claim-rules.ts';

// Schemes and rates as the migration seeds them (the figures' provenance is in the data, not here).
const sf2022: ClaimScheme = {
  frameworkCode: 'sf2022',
  version: '2022-10',
  period: { from: '2022-04-01', to: '2026-03-31' },
  eligibility: { minNeeds: 3, countBy: 'need', requireDependentChild: true },
  routes: ['every_need'],
  sustainment: { months: 6, from: 'closure' },
  attachmentFee: false,
};
const tf2015: ClaimScheme = {
  frameworkCode: 'tf2015',
  version: '2015-03',
  period: { from: '2015-04-01', to: '2020-03-31' },
  eligibility: { minNeeds: 2, countBy: 'headline', requireDependentChild: true },
  routes: ['every_need', 'continuous_employment'],
  sustainment: { months: 6, from: 'outcome' },
  continuousEmployment: { weeks: 26 },
  attachmentFee: true,
};
const tf2012: ClaimScheme = {
  frameworkCode: 'tf2012',
  version: '2012-03',
  period: { from: '2012-04-01', to: '2015-05-31' },
  eligibility: { minNeeds: 3, countBy: 'headline', requireDependentChild: false, minNational: 2 },
  routes: ['every_need', 'continuous_employment'],
  sustainment: { months: 6, from: 'outcome' },
  continuousEmployment: { weeks: 13 },
  attachmentFee: true,
};
const rate = (yearLabel: string, from: string, to: string, a: number, r: number, e: number | null = null): PaymentRate => ({ yearLabel, from, to, attachmentFeePence: a, resultPence: r, employmentResultPence: e, provenance: 'test' });
const tf2012Rates = [rate('2012-13', '2012-04-01', '2013-03-31', 320_000, 70_000, 80_000), rate('2013-14', '2013-04-01', '2014-03-31', 240_000, 160_000), rate('2014-15', '2014-04-01', '2015-05-31', 160_000, 240_000)];
const tf2015Rates = [rate('2015-20', '2015-04-01', '2020-03-31', 100_000, 80_000)];
const sf2022Rates = [rate('2022-25', '2022-04-01', '2026-03-31', 0, 80_000)];

const need = (code: string, headline: string, personId: string | null, metSince: string | null, extra: Partial<NeedProgress> = {}): NeedProgress => ({
  code,
  headline,
  national: true,
  personId,
  identifiedOn: '2023-01-10',
  evidenceEventIds: ['e1'],
  firstMetOn: metSince,
  metSince,
  ...extra,
});

const family = (overrides: Partial<ClaimCase> = {}): ClaimCase => ({
  familyUnitId: 'fam-a',
  caseId: 'case-a',
  attachedOn: '2023-01-10',
  closedOn: '2023-09-01',
  memberIds: ['mum', 'kid1', 'kid2'],
  hasDependentChild: true,
  needs: [need('education.attendance', 'education', 'kid1', '2023-05-01'), need('crime.asb', 'crime', null, '2023-04-01'), need('housing.arrears', 'housing', null, '2023-06-01')],
  employment: [],
  ...overrides,
});

void describe('results under the 2022 framework (every need, six months after closure)', () => {
  const cases: Array<[string, ClaimCase, string, boolean, ReasonCode[]]> = [
    ['every need met and sustained six months after closure', family(), '2024-03-01', true, []],
    ['six months after closure not yet reached', family(), '2024-02-29', false, ['sustainment_pending']],
    ['one need not met', family({ needs: [...family().needs.slice(0, 2), need('housing.arrears', 'housing', null, null)] }), '2024-03-01', false, ['need_not_met']],
    ['a need met only after closure is not sustained from closure', family({ needs: [...family().needs.slice(0, 2), need('housing.arrears', 'housing', null, '2023-10-01')] }), '2024-06-01', false, ['not_sustained']],
    ['the case is still open', family({ closedOn: null }), '2024-03-01', false, ['case_open']],
    ['two needs are too few', family({ needs: family().needs.slice(0, 2) }), '2024-03-01', false, ['not_eligible']],
    ['no dependent child', family({ hasDependentChild: false }), '2024-03-01', false, ['no_dependent_child']],
    ['never worked with: refused', family({ attachedOn: null, caseId: null }), '2024-03-01', false, ['not_attached']],
    ['outcome met before attachment: retrospective, refused', family({ attachedOn: '2023-05-15' }), '2024-03-01', false, ['retrospective']],
    ['attached before the scheme began', family({ attachedOn: '2021-01-01' }), '2024-03-01', false, ['attached_outside_period']],
  ];
  for (const [name, claim, asOf, claimable, codes] of cases) {
    void test(name, () => {
      const decision = decideResult(sf2022, sf2022Rates, claim, asOf, new Set());
      assert.equal(decision.claimable, claimable, JSON.stringify(decision.reasons));
      assert.deepEqual([...new Set(decision.reasons.map((r) => r.code))].sort(), [...codes].sort());
      assert.equal(decision.amountPence, claimable ? 80_000 : 0);
    });
  }

  void test('the 2022 scheme has no continuous employment route', () => {
    const claim = family({ needs: [need('a', 'a', null, null), need('b', 'b', null, null), need('c', 'c', null, null)], employment: [{ personId: 'mum', from: '2023-02-01', to: null, evidenceEventIds: [] }] });
    const d = decideResult(sf2022, sf2022Rates, claim, '2024-03-01', new Set());
    assert.equal(d.claimable, false);
    assert.equal(d.route, null);
  });
});

void describe('amounts per version and year (from the rate data)', () => {
  const cases: Array<[string, ClaimScheme, PaymentRate[], string, number | null, number]> = [
    // name, scheme, rates, attached on, attachment fee, result
    ['TF 2012-13: 80/20', tf2012, tf2012Rates, '2012-06-01', 320_000, 70_000],
    ['TF 2013-14: 60/40', tf2012, tf2012Rates, '2013-06-01', 240_000, 160_000],
    ['TF 2014-15: 40/60', tf2012, tf2012Rates, '2014-06-01', 160_000, 240_000],
    ['TF 2015-20: £1,000 + £800', tf2015, tf2015Rates, '2016-06-01', 100_000, 80_000],
    ['SF 2022-25: no attachment fee', sf2022, sf2022Rates, '2023-01-10', null, 80_000],
  ];
  for (const [name, scheme, rates, attachedOn, fee, result] of cases) {
    void test(name, () => {
      const claim = family({
        attachedOn,
        closedOn: addMonthsToDate(attachedOn, 3),
        needs: [need('education.attendance', 'education', 'kid1', addMonthsToDate(attachedOn, 1)), need('crime.asb', 'crime', null, addMonthsToDate(attachedOn, 1)), need('work.benefits', 'work', 'mum', addMonthsToDate(attachedOn, 2))],
      });
      const asOf = addMonthsToDate(attachedOn, 12);
      const attachment = decideAttachment(scheme, rates, claim, new Set());
      assert.equal(attachment?.amountPence ?? null, fee);
      const decision = decideResult(scheme, rates, claim, asOf, new Set());
      assert.equal(decision.claimable, true, JSON.stringify(decision.reasons));
      assert.equal(decision.amountPence, result);
    });
  }

  void test('no rate for the date: refused with the reason', () => {
    assert.equal(rateFor(tf2015Rates, '2021-01-01'), null);
    const d = decideResult({ ...tf2015, period: { from: '2015-04-01', to: '2022-03-31' } }, tf2015Rates, family({ attachedOn: '2021-01-01', needs: [need('a', 'a', null, '2021-02-01'), need('b', 'b', null, '2021-02-01')] }), '2022-01-01', new Set());
    assert.deepEqual(d.reasons.map((r) => r.code), ['no_rate']);
  });
});

void describe('continuous employment route', () => {
  const base = family({ attachedOn: '2016-01-04', closedOn: null, needs: [need('work.benefits', 'work', 'mum', null), need('crime.asb', 'crime', null, null)] });
  const cases: Array<[string, ClaimCase['employment'], string, boolean]> = [
    ['26 weeks continuous from after attachment', [{ personId: 'mum', from: '2016-02-01', to: null, evidenceEventIds: ['j1'] }], '2016-08-01', true],
    ['25 weeks is not enough', [{ personId: 'mum', from: '2016-02-01', to: null, evidenceEventIds: ['j1'] }], '2016-07-25', false],
    ['a spell that ended after 10 weeks', [{ personId: 'mum', from: '2016-02-01', to: '2016-04-11', evidenceEventIds: ['j1'] }], '2016-12-01', false],
    ['a job that began before attachment does not count', [{ personId: 'mum', from: '2015-06-01', to: null, evidenceEventIds: ['j1'] }], '2016-12-01', false],
    ['someone outside the family does not count', [{ personId: 'stranger', from: '2016-02-01', to: null, evidenceEventIds: ['j1'] }], '2016-12-01', false],
  ];
  for (const [name, employment, asOf, claimable] of cases) {
    void test(name, () => {
      const d = decideResult(tf2015, tf2015Rates, { ...base, employment }, asOf, new Set());
      assert.equal(d.claimable, claimable, JSON.stringify(d.reasons));
      if (claimable) {
        assert.equal(d.route, 'continuous_employment');
        assert.deepEqual(d.keys, ['mum|continuous_employment|tf2015']);
      }
    });
  }
});

void describe('no double counting', () => {
  void test('a person in two family units: the second family cannot claim the same outcome', () => {
    const dad = 'dad';
    const a = family({ familyUnitId: 'fam-a', memberIds: [dad, 'kid1'], needs: [need('crime.offending', 'crime', dad, '2023-04-01'), need('education.attendance', 'education', 'kid1', '2023-04-01'), need('health.mental', 'health', dad, '2023-04-01')] });
    const b = family({ familyUnitId: 'fam-b', caseId: 'case-b', memberIds: [dad, 'kid9'], needs: [need('crime.offending', 'crime', dad, '2023-04-01'), need('education.attendance', 'education', 'kid9', '2023-04-01'), need('housing.arrears', 'housing', null, '2023-04-01')] });
    const [first, second] = decideBatch(sf2022, sf2022Rates, [b, a], '2024-06-01', new Set());
    assert.equal(first?.claim.familyUnitId, 'fam-a');
    assert.equal(first?.result.claimable, true);
    assert.equal(second?.result.claimable, false);
    assert.deepEqual(second?.result.reasons.map((r) => r.code), ['double_count']);
    assert.match(second?.result.reasons[0]?.text ?? '', /dad\|crime\.offending\|sf2022/);
  });

  void test('children in different households of the same father are not double counting', () => {
    const a = family({ familyUnitId: 'fam-a', memberIds: ['dad', 'kid1'], needs: [need('education.attendance', 'education', 'kid1', '2023-04-01'), need('a', 'x', 'kid1', '2023-04-01'), need('b', 'y', 'kid1', '2023-04-01')] });
    const b = family({ familyUnitId: 'fam-b', memberIds: ['dad', 'kid2'], needs: [need('education.attendance', 'education', 'kid2', '2023-04-01'), need('a', 'x', 'kid2', '2023-04-01'), need('b', 'y', 'kid2', '2023-04-01')] });
    const decided = decideBatch(sf2022, sf2022Rates, [a, b], '2024-06-01', new Set());
    assert.deepEqual(decided.map((d) => d.result.claimable), [true, true]);
  });

  void test('a re-referred family cannot be claimed again for an outcome in an earlier locked claim', () => {
    const first = decideResult(sf2022, sf2022Rates, family(), '2024-03-01', new Set());
    assert.equal(first.claimable, true);
    const again = family({ caseId: 'case-2', attachedOn: '2024-04-01', closedOn: '2024-08-01', needs: family().needs.map((n) => ({ ...n, firstMetOn: '2024-05-01', metSince: '2024-05-01' })) });
    const second = decideResult(sf2022, sf2022Rates, again, '2025-03-01', new Set(first.keys));
    assert.equal(second.claimable, false);
    assert.deepEqual(second.reasons.map((r) => r.code), ['double_count']);
  });

  void test('a split family: the new unit holding the same people cannot claim the same family-level outcome', () => {
    const whole = family();
    const split = family({ familyUnitId: 'fam-split', caseId: 'case-s', memberIds: ['mum', 'kid2'] });
    const [a, b] = decideBatch(sf2022, sf2022Rates, [whole, split], '2024-03-01', new Set());
    assert.equal(a?.result.claimable, true);
    assert.equal(b?.result.claimable, false);
  });

  void test('attachment fees: a person attached in two families is paid for once', () => {
    const a = family({ familyUnitId: 'fam-a', attachedOn: '2016-01-01', memberIds: ['dad', 'k1'] });
    const b = family({ familyUnitId: 'fam-b', attachedOn: '2016-02-01', memberIds: ['dad', 'k2'] });
    const decided = decideBatch(tf2015, tf2015Rates, [a, b], '2016-03-01', new Set());
    assert.deepEqual(decided.map((d) => d.attachment?.claimable), [true, false]);
    assert.equal(decideAttachment(tf2015, tf2015Rates, a, new Set())?.amountPence, 100_000);
  });
});

void describe('eligibility at attachment: TF 2012 three headlines with at least two national', () => {
  const cases: Array<[string, NeedProgress[], boolean]> = [
    ['three national', [need('a', 'crime', null, null), need('b', 'education', null, null), need('c', 'work', null, null)], true],
    ['two national plus local', [need('a', 'crime', null, null), need('b', 'education', null, null), need('l', 'local', null, null, { national: false })], true],
    ['one national plus local', [need('a', 'crime', null, null), need('l', 'local', null, null, { national: false }), need('m', 'local2', null, null, { national: false })], false],
    ['two national only', [need('a', 'crime', null, null), need('b', 'education', null, null)], false],
    ['three needs under one headline count once', [need('a', 'crime', null, null), need('b', 'crime', null, null), need('c', 'crime', null, null)], false],
  ];
  for (const [name, needs, eligible] of cases) {
    void test(name, () => {
      const d = decideAttachment(tf2012, tf2012Rates, family({ attachedOn: '2012-06-01', needs }), new Set());
      assert.equal(d?.claimable, eligible, JSON.stringify(d?.reasons));
    });
  }
});

void describe('the framework\'s family rule, when given, decides eligibility', () => {
  const cases: Array<[string, ClaimCase['familyRule'], boolean]> = [
    ['eligible by the framework even with two needs', { eligible: true, summary: 'ok' }, true],
    ['not eligible by the framework', { eligible: false, summary: 'At least 3 needs: 2' }, false],
  ];
  for (const [name, familyRule, claimable] of cases) {
    void test(name, () => {
      const d = decideResult(sf2022, sf2022Rates, family({ needs: family().needs.slice(0, 2), familyRule }), '2024-03-01', new Set());
      assert.equal(d.claimable, claimable);
      if (!claimable) assert.match(d.reasons[0]?.text ?? '', /At least 3 needs: 2/);
    });
  }
});

void test('addMonthsToDate clamps to the end of the month', () => {
  assert.equal(addMonthsToDate('2023-08-31', 6), '2024-02-29');
  assert.equal(addMonthsToDate('2023-09-01', 6), '2024-03-01');
});
