import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateReader, dobReader, isDateFormat } from './dates.ts';

void test('dateReader reads each format and tells a bad shape from an impossible date', () => {
  const cases: Array<[string, string, string]> = [
    ['DD/MM/YYYY', '13/09/2024', '2024-09-13'],
    ['DD/MM/YYYY', '31/02/2024', 'impossible'],
    ['DD/MM/YYYY', '29/02/2024', '2024-02-29'],
    ['DD/MM/YYYY', '29/02/2023', 'impossible'],
    ['DD/MM/YYYY', '2024-09-13', '2024-09-13'],
    ['DD/MM/YYYY', '13-09-2024', 'format'],
    ['DD/MM/YYYY', '', 'format'],
    ['YYYYMMDD', '20220603', '2022-06-03'],
    ['YYYYMMDD', '20221303', 'impossible'],
    ['DD-MMM-YYYY', '19-Jun-1998', '1998-06-19'],
    ['DD-MMM-YYYY', '19-Jux-1998', 'impossible'],
    ['DD.MM.YYYY', '15.06.2024', '2024-06-15'],
    ['DD/MM/YYYY HH:mm', '04/06/2024 13:58', '2024-06-04'],
    ['DD/MM/YYYY HH:mm', '04/06/2024 25:58', 'impossible'],
    ['YYYY-MM-DDTHH:mm', '2025-03-22T21:14', '2025-03-22'],
    ['D/M/YY', '1/2/99', '1999-02-01'],
    ['D/M/YY', '1/2/05', '2005-02-01'],
  ];
  for (const [fmt, input, expected] of cases) {
    const r = dateReader(fmt)(input);
    assert.equal(r.ok ? r.iso : r.reason, expected, `${fmt} ${input}`);
  }
});

void test('dobReader keeps partial dates of birth', () => {
  const cases: Array<[string, string]> = [
    ['08/04/1981', '1981-04-08'],
    ['04/1981', '1981-04'],
    ['1981-04', '1981-04'],
    ['Apr-1981', '1981-04'],
    ['1981', '1981'],
    ['13/1981', 'impossible'],
    ['31/04/1981', 'impossible'],
    ['yesterday', 'format'],
  ];
  for (const [input, expected] of cases) {
    const r = dobReader('DD/MM/YYYY')(input);
    assert.equal(r.ok ? r.iso : r.reason, expected, input);
  }
});

void test('isDateFormat needs a day, a month and a year', () => {
  for (const [fmt, ok] of [['DD/MM/YYYY', true], ['YYYYMMDD', true], ['DD-MMM-YY', true], ['MM/YYYY', false], ['hello', false], ['', false]] as const) {
    assert.equal(isDateFormat(fmt), ok, fmt);
  }
});
