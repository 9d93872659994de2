// Table-driven tests of synth's pure parts: dates, PRNG, errors, nicknames, names, needs, ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidNhsNumber, isValidPostcode } from '../platform/identifiers.ts';
import { civil, dateFormatter, dateParser, dayNumber, dobParser, isoDate, parseIso } from './dates.ts';
import { identifierTypo, nickname, phonetic, postcodeError, stripDiacritics, typo } from './errors.ts';
import type { Ev } from './events.ts';
import { drawNeeds, termsIn } from './events.ts';
import { planCounty, scramble } from './generate.ts';
import { allNames, surnameForSex } from './names.ts';
import { evaluateFamily } from './needs.ts';
import { formalNamesOf, nicknamesOf, sameGivenName } from './nicknames.ts';
import { addressOf } from './places.ts';
import { Rng } from './prng.ts';
import { dobRenderer, type IdView } from './sources.ts';
import { splitFullName, canonicalSex } from './read.ts';
import { type Family, NEVER, OPEN, type Person, planCluster } from './world.ts';

void test('dates: day numbers round-trip, including before 1970', () => {
  const cases: [number, number, number][] = [[1970, 1, 1], [1969, 12, 31], [1924, 2, 29], [2000, 2, 29], [2025, 3, 31], [2099, 12, 31]];
  for (const [y, m, d] of cases) assert.deepEqual(civil(dayNumber(y, m, d)), [y, m, d]);
  assert.equal(dayNumber(1970, 1, 1), 0);
  assert.equal(isoDate(dayNumber(1969, 12, 31)), '1969-12-31');
});

void test('dates: each source format formats and parses', () => {
  const day = dayNumber(2023, 7, 5);
  const cases: [string, string][] = [
    ['DD/MM/YYYY', '05/07/2023'], ['YYYY-MM-DD', '2023-07-05'], ['DD.MM.YYYY', '05.07.2023'], ['YYYYMMDD', '20230705'], ['DD-MMM-YYYY', '05-Jul-2023'],
  ];
  for (const [fmt, want] of cases) {
    assert.equal(dateFormatter(fmt)(day), want, fmt);
    assert.equal(dateParser(fmt)(want), '2023-07-05', fmt);
  }
  assert.equal(dateFormatter('DD/MM/YYYY HH:mm')(day, 19 * 3600 + 5 * 60), '05/07/2023 19:05');
  assert.equal(dateParser('DD/MM/YYYY')('31/02/2023'), null);
  assert.equal(parseIso('2023-13-01'), null);
});

void test('dates: dates of birth, partial and missing (read.ts contract)', () => {
  const cases: [string, string, string][] = [
    ['DD/MM/YYYY', '24/03/2020', '2020-03-24'], ['DD/MM/YYYY', '03/2020', '2020-03'], ['DD/MM/YYYY', '2020', '2020'], ['DD/MM/YYYY', '', ''],
    ['YYYY-MM-DD', '2020-03', '2020-03'], ['YYYYMMDD', '2020-03', '2020-03'], ['DD-MMM-YYYY', 'Mar-2020', '2020-03'], ['DD.MM.YYYY', '03.2020', '2020-03'],
    ['DD/MM/YYYY', 'N/K', ''],
  ];
  for (const [fmt, s, want] of cases) assert.equal(dobParser(fmt)(s), want, `${fmt} ${s}`);
});

