import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramChart, waterfallChart } from './linkage.charts.ts';
import { histogramOf } from './linkage.engine.ts';
import type { PairExplanation } from './matching/index.ts';

const explanation: PairExplanation = {
  prior: -12,
  fields: [
    { field: 'given_name', level: 5, label: 'exact', weight: 6.5, tfAdjustment: 0.5 },
    { field: 'family_name', level: 4, label: 'exact', weight: 7, tfAdjustment: 0 },
    { field: 'date_of_birth', level: 0, label: 'more than 10 years apart', weight: -7, tfAdjustment: 0 },
    { field: 'sex', level: -1, label: 'missing', weight: 0, tfAdjustment: 0 },
  ],
  guard: '',
  matchWeight: -5.5,
  matchProbability: 1 / (1 + 2 ** 5.5),
};

void test('waterfall: prior, fields with evidence, total; each step starts where the last ended', () => {
  const w = waterfallChart(explanation, { auto: 3.17, review: 0 });
  assert.deepEqual(w.steps.map((s) => s.label), ['Prior', 'Given name', 'Family name', 'Date of birth', 'Match weight']);
  assert.equal(w.steps[1]?.from, -12);
  assert.equal(w.steps[1]?.to, -5.5);
  assert.equal(w.steps.at(-2)?.to, -5.5);
  assert.equal(w.steps.at(-1)?.to, -5.5);
  assert.equal(w.steps[3]?.colour, '#d4351c');
  assert.match(w.steps[1]?.detail ?? '', /frequency \+0\.5/);
  assert.ok(w.steps.every((s) => s.x >= 0 && s.x + s.w <= w.width + 0.001));
  assert.match(w.summary, /Family name \+7\.0/);
});

void test('waterfall shows a household guard as its own step', () => {
  const guarded = { ...explanation, guard: 'twins', matchWeight: 0, matchProbability: 0.5, prior: 2 };
  const w = waterfallChart(guarded, { auto: 3.17, review: 0 });
  const guard = w.steps.find((s) => s.label === 'Household guard');
  assert.ok(guard);
  assert.equal(guard.to, 0);
});

void test('histogram: bars and a table row per bin, with the bands named', () => {
  const h = histogramChart(histogramOf([-30, 1, 1, 1, 5, 12], { autoLink: 0.9, review: 0.5 }));
  assert.equal(h.total, 6);
  assert.equal(h.bars.length, h.rows.length);
  assert.equal(h.rows[0]?.range, 'below -8');
  assert.match(h.rows.at(-1)?.range ?? '', /or more/);
  assert.match(h.summary, /2 at or above the automatic-link weight, 3 in the review band, 1 below/);
});
