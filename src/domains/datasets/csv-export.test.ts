import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvLine } from './csv-export.ts';

void test('cells a spreadsheet would run are neutralised, and quoting is right', () => {
  const cases: Array<[string, string]> = [
    ['Smith', 'Smith'],
    ['=cmd|\' /C calc\'!A0', '\'=cmd|\' /C calc\'!A0'],
    ['+44 20', "'+44 20"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1,2', '"\'=1,2"'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(csvCell(input), expected, JSON.stringify(input));
  assert.equal(csvLine(['a', '=b']), "a,'=b\r\n");
});