void test('dobRenderer: partial, transposed and missing dates of birth in each format', () => {
  const v = (dobMode: string): IdView => ({ given: '', family: '', dob: dayNumber(1984, 7, 9), dobMode, sex: '', line1: '', line2: '', locality: '', town: '', postcode: '', uprn: '', nhs: '', upn: '', ni: '' });
  const cases: [string, string, string][] = [
    ['DD/MM/YYYY', 'full', '09/07/1984'], ['DD/MM/YYYY', 'transposed', '07/09/1984'], ['DD/MM/YYYY', 'ym', '07/1984'], ['DD/MM/YYYY', 'y', '1984'], ['DD/MM/YYYY', 'none', ''],
    ['YYYY-MM-DD', 'transposed', '1984-09-07'], ['YYYY-MM-DD', 'ym', '1984-07'], ['YYYYMMDD', 'transposed', '19840907'], ['DD-MMM-YYYY', 'transposed', '07-Sep-1984'], ['DD-MMM-YYYY', 'ym', 'Jul-1984'],
  ];
  for (const [fmt, mode, want] of cases) {
    const s = dobRenderer(fmt)(v(mode));
    assert.equal(s, want, `${fmt} ${mode}`);
    if (mode === 'ym' || mode === 'y') assert.equal(dobParser(fmt)(s), mode === 'y' ? '1984' : '1984-07');
  }
});

void test('prng: same seed same stream, different index different stream', () => {
  const a = new Rng(42, 1, 7), b = new Rng(42, 1, 7), c = new Rng(42, 1, 8);
  const xa = Array.from({ length: 20 }, () => a.u32());
  assert.deepEqual(xa, Array.from({ length: 20 }, () => b.u32()));
  assert.notDeepEqual(xa, Array.from({ length: 20 }, () => c.u32()));
  const r = new Rng(1);
  for (let i = 0; i < 1000; i++) { const x = r.int(3, 5); assert.ok(x >= 3 && x <= 5); }
});

void test('scramble: record ids are a permutation (no collisions)', () => {
  const seen = new Set<number>();
  for (let ci = 0; ci < 300; ci++) for (let n = 0; n < 40; n++) seen.add(scramble(ci * 4096 + n, 12345));
  assert.equal(seen.size, 300 * 40);
});

void test('planCounty: exactly the people asked for', () => {
  for (const n of [1, 2, 7, 100, 2345]) {
    const p = planCounty(99, n);
    let sum = 0;
    for (let ci = 0; ci < p.clusters; ci++) sum += planCluster(99, ci, ci >= p.forceSingleFrom).size;
    assert.equal(sum, n);
  }
});

void test('errors: typo changes the name by one edit and keeps the first letter', () => {
  const r = new Rng(3);
  for (const s of ['Thompson', 'Elizabeth', 'Ng', 'Wiśniewski']) {
    for (let i = 0; i < 50; i++) {
      const t = typo(r, s);
      assert.equal(t[0], s[0]);
      assert.ok(Math.abs(t.length - s.length) <= 1, `${s} → ${t}`);
    }
  }
});

void test('errors: phonetic, nickname, diacritics', () => {
  const r = new Rng(5);
  const phon: [string, string[]][] = [['Stephen', ['Stefen', 'Steven', 'Stephan', 'Stepen']], ['McCarthy', ['MacCarthy', 'McCarthie', 'McCarty', 'McCathy', 'McCarthy']]];
  for (const [s, ok] of phon) for (let i = 0; i < 20; i++) { const p = phonetic(r, s); assert.ok(ok.includes(p) || p !== s, `${s} → ${p}`); }
  assert.equal(phonetic(r, 'Xu'), 'Xu');
  assert.ok(['Bill', 'Will', 'Billy', 'Liam'].includes(nickname(r, 'William')));
  assert.equal(nickname(r, 'Zain'), 'Zain');
  const dia: [string, string][] = [['Wiśniewski', 'Wisniewski'], ['Małgorzata', 'Malgorzata'], ['Bērziņš', 'Berzins'], ['Smith', 'Smith']];
  for (const [s, want] of dia) assert.equal(stripDiacritics(s), want);
});

