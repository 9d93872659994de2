import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, ageAt, prepareFramework, type EventFact, type MemberFact, type TermPeriod } from './rules.ts';
import type { Clause, FrameworkDefinition, Who } from './rule.types.ts';
import { definitionProblems, ruleProblems } from './validate.ts';
import { SHIPPED_FRAMEWORKS } from './seed/index.ts';

const DATE = '2025-03-31';
// Terms as the synthetic county writes them (attendance returns cover these periods).
const TERMS: TermPeriod[] = [
  { start: '2023-09-04', end: '2023-12-20' },
  { start: '2024-01-06', end: '2024-03-28' },
  { start: '2024-04-15', end: '2024-07-22' },
  { start: '2024-09-04', end: '2024-12-20' },
  { start: '2025-01-06', end: '2025-03-28' },
  { start: '2025-04-15', end: '2025-07-22' },
];

function oneRule(clause: Clause, who: Who = {}): FrameworkDefinition {
  return {
    code: 't', name: 't', description: '', validFrom: '2020-01-01', validTo: null,
    headlines: [{ code: 'h', name: 'H', provenance: { status: 'default', source: 'test' } }],
    descriptors: [{ code: 'd', headline: 'h', name: 'D', description: '', severity: 1, rule: { who, anyOf: [clause] }, provenance: { status: 'default', source: 'test' } }],
    familyRule: { op: 'count', of: 'needs', min: 1 },
    settings: { staleAfterDays: 90, schoolAgeMin: 5, schoolAgeMax: 16, provenance: {} },
    sources: [],
  };
}

let seq = 0;
const ev = (type: string, occurredOn: string, endedOn: string | null = null, attributes: Record<string, unknown> = {}, personId: string | null = 'p1'): EventFact => ({ id: `e${++seq}`, type, occurredOn, endedOn, personId, attributes });
const adult: MemberFact = { personId: 'p1', role: 'parent', dateOfBirth: '1990-05-01' };

void test('calendar arithmetic', () => {
  assert.equal(addMonths('2025-03-31', -12), '2024-03-31');
  assert.equal(addMonths('2025-03-31', -1), '2025-02-28');
  assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
  assert.equal(ageAt('2010-04-01', '2025-03-31'), 14);
  assert.equal(ageAt('2010-03-31', '2025-03-31'), 15);
  assert.equal(ageAt(null, '2025-03-31'), null);
});

