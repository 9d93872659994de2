import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IdentityRecord } from './types.ts';
import { encodeRecords } from './encode.ts';
import { rec } from './fixtures.ts';
import { COMPARISONS, FIELD_COUNT, compareAll, compareDates } from './comparisons.ts';
import { parseDate } from './normalise.ts';


function levels(a: Partial<IdentityRecord>, b: Partial<IdentityRecord>): Record<string, number> {
  const e = encodeRecords([rec(a), rec(b)]);
  const out = new Int8Array(FIELD_COUNT);
  compareAll(e, 0, 1, out);
  return Object.fromEntries(COMPARISONS.map((c, f) => [c.field, out[f]!]));
}

void test('given name levels', () => {
  const cases: [string, string, number][] = [
    ['John', 'john', 5],
    ['Johnn', 'John', 4],
    ['Jonh', 'John', 2],
    ['Jon', 'John', 3], // nickname table
    ['Mary Ann', 'Mary', 4], // same first name
    ['Bill', 'William', 3],
    ['Peggy', 'Margaret', 3],
    ['Catherine', 'Katherine', 3], // nickname table lists both spellings
    ['Stephan', 'Stefan', 2], // phonetic
    ['J', 'John', 1],
    ['Oliver', 'Harry', 0],
    ['', 'Harry', -1],
  ];
  for (const [a, b, want] of cases) assert.equal(levels({ given_name: a, family_name: 'x' }, { given_name: b, family_name: 'x' }).given_name, want, `${a} / ${b}`);
});

void test('swapped given and family names count once', () => {
  const l = levels({ given_name: 'Smith', family_name: 'John' }, { given_name: 'John', family_name: 'Smith' });
  assert.equal(l.given_name, 6);
  assert.equal(l.family_name, -1);
});

void test('family name levels', () => {
  const cases: [string, string, number][] = [
    ['Smith', 'SMITH', 4],
    ['Smith', 'Smiht', 3],
    ['Smith', 'Smyth', 2],
    ['Jones-Smith', 'Smith', 2], // part of a double-barrelled name
    ['Macdonald', 'McDonald', 3],
    ['MacDonald', 'Donald', 1],
    ['Smith', 'Jones', 0],
  ];
  for (const [a, b, want] of cases) assert.equal(levels({ family_name: a }, { family_name: b }).family_name, want, `${a} / ${b}`);
});

void test('date of birth levels: exact, partial, transposed day and month, typos, distance', () => {
  const cases: [string, string, number][] = [
    ['1980-05-12', '1980-05-12', 6],
    ['1980-05', '1980-05-12', 5],
    ['1980', '1980-05-12', 5],
    ['1980-05-12', '1980-12-05', 4],
    ['1980-05-12', '1980-05-13', 3],
    ['1980-05-12', '1908-05-12', 3], // adjacent digits swapped
    ['1980-05-12', '1980-09-30', 2],
    ['1980-05-12', '1985-01-01', 1],
    ['1955-05-12', '1980-05-12', 0], // father and son
    ['1980-06', '1981-05-12', 2],
    ['', '1980-05-12', -1],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(compareDates(parseDate(a), parseDate(b)), want, `${a} / ${b}`);
    assert.equal(compareDates(parseDate(b), parseDate(a)), want, `${b} / ${a}`);
  }
});

void test('postcode, address and identifier levels', () => {
  const cases: [Partial<IdentityRecord>, Partial<IdentityRecord>, string, number][] = [
    [{ postcode: 'LS1 4AB' }, { postcode: 'ls14ab' }, 'postcode', 4],
    [{ postcode: 'LS1 4AB' }, { postcode: 'LS1 4ZZ' }, 'postcode', 3],
    [{ postcode: 'LS1 4AB' }, { postcode: 'LS1 9ZZ' }, 'postcode', 2],
    [{ postcode: 'LS1 4AB' }, { postcode: 'LS6 1AA' }, 'postcode', 1],
    [{ postcode: 'LS1 4AB' }, { postcode: 'M1 1AE' }, 'postcode', 0],
    [{ address: '14 High St' }, { address: '14 high street' }, 'address', 4],
    [{ address: 'Flat 2, 14 High Street, Leeds' }, { address: 'Flat 2 14 High St, Leeds' }, 'address', 4],
    [{ address: 'Flat 2, 14 High Street, Leeds' }, { address: '14 High Street, Leeds' }, 'address', 2],
    [{ address: 'Flat 2, 14 High Street, Leeds LS1' }, { address: 'Flat 2, 14 High Street, Leeds' }, 'address', 3],
    [{ address: '14 High Street' }, { address: '16 High Street' }, 'address', 2],
    [{ address: '14 High Street' }, { address: '3 Mill Lane' }, 'address', 0],
    [{ nhs_number: '9434765919' }, { nhs_number: '943 476 5919' }, 'nhs_number', 2],
    [{ nhs_number: '9434765919' }, { nhs_number: '9434765870' }, 'nhs_number', 0],
    [{ upn: 'A123456789012' }, { upn: 'A123456789013' }, 'upn', 1],
    [{ uprn: '100023336956' }, { uprn: '100023336956' }, 'uprn', 1],
    [{ sex: 'M' }, { sex: 'F' }, 'sex', 0],
  ];
  for (const [a, b, field, want] of cases) assert.equal(levels(a, b)[field], want, `${field}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
});

void test('hard cases give the levels that tell people apart', () => {
  const home = { address: '14 High Street', postcode: 'LS1 4AB', family_name: 'Khan' };
  // twins: same surname, birthday and address; different given names
  const twins = levels({ ...home, given_name: 'Aisha', date_of_birth: '2015-06-01' }, { ...home, given_name: 'Zara', date_of_birth: '2015-06-01' });
  assert.deepEqual([twins.given_name, twins.family_name, twins.date_of_birth], [0, 4, 6]);
  // father and son with the same name
  const fs = levels({ ...home, given_name: 'Imran', date_of_birth: '1979-02-11' }, { ...home, given_name: 'Imran', date_of_birth: '2004-09-30' });
  assert.deepEqual([fs.given_name, fs.family_name, fs.date_of_birth], [5, 4, 0]);
  // a woman before and after marriage
  const married = levels({ given_name: 'Sarah', family_name: 'Jones', date_of_birth: '1990-03-03' }, { given_name: 'Sarah', family_name: 'Patel', date_of_birth: '1990-03-03' });
  assert.deepEqual([married.given_name, married.family_name, married.date_of_birth], [5, 0, 6]);
});