void test('errors: postcode and identifier slips', () => {
  const r = new Rng(9);
  let invalid = 0;
  for (let i = 0; i < 200; i++) {
    const pc = postcodeError(r, 'NM10 5EZ');
    if (!isValidPostcode(pc)) invalid++;
  }
  assert.ok(invalid > 0);
  for (let i = 0; i < 100; i++) {
    const t = identifierTypo(r, '9434765919');
    assert.notEqual(t, '9434765919');
    assert.equal([...t].sort().join(''), [...'9434765919'].sort().join(''));
  }
  assert.equal(isValidNhsNumber(identifierTypo(new Rng(1), '9434765919')), false);
});

void test('nicknames: both ways, case-insensitive', () => {
  const cases: [string, string, boolean][] = [
    ['William', 'Bill', true], ['bill', 'WILLIAM', true], ['Liz', 'Elizabeth', true], ['Kate', 'Katie', true], ['Bob', 'William', false], ['Mo', 'Mohammed', true], ['Anna', 'Anna', true],
  ];
  for (const [a, b, want] of cases) assert.equal(sameGivenName(a, b), want, `${a} ~ ${b}`);
  assert.ok(nicknamesOf('william').includes('Bill'));
  assert.ok(formalNamesOf('Harry').includes('Henry'));
});

void test('names: tables are populated; Polish surnames take the feminine form', () => {
  const { surnames, forenames } = allNames();
  assert.ok(surnames.length > 250 && forenames.length > 300);
  const cases: [string, 'M' | 'F', string][] = [['Kowalski', 'F', 'Kowalska'], ['Kowalski', 'M', 'Kowalski'], ['Smith', 'F', 'Smith'], ['Kaur', 'M', 'Singh'], ['Singh', 'F', 'Kaur'], ['Begum', 'M', 'Miah']];
  for (const [s, sex, want] of cases) assert.equal(surnameForSex(s, sex), want);
});

void test('places: addresses are deterministic with well-formed postcodes and unique UPRNs', () => {
  const uprns = new Set<string>();
  for (let s = 0; s < 2000; s += 7) {
    const a = addressOf(s);
    assert.deepEqual(a, addressOf(s));
    assert.ok(isValidPostcode(a.postcode), a.postcode);
    uprns.add(a.uprn);
  }
  assert.equal(uprns.size, Math.ceil(2000 / 7));
});

void test('read: full names and coded sex', () => {
  const names: [string, [string, string]][] = [['SMITH, John', ['John', 'SMITH']], ["O'BRIEN, Mary Anne", ['Mary Anne', "O'BRIEN"]], ['John Smith', ['John', 'Smith']], ['', ['', '']]];
  for (const [s, want] of names) assert.deepEqual(splitFullName(s), want);
  const sexes: [string, Record<string, string> | undefined, string][] = [['1', { '1': 'M', '2': 'F' }, 'M'], ['2', { '1': 'M', '2': 'F' }, 'F'], ['9', { '9': '' }, ''], ['Female', undefined, 'F'], ['m', undefined, 'M'], ['U', undefined, '']];
  for (const [s, coding, want] of sexes) assert.equal(canonicalSex(s, coding), want);
});

void test('drawNeeds: the number asked for, no repeats', () => {
  const r = new Rng(11);
  for (let level = 0; level <= 6; level++) {
    const n = drawNeeds(r, level);
    assert.equal(n.length, level);
    assert.equal(new Set(n).size, level);
  }
});