const windowCases: Array<[string, Clause, EventFact, boolean]> = [
  ['occurred exactly 12 months before the date is outside', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-03-31'), false],
  ['occurred the day after that is inside', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-04-01'), true],
  ['occurred on the evaluation date is inside', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', DATE), true],
  ['occurred after the evaluation date is outside', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-04-01'), false],
  ['a spell ending on the window start does not overlap', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'overlaps' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2023-01-01', '2024-03-31'), false],
  ['a spell ending the day after overlaps', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'overlaps' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2023-01-01', '2024-04-01'), true],
  ['an open spell from long ago overlaps', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'overlaps' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2015-01-01'), true],
  ['last 365 days: 365 days before is outside', { types: ['x.a'], window: { kind: 'last_days', days: 365, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-03-31'), false],
  ['on the date: a spell ended on the date is not open', { types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-01-01', DATE), false],
  ['on the date: a spell ending the next day is open', { types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-01-01', '2025-04-01'), true],
  ['on the date: a spell starting the next day is not', { types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-04-01'), false],
  ['last 3 terms: the first day of the earliest term is inside', { types: ['x.a'], window: { kind: 'last_terms', terms: 3, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-04-15'), true],
  ['last 3 terms: the day before it is outside', { types: ['x.a'], window: { kind: 'last_terms', terms: 3, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2024-04-14'), false],
  ['last 3 terms within: a term still running on the date is outside', { types: ['x.a'], window: { kind: 'last_terms', terms: 3, match: 'within' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-06', '2025-04-02'), false],
  ['attribute in: matching value', { types: ['x.a'], where: [{ attr: 'role', in: ['SUSP'] }], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-01', null, { role: 'SUSP' }), true],
  ['attribute in: other value', { types: ['x.a'], where: [{ attr: 'role', in: ['SUSP'] }], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-01', null, { role: 'VIC' }), false],
  ['attribute in: missing attribute', { types: ['x.a'], where: [{ attr: 'role', in: ['SUSP'] }], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-01'), false],
  ['attribute notIn: missing attribute passes', { types: ['x.a'], where: [{ attr: 'reason', notIn: ['ASBW'] }], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-01'), true],
  ['attribute min: numeric text', { types: ['x.a'], where: [{ attr: 'n', min: 500 }], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.a', '2025-01-01', null, { n: '650.00' }), true],
  ['another event type does not count', { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } }, ev('x.b', '2025-01-01'), false],
];

for (const [name, clause, event, expected] of windowCases) {
  void test(`window: ${name}`, () => {
    const result = prepareFramework(oneRule(clause), { date: DATE, terms: TERMS }).family([adult], [event]);
    assert.equal(result.needs.includes('d'), expected);
    if (expected) assert.deepEqual(result.matches[0]?.evidence, [event.id]);
  });
}

const attendance = (term: TermPeriod, possible: number, missed: number, unauth = 0) => ev('school.attendance', term.start, term.end, { sessions_possible: possible, sessions_missed: missed, sessions_unauthorised: unauth });
const ratio: Clause = { types: ['school.attendance'], window: { kind: 'last_terms', terms: 3, match: 'within' }, threshold: { kind: 'ratio', numerator: 'sessions_missed', denominator: 'sessions_possible', min: 0.1 } };
const [, , t3, t4, t5] = TERMS as [TermPeriod, TermPeriod, TermPeriod, TermPeriod, TermPeriod, TermPeriod];

const thresholdCases: Array<[string, EventFact[], boolean]> = [
  ['exactly 10% across three terms', [attendance(t3, 100, 10), attendance(t4, 100, 10), attendance(t5, 100, 10)], true],
  ['just under 10%', [attendance(t3, 100, 10), attendance(t4, 100, 10), attendance(t5, 100, 9)], false],
  ['a bad older term does not count', [attendance(TERMS[1] as TermPeriod, 100, 90), attendance(t3, 100, 5), attendance(t4, 100, 5), attendance(t5, 100, 5)], false],
  ['summed over the terms, not averaged per term', [attendance(t3, 200, 40), attendance(t4, 100, 0), attendance(t5, 100, 0)], true],
  ['no sessions possible is no need', [attendance(t3, 0, 0)], false],
];
for (const [name, events, expected] of thresholdCases) {
  void test(`ratio threshold: ${name}`, () => {
    const child: MemberFact = { personId: 'p1', role: 'child', dateOfBirth: '2012-01-01' };
    const r = prepareFramework(oneRule(ratio), { date: DATE, terms: TERMS }).family([child], events);
    assert.equal(r.needs.length === 1, expected);
  });
}

const whoCases: Array<[string, Who, MemberFact, boolean]> = [
  ['child role under 18', { roles: ['child'], maxAge: 17 }, { personId: 'p1', role: 'child', dateOfBirth: '2010-01-01' }, true],
  ['child role aged 18', { roles: ['child'], maxAge: 17 }, { personId: 'p1', role: 'child', dateOfBirth: '2007-03-31' }, false],
  ['child role turning 18 tomorrow', { roles: ['child'], maxAge: 17 }, { personId: 'p1', role: 'child', dateOfBirth: '2007-04-01' }, true],
  ['a parent is not a child', { roles: ['child'] }, adult, false],
  ['adult with no date of birth fails an age test', { minAge: 18 }, { personId: 'p1', role: 'parent', dateOfBirth: null }, false],
  ['anyone', {}, { personId: 'p1', role: 'other_adult', dateOfBirth: null }, true],
];
for (const [name, who, member, expected] of whoCases) {
  void test(`who: ${name}`, () => {
    const clause: Clause = { types: ['x.a'], window: { kind: 'last_months', months: 12, match: 'occurred' }, threshold: { kind: 'count', min: 1 } };
    const r = prepareFramework(oneRule(clause, who), { date: DATE, terms: TERMS }).family([member], [ev('x.a', '2025-01-01')]);
    assert.equal(r.needs.length === 1, expected);
  });
}

void test('the shipped frameworks are valid documents', () => {
  for (const f of SHIPPED_FRAMEWORKS) assert.deepEqual(definitionProblems(f), [], f.code);
});

void test('every shipped figure says where it came from', () => {
  for (const f of SHIPPED_FRAMEWORKS) {
    for (const d of f.descriptors) {
      assert.ok(d.provenance.source, `${d.code} provenance`);
      for (const c of d.rule?.anyOf ?? []) {
        assert.ok(c.window.provenance || c.threshold.provenance, `${d.code}: "${c.label}" has no provenance on its window or threshold`);
      }
    }
  }
});

const problemCases: Array<[string, unknown, RegExp | null]> = [
  ['a valid rule', { who: {}, anyOf: [{ types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }] }, null],
  ['no conditions', { who: {}, anyOf: [] }, /at least one condition/],
  ['a bad event type', { who: {}, anyOf: [{ types: ['Attendance'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }] }, /event types look like/],
  ['a ratio above 100%', { who: {}, anyOf: [{ types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'ratio', numerator: 'a', denominator: 'b', min: 1.5 } }] }, /at most 100%/],
  ['ages the wrong way round', { who: { minAge: 10, maxAge: 5 }, anyOf: [{ types: ['x.a'], window: { kind: 'on_date' }, threshold: { kind: 'count', min: 1 } }] }, /not be above/],
  ['an unknown window', { who: {}, anyOf: [{ types: ['x.a'], window: { kind: 'forever' }, threshold: { kind: 'count', min: 1 } }] }, /unknown time window/],
  ['not an object', 'eval("x")', /must be an object/],
];
for (const [name, doc, expected] of problemCases) {
  void test(`rule validation: ${name}`, () => {
    const problems = ruleProblems(doc);
    if (expected === null) assert.deepEqual(problems, []);
    else assert.match(problems.join('\n'), expected);
  });
}
