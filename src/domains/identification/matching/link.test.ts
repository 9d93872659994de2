import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rec } from './fixtures.ts';
import type { IdentityRecord } from './types.ts';
import { DEFAULT_MODEL } from './model.ts';
import { explainPair, linkIncremental, linkRecords } from './link.ts';

const model = { model: DEFAULT_MODEL };

function samePerson(records: IdentityRecord[], personOf: Int32Array, a: string, b: string): boolean {
  const ia = records.findIndex((r) => r.record_id === a);
  const ib = records.findIndex((r) => r.record_id === b);
  return personOf[ia] === personOf[ib];
}

const home = { family_name: 'Khan', address: '14 High Street, Leeds', postcode: 'LS1 4AB' };

const cases: { name: string; records: Partial<IdentityRecord>[]; same: [string, string][]; different: [string, string][] }[] = [
  {
    name: 'the same child in school and health data, with a typo and a nickname',
    records: [
      { source: 'school', record_id: 'a', given_name: 'William', family_name: 'Smith', date_of_birth: '2014-02-03', sex: 'M', postcode: 'LS6 1AA', address: '2 Mill Lane' },
      { source: 'health', record_id: 'b', given_name: 'Bill', family_name: 'Smtih', date_of_birth: '2014-02-03', sex: 'M', postcode: 'LS6 1AA', address: '2 Mill Ln' },
    ],
    same: [['a', 'b']], different: [],
  },
  {
    name: 'twins with the same surname and birthday at one address stay two people',
    records: [
      { ...home, source: 'school', record_id: 't1', given_name: 'Aisha', date_of_birth: '2015-06-01', sex: 'F' },
      { ...home, source: 'school', record_id: 't2', given_name: 'Zara', date_of_birth: '2015-06-01', sex: 'F' },
      { ...home, source: 'health', record_id: 't1h', given_name: 'Aisha', date_of_birth: '2015-06-01', sex: 'F', postcode: 'LS1 4AB' },
      { ...home, source: 'police', record_id: 't1p', given_name: 'Aisha', date_of_birth: '2015-06-01', sex: '', address: '14 High St, Leeds' },
    ],
    same: [['t1', 't1h'], ['t1', 't1p']], different: [['t1', 't2'], ['t2', 't1h']],
  },
  {
    name: 'a father and son with the same name at one address stay two people',
    records: [
      { ...home, source: 'housing', record_id: 'f', given_name: 'Imran', date_of_birth: '1979-02-11', sex: 'M' },
      { ...home, source: 'police', record_id: 's', given_name: 'Imran', date_of_birth: '2004-09-30', sex: 'M' },
    ],
    same: [], different: [['f', 's']],
  },
  {
    name: 'a woman before and after marriage is one person',
    records: [
      { source: 'health', record_id: 'w1', given_name: 'Sarah', family_name: 'Jones', date_of_birth: '1990-03-03', sex: 'F', address: '3 Oak Road, Leeds', postcode: 'LS8 2QT', nhs_number: '9434765919' },
      { source: 'dwp', record_id: 'w2', given_name: 'Sarah', family_name: 'Patel', date_of_birth: '1990-03-03', sex: 'F', address: '3 Oak Road, Leeds', postcode: 'LS8 2QT', nhs_number: '9434765919' },
    ],
    same: [['w1', 'w2']], different: [],
  },
  {
    name: 'a shared NHS number with nothing else in common is not gospel',
    records: [
      { source: 'health', record_id: 'x1', given_name: 'Peter', family_name: 'Brown', date_of_birth: '1950-01-01', sex: 'M', postcode: 'M1 1AE', nhs_number: '9434765919' },
      { source: 'school', record_id: 'x2', given_name: 'Lily', family_name: 'Zhang', date_of_birth: '2016-07-09', sex: 'F', postcode: 'LS1 4AB', nhs_number: '9434765919' },
    ],
    same: [], different: [['x1', 'x2']],
  },
  {
    name: 'two different NHS numbers never merge, not even through a third record',
    records: [
      { source: 'health', record_id: 'n1', given_name: 'Tom', family_name: 'Reed', date_of_birth: '2010-01-01', postcode: 'LS1 4AB', nhs_number: '9434765919' },
      { source: 'health', record_id: 'n2', given_name: 'Tom', family_name: 'Reed', date_of_birth: '2010-01-01', postcode: 'LS1 4AB', nhs_number: '4010232137' },
      { source: 'school', record_id: 'n3', given_name: 'Tom', family_name: 'Reed', date_of_birth: '2010-01-01', postcode: 'LS1 4AB' },
    ],
    same: [], different: [['n1', 'n2']],
  },
];

