import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateValues, parsePounds, readDate, readList } from './form-helpers.ts';

const pounds: Array<[string, number | null]> = [['12', 1200], ['£12.50', 1250], ['12.5', 1250], ['1,234.05', 123405], ['0.99', 99], ['', null], ['12.345', null], ['-3', null], ['abc', null]];
for (const [input, expected] of pounds) void test(`parsePounds(${JSON.stringify(input)})`, () => assert.equal(parsePounds(input), expected));

void test('readList reads repeated and single fields', () => {
  assert.deepEqual(readList({ a: ['x', 'y'] }, 'a'), ['x', 'y']);
  assert.deepEqual(readList({ a: 'x' }, 'a'), ['x']);
  assert.deepEqual(readList({}, 'a'), []);
});

void test('readDate', () => {
  const errors: Record<string, string> = {};
  assert.equal(readDate({ 'd-day': '3', 'd-month': '2', 'd-year': '2026' }, 'd', 'the date', errors), '2026-02-03');
  assert.equal(readDate({}, 'e', 'the expiry date', errors, { optional: true }), null);
  assert.equal(readDate({ 'f-day': '31', 'f-month': '2', 'f-year': '2026' }, 'f', 'the date', errors), null);
  assert.deepEqual(errors, { f: 'The date must be a real date' });
  assert.deepEqual(dateValues('d', '2026-02-03'), { 'd-day': '3', 'd-month': '2', 'd-year': '2026' });
});