void test('needs: evaluated at --to from true events (table)', () => {
  const to = dayNumber(2025, 3, 31);
  const from = dayNumber(2022, 4, 1);
  const terms = termsIn(from, to);
  const person = (id: string, dob: number): Person => ({ idx: 0, id, sex: 'F', dob, origin: 'white_british', given: 'A', middle: '', birthFamily: 'B', family: 'B', nameChange: NEVER, nhs: '', upn: 'X', ni: '', school: '', stays: [] });
  const mum = person('mum', dayNumber(1985, 1, 1));
  const kid = person('kid', dayNumber(2012, 5, 5));
  const fam: Family = { id: 'F', members: [{ person: mum, role: 'parent', from: 0, to: OPEN }, { person: kid, role: 'child', from: 0, to: OPEN }], due: -1, level: 0, scenario: 'lone_parent' };
  const e = (p: Person, type: string, day: number, x: Partial<Ev> = {}): Ev => ({ source: 's', type, person: p, day, end: -1, secs: 0, role: '', code: '', detail: '', n1: 0, n2: 0, n3: 0, term: '', school: '', id: 'r', ...x });
  const last3 = terms.slice(-3);
  const attendance = (rate: number, unauth: number): Ev[] => last3.map((t) => e(kid, 'school.attendance', t.start, { term: t.code, n1: 100, n2: rate, n3: unauth, end: t.end }));
  const cases: [string, Ev[], string[]][] = [
    ['nothing', [], []],
    ['good attendance', attendance(4, 1), []],
    ['10% absence', attendance(10, 2), ['tf2015/school_attendance', 'sf2022/education']],
    ['15% unauthorised', attendance(16, 15), ['tf2012/education', 'tf2015/school_attendance', 'sf2022/education']],
    ['ASB as suspect last year', [e(mum, 'police.asb_incident', to - 100, { role: 'SUSP' })], ['tf2012/crime_asb', 'tf2015/crime', 'sf2022/crime']],
    ['ASB as victim', [e(mum, 'police.asb_incident', to - 100, { role: 'VIC' })], []],
    ['ASB two years ago', [e(mum, 'police.asb_incident', to - 700, { role: 'SUSP' })], []],
    ['adult proven offence', [e(mum, 'police.offence', to - 10, { role: 'OFF', term: 'CHG' })], ['tf2015/crime', 'sf2022/crime']],
    ['child proven offence', [e(kid, 'police.offence', to - 10, { role: 'OFF', term: 'YC' })], ['tf2012/crime_asb', 'tf2015/crime', 'sf2022/crime']],
    ['open ESA claim', [e(mum, 'dwp.out_of_work_benefit', to - 900, { end: OPEN, code: 'ESA' })], ['tf2012/work', 'tf2015/worklessness', 'sf2022/financial_stability']],
    ['closed JSA claim', [e(mum, 'dwp.out_of_work_benefit', to - 900, { end: to - 300, code: 'JSA' })], []],
    ['UC working', [e(mum, 'dwp.universal_credit', to - 900, { end: OPEN, code: 'WWR' })], []],
    ['UC searching', [e(mum, 'dwp.universal_credit', to - 900, { end: OPEN, code: 'SFW' })], ['tf2012/work', 'tf2015/worklessness', 'sf2022/financial_stability']],
    ['child in need', [e(kid, 'csc.child_in_need', to - 100, { end: OPEN })], ['tf2015/children_need_help', 'sf2022/children_safe']],
    ['domestic abuse', [e(mum, 'police.domestic_abuse_incident', to - 30, { role: 'V' })], ['tf2015/domestic_abuse', 'sf2022/domestic_abuse']],
    ['mental health', [e(mum, 'health.mental_health_contact', to - 30, { end: OPEN })], ['tf2015/health', 'sf2022/health']],
    ['substance misuse', [e(mum, 'health.substance_misuse', to - 30, { end: OPEN })], ['tf2015/health', 'sf2022/substance_use']],
    ['rent arrears', [e(mum, 'housing.rent_arrears', to - 30)], ['sf2022/housing']],
    ['three suspensions', [0, 1, 2].map((i) => e(kid, 'school.suspension', (last3[i] as { start: number }).start + 5)), ['tf2012/education', 'tf2015/school_attendance', 'sf2022/education']],
  ];
  for (const [name, events, want] of cases) {
    const by = new Map<Person, Ev[]>();
    for (const x of events) by.set(x.person, [...(by.get(x.person) ?? []), x]);
    const got = [...new Set(evaluateFamily(fam, by, to, terms).map((n) => `${n.framework}/${n.need}`))].sort();
    assert.deepEqual(got, [...want].sort(), name);
  }
});