for (const c of cases) {
  void test(`linkRecords: ${c.name}`, async () => {
    const records = c.records.map((r) => rec(r));
    const result = await linkRecords(records, model);
    for (const [a, b] of c.same) assert.ok(samePerson(records, result.personOf, a, b), `${a} and ${b} should be one person`);
    for (const [a, b] of c.different) assert.ok(!samePerson(records, result.personOf, a, b), `${a} and ${b} should be two people`);
  });
}

void test('explainPair: a waterfall that sums to the match weight, with the guard named', async () => {
  const records = cases[1]!.records.map((r) => rec(r));
  const result = await linkRecords(records, model);
  // t1 and t1h are exact repeats: one row
  assert.equal(result.rowOf[0], result.rowOf[2]);
  const x = explainPair(result, result.rowOf[0]!, result.rowOf[1]!);
  assert.equal(x.fields.length, 10);
  assert.match(x.guard, /twins/);
  assert.ok(x.matchProbability <= 0.5);
  const y = explainPair(result, result.rowOf[0]!, result.rowOf[3]!);
  const sum = y.prior + y.fields.reduce((a, f) => a + f.weight, 0);
  assert.ok(Math.abs(sum - y.matchWeight) < 1e-9);
  assert.equal(y.guard, '');
  assert.ok(y.matchProbability > 0.99);
});

void test('linkIncremental: new records join known people or become new ones; known people are not re-linked', async () => {
  const known = [
    rec({ source: 'school', record_id: 'k1', given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05', postcode: 'LS2 7AA', upn: 'A123456789012' }),
    rec({ source: 'health', record_id: 'k2', given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05', postcode: 'LS2 7AA' }),
    rec({ source: 'school', record_id: 'k3', given_name: 'Ben', family_name: 'Cole', date_of_birth: '2011-01-09', postcode: 'LS9 8BB' }),
  ];
  const incoming = [
    rec({ source: 'police', record_id: 'n1', given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05', postcode: 'LS2 7AA' }),
    rec({ source: 'police', record_id: 'n2', given_name: 'Cara', family_name: 'Dunn', date_of_birth: '1988-12-12', postcode: 'LS4 1CC' }),
  ];
  const r = await linkIncremental({ records: known, personIds: ['P1', 'P1', 'P2'] }, incoming, model);
  assert.deepEqual(r.personIds, ['P1', 'P1', 'P2', 'P1', 'new-1']);
  assert.equal(r.newFrom, 3);
  assert.equal(r.newPersons, 1);
  // only pairs touching a new record were compared
  for (let x = 0; x < r.pairs.count; x++) assert.ok(r.pairs.j[x]! >= 3);
});

void test('linkRecords trains its own model when there is enough data', async () => {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vi', 'bel', 'dan', 'fi', 'gus', 'ha'];
  const name = (k: number): string => syllables[k % 12]! + syllables[Math.floor(k / 12) % 12]! + syllables[Math.floor(k / 144) % 12]!;
  const records: IdentityRecord[] = [];
  const truth: number[] = [];
  for (let p = 0; p < 600; p++) {
    const g = name(p * 7 + 3);
    const f = name(p * 13 + 5);
    const dob = new Date(Date.UTC(1950, 0, 1) + p * 37 * 86_400_000).toISOString().slice(0, 10);
    const pc = `LS${1 + (p % 20)} ${p % 9}${'ABDEFGHJLNPQRSTUWXYZ'[p % 20]}${'ABDEFGHJLNPQRSTUWXYZ'[(p * 7) % 20]}`;
    records.push(rec({ source: 'a', record_id: `a${p}`, given_name: g, family_name: f, date_of_birth: dob, postcode: pc }));
    truth.push(p);
    if (p % 2 === 0) {
      // a corrupted copy in another source
      records.push(rec({ source: 'b', record_id: `b${p}`, given_name: g.toUpperCase(), family_name: p % 4 === 0 ? `${f}e` : f, date_of_birth: dob, postcode: pc }));
      truth.push(p);
    }
  }
  const r = await linkRecords(records, { uSamplePairs: 50_000 });
  let correct = 0;
  for (let x = 0; x < records.length; x++) if (records[x]!.source === 'b' && r.personOf[x] === r.personOf[records.findIndex((y) => y.record_id === `a${truth[x]}`)]) correct++;
  assert.ok(correct >= 290, `linked ${correct} of 300 copies`);
  assert.ok(r.persons <= 610 && r.persons >= 600, `persons ${r.persons}`);
});

void test('thresholds are settings: partial thresholds take the defaults, inconsistent ones are refused', async () => {
  const records = cases[0]!.records.map((r) => rec(r));
  const strict = await linkRecords(records, { ...model, thresholds: { autoLink: 0.999999999 } });
  assert.equal(strict.thresholds.review, 0.5);
  const loose = await linkRecords(records, { ...model, thresholds: { autoLink: 0.6 } });
  assert.equal(loose.persons, 1);
  await assert.rejects(linkRecords(records, { thresholds: { autoLink: 0.4, review: 0.5 } }), /thresholds/);
});
