import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressTokens, formatDate, normaliseName, normaliseNhsNumber, normaliseNiNumber, normalisePostcode, normaliseSex,
  normaliseUprn, parseDate,
} from './normalise.ts';

void test('normaliseName', () => {
  const cases: [string, string][] = [
    ['  Mary-Ann ', 'mary ann'],
    ["O'Brien", 'obrien'],
    ['Zoë', 'zoe'],
    ['Mr John SMITH Jnr', 'john smith'],
    ['MRS', 'mrs'], // only a title: keep it rather than blank the name
    ['', ''],
    ['---', ''],
  ];
  for (const [raw, want] of cases) assert.equal(normaliseName(raw), want, raw);
});

void test('parseDate: full, partial and other formats', () => {
  const cases: [string, number][] = [
    ['2012-03-04', 20120304],
    ['2012-3-4', 20120304],
    ['2012-03', 20120300],
    ['2012', 20120000],
    ['20120304', 20120304],
    ['04/03/2012', 20120304],
    ['4.3.2012', 20120304],
    ['2012-13-04', 20120000], // impossible month → year only
    ['', 0],
    ['unknown', 0],
    ['0000-01-01', 0],
  ];
  for (const [raw, want] of cases) assert.equal(parseDate(raw), want, raw);
});

void test('formatDate round-trips partial dates', () => {
  for (const s of ['2012-03-04', '2012-03', '2012', '']) assert.equal(formatDate(parseDate(s)), s);
});

void test('normalisePostcode', () => {
  const cases: [string, { full: string; sector: string; district: string; area: string }][] = [
    ['sw1a 1aa', { full: 'SW1A1AA', sector: 'SW1A 1', district: 'SW1A', area: 'SW' }],
    ['M1 1AE', { full: 'M11AE', sector: 'M1 1', district: 'M1', area: 'M' }],
    ['LS10', { full: '', sector: '', district: 'LS10', area: 'LS' }],
    ['4223', { full: '4223', sector: '422', district: '42', area: '4' }],
    ['', { full: '', sector: '', district: '', area: '' }],
  ];
  for (const [raw, want] of cases) assert.deepEqual(normalisePostcode(raw), want, raw);
});

void test('addressTokens expands abbreviations and drops punctuation', () => {
  const cases: [string, string[]][] = [
    ['Flat 2, 14 High St.', ['flat', '2', '14', 'high', 'street']],
    ['The Old Rd', ['old', 'road']],
    ['', []],
  ];
  for (const [raw, want] of cases) assert.deepEqual(addressTokens(raw), want, raw);
});

void test('identifiers', () => {
  const cases: [(s: string) => string, string, string][] = [
    [normaliseNhsNumber, '943 476 5919', '9434765919'],
    [normaliseNhsNumber, '9434765918', ''], // bad check digit
    [normaliseNhsNumber, '12345', ''],
    [normaliseNiNumber, 'qq 12 34 56 c', 'QQ123456'],
    [normaliseNiNumber, 'TN123456A', ''],
    [normaliseUprn, '00100023336956', '100023336956'],
    [normaliseSex, 'female', 'F'],
    [normaliseSex, 'M', 'M'],
    [normaliseSex, 'X', ''],
  ];
  for (const [fn, raw, want] of cases) assert.equal(fn(raw), want, `${fn.name}(${raw})`);
});
