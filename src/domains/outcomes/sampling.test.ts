import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawSample, sampleSize } from './sampling.ts';

const population = Array.from({ length: 200 }, (_, i) => ({ id: `c${String(i).padStart(3, '0')}` }));

void test('the same seed draws the same sample, whatever order the population came in', () => {
  const a = drawSample(population, 10, 'batch-1:2026-11-23');
  const b = drawSample([...population].reverse(), 10, 'batch-1:2026-11-23');
  assert.deepEqual(a, b);
  assert.equal(new Set(a.map((x) => x.id)).size, 10);
});

void test('another seed draws another sample', () => {
  assert.notDeepEqual(drawSample(population, 10, 'one'), drawSample(population, 10, 'two'));
});

const sizes: Array<[number, number, number, number]> = [
  // population, percent, minimum, expected
  [200, 10, 5, 20],
  [20, 10, 5, 5],
  [3, 10, 5, 3],
  [0, 10, 5, 0],
  [101, 10, 1, 11],
];
for (const [n, percent, minimum, expected] of sizes) {
  void test(`sample size of ${n} at ${percent}% (at least ${minimum}) is ${expected}`, () => assert.equal(sampleSize(n, percent, minimum), expected));
}

void test('a sample never exceeds the population', () => assert.equal(drawSample(population.slice(0, 3), 10, 's').length, 3));
