// Table-driven tests; worked examples from docs/research/standards.md §6 (line numbers cited per case).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatNhsNumber, generateNhsNumber, generateNiNumber, generateUpn, isValidNhsNumber, isValidNiNumber,
  isValidPostcode, isValidUpn, isValidUprn, nhsNumberCheckDigit, normaliseNiNumber, normalisePostcode,
  postcodeArea, postcodeDistrict, postcodeOutward, postcodeSector, upnCheckLetter,
} from './identifiers.ts';

function seq(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

void test('nhsNumberCheckDigit: worked examples (standards.md L691–L692) and the check-10 case (L699)', () => {
  const cases: [string, number | null][] = [
    ['943476591', 9], // L691: S=299, 299 mod 11 = 2, 11-2 = 9
    ['401023213', 7], // L692: S=92, 92 mod 11 = 4, 11-4 = 7
    ['999000000', null], // L699: check = 10, invalid
    ['000000000', 0], // S=0 → 11 → 0 (L684)
    ['12345678', null], // too short
    ['12345678a', null],
  ];
  for (const [first9, want] of cases) assert.equal(nhsNumberCheckDigit(first9), want, first9);
});

void test('isValidNhsNumber: standards.md L691–L699 and malformed input', () => {
  const cases: [string, boolean][] = [
    ['9434765919', true], // L691
    ['943 476 5919', true], // L698: displayed 3-3-4
    ['943-476-5919', true],
    ['4010232137', true], // L692
    ['9434765918', false], // wrong check digit
    ['4010232138', false],
    ['9990000000', false], // L699
    ['943476591', false],
    ['94347659190', false],
    ['', false],
    ['abcdefghij', false],
  ];
  for (const [s, want] of cases) assert.equal(isValidNhsNumber(s), want, s);
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  assert.equal(formatNhsNumber('9434765918'), null);
});

void test('generateNhsNumber: always valid, deterministic for a given PRNG', () => {
  const a = seq(1), b = seq(1);
  for (let i = 0; i < 2000; i++) {
    const n = generateNhsNumber(a);
    assert.ok(isValidNhsNumber(n), n);
    assert.ok(!n.startsWith('999'));
    assert.equal(generateNhsNumber(b), n);
  }
});

void test('upnCheckLetter: worked examples (standards.md L745–L746)', () => {
  const cases: [string, string | null][] = [
    ['801200005001', 'B'], // L745: S=93, 93 mod 23 = 1 → B
    ['80120000501A', 'A'], // L746: temporary UPN, S=92 → 0 → A
    ['80120000500', null], // 11 chars
    ['8012000050I1', null], // letter not in last position
    ['80120000501I', null], // I is not a UPN letter (L719)
  ];
  for (const [body, want] of cases) assert.equal(upnCheckLetter(body), want, body);
});

void test('isValidUpn: standards.md L745–L746', () => {
  const cases: [string, boolean][] = [
    ['B801200005001', true], // L745 (stdnum doctest)
    ['A801200005001', false], // L745: fails
    ['A80120000501A', true], // L746 temporary
    ['b801200005001', true], // case-insensitive
    ['B80120000500', false],
    ['', false],
  ];
  for (const [s, want] of cases) assert.equal(isValidUpn(s), want, s);
});

void test('generateUpn: valid, carries LA, establishment and year', () => {
  const r = seq(7);
  for (let i = 0; i < 500; i++) {
    const u = generateUpn(r, '801', '2000', 2019);
    assert.ok(isValidUpn(u), u);
    assert.equal(u.slice(1, 10), '801200019');
  }
});

void test('normalisePostcode: the six formats of standards.md L766 and the rules of L786–L794', () => {
  const cases: [string, string | null][] = [
    ['M1 1AE', 'M1 1AE'], // A9 9AA
    ['m601nw', 'M60 1NW'], // A99 9AA
    ['W1A 0AX', 'W1A 0AX'], // A9A 9AA
    ['CR2 6XH', 'CR2 6XH'], // AA9 9AA
    ['DN55 1PT', 'DN55 1PT'], // AA99 9AA
    ['ec1a1bb', 'EC1A 1BB'], // AA9A 9AA
    ['  sw1a   1aa ', 'SW1A 1AA'],
    ['GIR 0AA', 'GIR 0AA'], // L794
    ['QA1 1AA', null], // L788: Q never first
    ['AZ1 1AA', null], // L789: Z never second
    ['B1 1CA', null], // L792: C never in the unit
    ['B1I 1AA', null], // L790: I not allowed third in A9A
    ['BS1 4D', null],
    ['BS14DJJ', null],
    ['', null],
    ['12345', null],
  ];
  for (const [s, want] of cases) assert.equal(normalisePostcode(s), want, s);
  assert.equal(isValidPostcode('bs1 4dj'), true);
  assert.equal(isValidPostcode('bs1 4d'), false);
});

void test('postcode parts: outward, district, sector, area (standards.md L767)', () => {
  const cases: [string, string, string, string, string][] = [
    ['BS1 4DJ', 'BS1', 'BS1', 'BS1 4', 'BS'],
    ['SW1A 1AA', 'SW1A', 'SW1', 'SW1A 1', 'SW'],
    ['m601nw', 'M60', 'M60', 'M60 1', 'M'],
    ['DN55 1PT', 'DN55', 'DN55', 'DN55 1', 'DN'],
  ];
  for (const [s, out, district, sector, area] of cases) {
    assert.equal(postcodeOutward(s), out, s);
    assert.equal(postcodeDistrict(s), district, s);
    assert.equal(postcodeSector(s), sector, s);
    assert.equal(postcodeArea(s), area, s);
  }
  assert.equal(postcodeSector('nonsense'), null);
  assert.equal(postcodeDistrict('nonsense'), null);
});

void test('isValidNiNumber: HMRC format', () => {
  const cases: [string, boolean][] = [
    ['AB123456C', true],
    ['ab 12 34 56 c', true],
    ['JX123456D', true],
    ['AB123456E', false], // suffix A–D only
    ['DA123456A', false], // D never first
    ['AO123456A', false], // O never second
    ['GB123456A', false], // unissued prefix
    ['ZZ123456A', false], // administrative
    ['AB12345C', false],
    ['', false],
  ];
  for (const [s, want] of cases) assert.equal(isValidNiNumber(s), want, s);
  assert.equal(normaliseNiNumber('ab 12 34 56 c'), 'AB123456C');
  const r = seq(3);
  for (let i = 0; i < 500; i++) assert.ok(isValidNiNumber(generateNiNumber(r)));
});

void test('isValidUprn: 1–12 digits (standards.md L754)', () => {
  const cases: [string, boolean][] = [['100023336956', true], ['1', true], ['1000233369561', false], ['12a', false], ['', false]];
  for (const [s, want] of cases) assert.equal(isValidUprn(s), want, s);
});
