import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nysiis } from './phonetic.ts';

void test('nysiis codes', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['Knight', 'NAGT'],
    ['Phillips', 'FALAP'],
    ['Macintosh', 'MCANT'],
  ];
  for (const [name, code] of cases) assert.equal(nysiis(name), code, name);
});

void test('nysiis groups names that sound alike', () => {
  const same: [string, string][] = [
    ['brown', 'browne'],
    ['carl', 'karl'],
    ['stephen', 'stefan'],
    ['macdonald', 'mcdonald'],
  ];
  for (const [a, b] of same) assert.equal(nysiis(a), nysiis(b), `${a} ~ ${b}`);
  const different: [string, string][] = [['smith', 'jones'], ['anne', 'mary']];
  for (const [a, b] of different) assert.notEqual(nysiis(a), nysiis(b), `${a} ≁ ${b}`);
});
