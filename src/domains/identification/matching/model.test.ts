import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_COUNT, LEVEL_COUNTS } from './comparisons.ts';
import {
  DEFAULT_MODEL, PatternCounts, buildWeights, estimateLambda, expectationMaximisation, householdGuard, initialM,
  probabilityToWeight, uFromCounts, weightToProbability,
} from './model.ts';
import { rng } from './link.ts';

void test('weight and probability convert both ways', () => {
  const cases: [number, number][] = [[0, 0.5], [1, 2 / 3], [-1, 1 / 3], [10, 1024 / 1025]];
  for (const [w, p] of cases) {
    assert.ok(Math.abs(weightToProbability(w) - p) < 1e-12);
    assert.ok(Math.abs(probabilityToWeight(p) - w) < 1e-9);
  }
});

void test('buildWeights: log2(m/u) per level, nothing for missing', () => {
  const w = buildWeights(DEFAULT_MODEL);
  const stride = Math.max(...LEVEL_COUNTS) + 1;
  // given name exact: log2(0.77 / 0.01)
  assert.ok(Math.abs(w.table[0 * stride + 5 + 1]! - Math.log2(0.77 / 0.01)) < 1e-9);
  assert.equal(w.table[0 * stride + 0]!, 0);
  assert.ok(Math.abs(w.prior - Math.log2(0.01 / 0.99)) < 1e-12);
});

void test('uFromCounts smooths and normalises', () => {
  const u = uFromCounts([[9, 1], [0, 0, 0]]);
  assert.ok(Math.abs(u[0]!.reduce((a, b) => a + b) - 1) < 1e-12);
  assert.ok(u[0]![0]! > u[0]![1]!);
  assert.deepEqual(u[1], [1 / 3, 1 / 3, 1 / 3]);
});

void test('EM recovers m and the match share from a mixture with known parameters', () => {
  // simulate comparison vectors: 20% matches; only the first three fields observed
  const trueM = [[0.05, 0, 0, 0, 0.05, 0.9, 0], [0.1, 0, 0, 0, 0.9], [0.05, 0, 0, 0.1, 0, 0, 0.85]];
  const trueU = [[0.9, 0, 0, 0, 0.05, 0.05, 0], [0.95, 0, 0, 0, 0.05], [0.8, 0, 0, 0.15, 0, 0, 0.05]];
  const random = rng(7);
  const draw = (p: number[]): number => { let r = random(); for (let l = 0; l < p.length; l++) { r -= p[l]!; if (r < 0) return l; } return p.length - 1; };
  const patterns = new PatternCounts();
  const lv = new Int8Array(FIELD_COUNT).fill(-1);
  for (let k = 0; k < 50_000; k++) {
    const match = random() < 0.2;
    for (let f = 0; f < 3; f++) lv[f] = draw((match ? trueM : trueU)[f]!);
    patterns.add(lv);
  }
  const u = LEVEL_COUNTS.map((k, f) => (f < 3 ? trueU[f]!.map((x) => Math.max(x, 1e-4)) : new Array<number>(k).fill(1 / k)));
  const em = expectationMaximisation(patterns, u, initialM(), []);
  assert.ok(Math.abs(em.lambda - 0.2) < 0.02, `lambda ${em.lambda}`);
  assert.ok(Math.abs(em.m[0]![5]! - 0.9) < 0.03, `m given exact ${em.m[0]![5]}`);
  assert.ok(Math.abs(em.m[2]![6]! - 0.85) < 0.03, `m dob exact ${em.m[2]![6]}`);
});

void test('estimateLambda scales expected matches among candidates to all pairs', () => {
  const patterns = new PatternCounts();
  const lv = new Int8Array(FIELD_COUNT).fill(-1);
  lv[7] = 2; // NHS number agrees: overwhelming evidence
  for (let k = 0; k < 100; k++) patterns.add(lv);
  lv[7] = 0;
  for (let k = 0; k < 900; k++) patterns.add(lv);
  const lambda = estimateLambda(patterns, DEFAULT_MODEL.m, DEFAULT_MODEL.u, 1000, 1_000_000);
  assert.ok(Math.abs(lambda - 100 / 1_000_000) < 2e-5, `lambda ${lambda}`);
});

void test('householdGuard', () => {
  // given, family, dob, postcode, address, uprn, idAgrees
  const cases: [number[], boolean, boolean][] = [
    [[0, 4, 6, 4, 4, -1], false, true], // twins at home
    [[0, 4, 6, 4, 4, -1], true, false], // … unless an identifier agrees
    [[0, 4, 6, 0, 0, -1], false, false], // different homes: no guard
    [[5, 4, 0, 4, 4, -1], false, true], // father and son
    [[5, 0, 6, 4, 4, -1], false, false], // married woman: not guarded
    [[5, 4, 6, 4, 4, -1], false, false], // the same person
  ];
  for (const [[g, f, d, p, a, u], id, want] of cases) assert.equal(householdGuard(g!, f!, d!, p!, a!, u!, id) !== '', want, JSON.stringify([g, f, d, p, a, u, id]));
});
