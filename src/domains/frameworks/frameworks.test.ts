// Table-driven tests of the shipped frameworks, family by family, from the rules as written
// (seed-003 L618-658, standards.md §2.2, §2.3, §2.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareFramework, type EventFact, type MemberFact, type TermPeriod } from './rules.ts';
import type { FrameworkDefinition } from './rule.types.ts';
import { sf2022 } from './seed/sf2022.ts';
import { tf2012 } from './seed/tf2012.ts';
import { tf2015 } from './seed/tf2015.ts';

const DATE = '2025-03-31';
const TERMS: TermPeriod[] = [
  { start: '2024-04-15', end: '2024-07-22' },
  { start: '2024-09-04', end: '2024-12-20' },
  { start: '2025-01-06', end: '2025-03-28' },
];

// People: ages at 31 March 2025.
const mum: MemberFact = { personId: 'mum', role: 'parent', dateOfBirth: '1988-06-01' };
const dad: MemberFact = { personId: 'dad', role: 'parent', dateOfBirth: '1985-02-01' };
const teen: MemberFact = { personId: 'teen', role: 'child', dateOfBirth: '2010-09-01' }; // 14
const toddler: MemberFact = { personId: 'toddler', role: 'child', dateOfBirth: '2022-05-01' }; // 2
const baby: MemberFact = { personId: 'unborn', role: 'expected_child', dateOfBirth: null };

let n = 0;
const e = (personId: string, type: string, occurredOn: string, endedOn: string | null = null, attributes: Record<string, unknown> = {}): EventFact => ({ id: `${personId}-${++n}`, type, occurredOn, endedOn, personId, attributes });
const E = {
  asb: (p: string, on = '2025-01-10') => e(p, 'police.asb_incident', on, null, { role: 'SUSP', outcome: 'CMP' }),
  asbVictim: (p: string) => e(p, 'police.asb_incident', '2025-01-10', null, { role: 'VIC', outcome: 'NFA' }),
  offence: (p: string, outcome = 'CHG', on = '2024-11-01') => e(p, 'police.offence', on, null, { role: 'OFF', outcome }),
  suspension: (p: string, on: string) => e(p, 'school.suspension', on, null, { reason: 'PP' }),
  exclusion: (p: string) => e(p, 'school.permanent_exclusion', '2025-02-01'),
  attendance: (p: string, missed: number, unauth: number) => TERMS.map((t) => e(p, 'school.attendance', t.start, t.end, { sessions_possible: 100, sessions_missed: missed, sessions_unauthorised: unauth })),
  benefit: (p: string, ended: string | null = null) => e(p, 'dwp.out_of_work_benefit', '2023-01-01', ended, { benefit: 'ESA' }),
  ucWorking: (p: string) => e(p, 'dwp.universal_credit', '2023-01-01', null, { conditionality: 'WWR' }),
  ucSearching: (p: string) => e(p, 'dwp.universal_credit', '2023-01-01', null, { conditionality: 'SFW' }),
  da: (p: string, on = '2024-12-01') => e(p, 'police.domestic_abuse_incident', on, null, { role: 'V', risk: 'M' }),
  cin: (p: string, ended: string | null = null) => e(p, 'csc.child_in_need', '2024-06-01', ended, { primary_need: 'N1' }),
  mh: (p: string) => e(p, 'health.mental_health_contact', '2024-08-01', null, { team: 'TALK' }),
  sub: (p: string) => e(p, 'health.substance_misuse', '2024-08-01', '2024-12-01', { substance: 'ALC' }),
  arrears: (p: string) => e(p, 'housing.rent_arrears', '2024-10-01', null, { arrears_balance: 800 }),
  asbNotice: (p: string) => e(p, 'housing.notice_seeking_possession', '2024-10-01', null, { reason: 'ASBW' }),
};

interface Case {
  name: string;
  members: MemberFact[];
  events: EventFact[];
  headlines: string[];
  needs?: string[];
  eligible: boolean;
}

function run(def: FrameworkDefinition, cases: Case[]): void {
  for (const c of cases) {
    void test(`${def.code}: ${c.name}`, () => {
      const r = prepareFramework(def, { date: DATE, terms: TERMS }).family(c.members, c.events);
      assert.deepEqual(r.headlines, [...c.headlines].sort(), 'headlines');
      if (c.needs) assert.deepEqual(r.needs, [...c.needs].sort(), 'needs');
      assert.equal(r.eligible, c.eligible, 'eligible');
      // Every match cites events of its own person only.
      const byId = new Map(c.events.map((x) => [x.id, x]));
      for (const m of r.matches) for (const id of m.evidence) assert.equal(byId.get(id)?.personId, m.personId);
    });
  }
}

