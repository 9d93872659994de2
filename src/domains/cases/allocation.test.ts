import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessLoad, caseWeight, DEFAULT_WEIGHTS, weightedLoad, type WeighedCase } from './allocation.ts';

const c = (tier: WeighedCase['tier'], memberCount = 3, complexity: WeighedCase['complexity'] = 'standard'): WeighedCase => ({ tier, memberCount, complexity });

const weights: Array<[string, WeighedCase, number]> = [
  ['intensive, small, standard', c('intensive'), 150],
  ['targeted', c('targeted'), 100],
  ['light touch', c('light_touch'), 50],
  ['targeted, large family', c('targeted', 5), 125],
  ['targeted, just below large', c('targeted', 4), 100],
  ['intensive, large, complex', c('intensive', 7, 'high'), 225],
];
for (const [name, input, expected] of weights) void test(`case weight: ${name}`, () => assert.equal(caseWeight(input, DEFAULT_WEIGHTS), expected));

void test('weighted load sums to one decimal place', () => {
  assert.equal(weightedLoad([], DEFAULT_WEIGHTS), 0);
  assert.equal(weightedLoad([c('intensive'), c('targeted', 5), c('light_touch')], DEFAULT_WEIGHTS), 3.3);
  assert.equal(weightedLoad(Array.from({ length: 8 }, () => c('intensive')), DEFAULT_WEIGHTS), 12);
});

const loads: Array<[string, WeighedCase[], WeighedCase | null, number, number, { after: number; overloadedAfter: boolean; status: string; statusAfter: string }]> = [
  ['room to spare', [c('targeted')], c('targeted'), 5, 10, { after: 2, overloadedAfter: false, status: 'below', statusAfter: 'below' }],
  ['reaches the limit', Array.from({ length: 9 }, () => c('targeted')), c('targeted'), 5, 10, { after: 10, overloadedAfter: false, status: 'within', statusAfter: 'at_limit' }],
  ['goes over by weight though not by count', Array.from({ length: 6 }, () => c('intensive')), c('intensive'), 5, 10, { after: 10.5, overloadedAfter: true, status: 'within', statusAfter: 'over' }],
  ['light families leave room', Array.from({ length: 12 }, () => c('light_touch')), c('light_touch'), 5, 10, { after: 6.5, overloadedAfter: false, status: 'within', statusAfter: 'within' }],
  ['no incoming family', [c('intensive')], null, 1, 2, { after: 1.5, overloadedAfter: false, status: 'within', statusAfter: 'within' }],
];
for (const [name, current, incoming, min, max, expected] of loads) {
  void test(`load: ${name}`, () => {
    const r = assessLoad(current, incoming, DEFAULT_WEIGHTS, min, max);
    assert.deepEqual({ after: r.after, overloadedAfter: r.overloadedAfter, status: r.status, statusAfter: r.statusAfter }, expected);
  });
}
