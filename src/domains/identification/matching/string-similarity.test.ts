import { test } from 'node:test';
import assert from 'node:assert/strict';
import { damerauLevenshtein, jaro, jaroWinkler, levenshtein, sortedJaccard, withinOneEdit } from './string-similarity.ts';

void test('jaro and jaroWinkler match published values', () => {
  const cases: [string, string, number, number][] = [
    ['martha', 'marhta', 0.9444, 0.9611],
    ['dwayne', 'duane', 0.8222, 0.84],
    ['dixon', 'dicksonx', 0.7667, 0.8133],
    ['smith', 'smith', 1, 1],
    ['', 'smith', 0, 0],
    ['abc', 'xyz', 0, 0],
  ];
  for (const [a, b, j, jw] of cases) {
    assert.ok(Math.abs(jaro(a, b) - j) < 1e-3, `jaro ${a} ${b} = ${jaro(a, b)}`);
    assert.ok(Math.abs(jaroWinkler(a, b) - jw) < 1e-3, `jw ${a} ${b} = ${jaroWinkler(a, b)}`);
    assert.equal(jaroWinkler(a, b), jaroWinkler(b, a));
  }
});

void test('levenshtein and damerauLevenshtein', () => {
  const cases: [string, string, number, number][] = [
    ['kitten', 'sitting', 3, 3],
    ['ca', 'ac', 2, 1],
    ['19800512', '19800521', 2, 1],
    ['', 'abc', 3, 3],
    ['same', 'same', 0, 0],
  ];
  for (const [a, b, lev, dl] of cases) {
    assert.equal(levenshtein(a, b), lev, `lev ${a} ${b}`);
    assert.equal(damerauLevenshtein(a, b), dl, `dl ${a} ${b}`);
  }
});

void test('sortedJaccard on token id runs', () => {
  const tokens = Int32Array.from([1, 2, 3, 2, 3, 4, 9]);
  const cases: [number, number, number, number, number][] = [
    [0, 3, 3, 6, 0.5], // {1,2,3} vs {2,3,4}
    [0, 3, 0, 3, 1],
    [0, 3, 6, 7, 0],
    [0, 0, 0, 3, 0],
  ];
  for (const [a0, a1, b0, b1, want] of cases) assert.equal(sortedJaccard(tokens, a0, a1, b0, b1), want);
});

void test('withinOneEdit agrees with damerauLevenshtein ≤ 1', () => {
  const cases: [string, string][] = [
    ['9434765919', '9434765919'], ['9434765919', '9434765918'], ['9434765919', '4934765919'], ['9434765919', '9437465919'],
    ['9434765919', '943476591'], ['9434765919', '94347659190'], ['9434765919', '9434756918'], ['abc', 'acb'], ['abc', 'bca'],
    ['', 'a'], ['', ''], ['ab', 'ba'], ['abcd', 'abdc'], ['abcd', 'badc'], ['A123', 'A1234'], ['A123', 'XA123'], ['A123', 'B124'],
  ];
  for (const [a, b] of cases) assert.equal(withinOneEdit(a, b), damerauLevenshtein(a, b) <= 1, `${a} / ${b}`);
});