run(tf2012, [
  { name: 'all three national criteria', members: [mum, teen], events: [E.asb('teen'), E.exclusion('teen'), E.benefit('mum')], headlines: ['crime_asb', 'education', 'work'], eligible: true },
  { name: 'two national criteria only', members: [mum, teen], events: [E.asb('teen'), E.benefit('mum')], headlines: ['crime_asb', 'work'], eligible: false },
  { name: 'two national criteria plus the local criterion', members: [mum, teen], events: [E.asb('teen'), E.benefit('mum'), E.da('mum')], headlines: ['crime_asb', 'local', 'work'], eligible: true },
  { name: 'only under-school-age children: outside the national criteria even with two plus local', members: [mum, toddler], events: [E.asb('mum'), E.benefit('mum'), E.da('mum')], headlines: ['crime_asb', 'local', 'work'], eligible: false },
  { name: 'a school-age and an under-school-age child', members: [mum, teen, toddler], events: [E.asb('mum'), E.benefit('mum'), E.da('mum')], headlines: ['crime_asb', 'local', 'work'], eligible: true },
  { name: '3 suspensions in the last 3 terms', members: [teen], events: [E.suspension('teen', '2024-05-01'), E.suspension('teen', '2024-10-01'), E.suspension('teen', '2025-02-01')], headlines: ['education'], needs: ['tf2012.exclusion'], eligible: false },
  { name: '2 suspensions are not enough', members: [teen], events: [E.suspension('teen', '2024-10-01'), E.suspension('teen', '2025-02-01')], headlines: [], eligible: false },
  { name: 'a suspension the day before the earliest term does not count', members: [teen], events: [E.suspension('teen', '2024-04-14'), E.suspension('teen', '2024-10-01'), E.suspension('teen', '2025-02-01')], headlines: [], eligible: false },
  { name: '15% unauthorised absence', members: [teen], events: E.attendance('teen', 20, 15), headlines: ['education'], needs: ['tf2012.unauthorised_absence'], eligible: false },
  { name: '14% unauthorised absence is not enough', members: [teen], events: E.attendance('teen', 20, 14), headlines: [], eligible: false },
  { name: 'a proven youth offence', members: [teen], events: [E.offence('teen', 'YC')], headlines: ['crime_asb'], needs: ['tf2012.youth_offence'], eligible: false },
  { name: 'an adult offence is not the youth criterion', members: [dad], events: [E.offence('dad')], headlines: [], eligible: false },
  { name: 'no further action is not a proven offence', members: [teen], events: [E.offence('teen', 'NFA')], headlines: [], eligible: false },
  { name: 'an ASB victim is not involved in ASB', members: [mum], events: [E.asbVictim('mum')], headlines: [], eligible: false },
  { name: 'a housing notice for ASB', members: [mum], events: [E.asbNotice('mum')], headlines: ['crime_asb'], eligible: false },
  { name: 'ASB exactly 12 months before is outside the window', members: [mum], events: [E.asb('mum', '2024-03-31')], headlines: [], eligible: false },
  { name: 'ASB 12 months less a day before is inside', members: [mum], events: [E.asb('mum', '2024-04-01')], headlines: ['crime_asb'], eligible: false },
  { name: 'a benefit spell that ended is not out of work now', members: [mum], events: [E.benefit('mum', '2025-01-01')], headlines: [], eligible: false },
  { name: 'Universal Credit while working is not out of work', members: [mum], events: [E.ucWorking('mum')], headlines: [], eligible: false },
  { name: 'Universal Credit searching for work is out of work', members: [mum], events: [E.ucSearching('mum')], headlines: ['work'], eligible: false },
  { name: 'a child on a benefit record is not an adult on benefits', members: [teen], events: [E.benefit('teen')], headlines: [], eligible: false },
]);

run(tf2015, [
  { name: 'two of six problems', members: [mum, teen], events: [E.benefit('mum'), E.mh('mum')], headlines: ['health', 'worklessness'], eligible: true },
  { name: 'two needs under one problem are one problem', members: [mum, teen], events: [E.mh('mum'), E.sub('mum')], headlines: ['health'], needs: ['tf2015.mental_health', 'tf2015.substance_misuse'], eligible: false },
  { name: 'no dependent child', members: [mum, dad], events: [E.benefit('mum'), E.da('mum')], headlines: ['domestic_abuse', 'worklessness'], eligible: false },
  { name: 'only under-school-age children are in scope from 2015', members: [mum, toddler], events: [E.benefit('mum'), E.da('mum')], headlines: ['domestic_abuse', 'worklessness'], eligible: true },
  { name: 'any suspension counts as not attending regularly', members: [mum, teen], events: [E.suspension('teen', '2025-01-20'), E.offence('dad')], headlines: ['school_attendance'], eligible: false },
  { name: 'persistent absence at 10% and a child in need', members: [mum, teen], events: [...E.attendance('teen', 10, 2), E.cin('teen')], headlines: ['children_need_help', 'school_attendance'], eligible: true },
  { name: 'a child in need episode that closed before the window', members: [mum, teen], events: [E.cin('teen', '2024-03-01'), E.benefit('mum')], headlines: ['worklessness'], eligible: false },
]);

