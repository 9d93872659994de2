// Table-driven checks; the identifier examples are those of standards.md §6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalSex, checkNhsNumber, checkNiNumber, checkNumber, checkPostcode, checkUpn, checkUprn, looksLikeFormula, type Checked } from './validation.ts';

const result = (c: Checked): string => (c.ok ? c.value : c.code);

void test('NHS numbers: modulus 11 (standards §6.1)', () => {
  const cases: Array<[string, string]> = [
    ['9434765919', '9434765919'],
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['4010232137', '4010232137'],
    ['9434765918', 'nhs_number_check_digit'],
    ['9990000000', 'nhs_number_check_digit'], // check would be 10: never issued
    ['943476591', 'nhs_number_format'],
    ['94347659190', 'nhs_number_format'],
    ['94347A5919', 'nhs_number_format'],
  ];
  for (const [input, expected] of cases) assert.equal(result(checkNhsNumber(input)), expected, input);
});

void test('UPNs: modulus 23 check letter (standards §6.2)', () => {
  const cases: Array<[string, string]> = [
    ['B801200005001', 'B801200005001'],
    ['b801200005001', 'B801200005001'],
    ['A801200005001', 'upn_check_letter'],
    ['A80120000501A', 'A80120000501A'], // temporary UPN, check letter A
    ['B80120000500', 'upn_format'],
    ['1801200005001', 'upn_format'],
  ];
  for (const [input, expected] of cases) assert.equal(result(checkUpn(input)), expected, input);
});

void test('postcodes (standards §6.4)', () => {
  const cases: Array<[string, string]> = [
    ['BS1 4DJ', 'BS1 4DJ'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['NM7 6ZR', 'NM7 6ZR'],
    ['GIR 0AA', 'GIR 0AA'],
    ['BS1 4D', 'postcode_format'],
    ['QS1 4DJ', 'postcode_format'],
    ['BS1 4CJ', 'postcode_format'],
    ['12345', 'postcode_format'],
  ];
  for (const [input, expected] of cases) assert.equal(result(checkPostcode(input)), expected, input);
});

void test('NI numbers and UPRNs', () => {
  assert.equal(result(checkNiNumber('QQ 12 34 56 C')), 'ni_number_format'); // QQ is not issued
  assert.equal(result(checkNiNumber('AB 12 34 56 C')), 'AB123456C');
  assert.equal(result(checkNiNumber('AB123456E')), 'ni_number_format');
  assert.equal(result(checkUprn('100100000722')), '100100000722');
  assert.equal(result(checkUprn('0012')), '12');
  assert.equal(result(checkUprn('1001000007221')), 'uprn_format');
  assert.equal(result(checkUprn('12a')), 'uprn_format');
});

void test('numbers', () => {
  for (const [input, expected] of [['232.00', 232], ['1,200', 1200], ['-5', -5], ['.5', 0.5], ['12a', null], ['', null], ['0', 0], ['007', 7], ['130', 130], [' 42 ', 42], ['123456789012345', 123456789012345], ['1234567890123456', 1234567890123456], ['１２', null]] as const) {
    const r = checkNumber(input);
    assert.equal(r.ok ? r.value : null, expected, input);
  }
});

void test('formula injection is spotted without flagging numbers and phone numbers', () => {
  const cases: Array<[string, boolean]> = [
    ['=cmd|\' /C calc\'!A0', true],
    ['=1+1', true],
    ['@SUM(A1)', true],
    ['+cmd', true],
    ['-cmd', true],
    ['-=1', true],
    ['-5', false],
    ['+44 20 7946 0000', false],
    ['- ', false],
    ['-.5', false],
    ['-', false],
    ['Smith', false],
    ['', false],
  ];
  for (const [input, expected] of cases) assert.equal(looksLikeFormula(input), expected, input);
});

void test('sex codes', () => {
  for (const [input, expected] of [['M', 'M'], ['female', 'F'], ['1', 'M'], ['2', 'F'], ['U', ''], ['', ''], ['Q', null]] as const) {
    assert.equal(canonicalSex(input), expected, input);
  }
});
