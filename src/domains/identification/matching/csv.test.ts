import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';

void test('parseCsv', () => {
  const cases: [string, string[][]][] = [
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n1,"x, ""y"""\r\n', [['a', 'b'], ['1', 'x, "y"']]],
    ['a,b\n\n1,\n', [['a', 'b'], ['1', '']]],
    ['\ufeffa\n"multi\nline"', [['a'], ['multi\nline']]],
    ['', []],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseCsv(text), want, JSON.stringify(text));
});