run(sf2022, [
  { name: 'three needs under three headlines', members: [mum, teen], events: [E.benefit('mum'), E.mh('mum'), E.arrears('mum')], headlines: ['financial_stability', 'health', 'housing'], eligible: true },
  { name: 'two needs', members: [mum, teen], events: [E.benefit('mum'), E.mh('mum')], headlines: ['financial_stability', 'health'], eligible: false },
  { name: 'three needs under two headlines count as three needs', members: [mum, teen], events: [E.offence('mum'), E.asb('teen'), E.mh('mum')], headlines: ['crime', 'health'], needs: ['sf2022.asb', 'sf2022.mental_health', 'sf2022.offending'], eligible: true },
  { name: 'the same need in two people counts once', members: [mum, dad, teen], events: [E.da('mum'), E.da('dad'), E.benefit('mum')], headlines: ['domestic_abuse', 'financial_stability'], eligible: false },
  { name: 'an expectant family without children', members: [mum, dad, baby], events: [E.da('mum'), E.benefit('mum'), E.sub('dad')], headlines: ['domestic_abuse', 'financial_stability', 'substance_use'], eligible: true },
  { name: 'a couple without children or a pregnancy', members: [mum, dad], events: [E.da('mum'), E.benefit('mum'), E.sub('dad')], headlines: ['domestic_abuse', 'financial_stability', 'substance_use'], eligible: false },
  { name: 'a housing notice for ASB is crime, not housing', members: [mum, teen], events: [E.asbNotice('mum')], headlines: ['crime'], eligible: false },
]);

void test('sf2022: the "distinct headlines" reading is a switch in the data', () => {
  const headlinesReading: FrameworkDefinition = structuredClone(sf2022);
  const rule = headlinesReading.familyRule;
  assert.equal(rule.op, 'all');
  if (rule.op === 'all') {
    const count = rule.of[1];
    assert.equal(count?.op, 'count');
    if (count?.op === 'count') count.of = 'headlines';
  }
  const events = [E.offence('mum'), E.asb('teen'), E.mh('mum')];
  assert.equal(prepareFramework(sf2022, { date: DATE, terms: TERMS }).family([mum, teen], events).eligible, true);
  assert.equal(prepareFramework(headlinesReading, { date: DATE, terms: TERMS }).family([mum, teen], events).eligible, false);
});

void test('a person in two family units: the need is theirs, visible in each family, counted once in each', () => {
  // Dad lives with one family and is a parent (non-resident) in another; his offence is evidence in both.
  const offence = E.offence('dad');
  const familyA = [dad, mum, teen];
  const other: MemberFact = { personId: 'mum2', role: 'parent', dateOfBirth: '1990-01-01' };
  const child2: MemberFact = { personId: 'kid2', role: 'child', dateOfBirth: '2015-01-01' };
  const familyB = [dad, other, child2];
  const prepared = prepareFramework(sf2022, { date: DATE, terms: TERMS });
  const a = prepared.family(familyA, [offence, E.benefit('mum'), E.mh('mum')]);
  const b = prepared.family(familyB, [offence, E.arrears('mum2')]);
  for (const r of [a, b]) {
    const crime = r.matches.filter((m) => m.descriptor === 'sf2022.offending');
    assert.equal(crime.length, 1);
    assert.equal(crime[0]?.personId, 'dad');
    assert.deepEqual(crime[0]?.evidence, [offence.id]);
  }
  assert.equal(a.eligible, true);
  assert.equal(b.eligible, false);
  // The same person listed twice in one family (two memberships) is evaluated once.
  const twice = prepared.family([dad, { ...dad, role: 'carer' }, teen], [offence]);
  assert.equal(twice.matches.length, 1);
});

void test('freshness: the stalest need and the newest evidence', () => {
  const r = prepareFramework(sf2022, { date: DATE, terms: TERMS }).family([mum, teen], [E.arrears('mum'), E.da('mum', '2025-03-01'), { ...E.benefit('mum'), recordedOn: '2025-02-01' }]);
  assert.equal(r.evidenceOldestOn, '2024-10-01');
  assert.equal(r.evidenceLatestOn, '2025-03-01');
  assert.equal(r.severity, 2 + 3 + 1);
});
