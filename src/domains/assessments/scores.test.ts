import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareScores, comparisonSvg, type Score } from './scores.ts';

const dims = [{ key: 'home', label: 'Home & money' }, { key: 'safety', label: 'Keeping safe' }];
const s = (dimension_key: string, rater: Score['rater'], score: number, scored_on: string): Score => ({ dimension_key, rater, score, scored_on });

const cases: Array<[string, Score[], { home: unknown; safetyFamily: unknown }]> = [
  ['no scores', [], { home: { baseline: null, latest: null, baselineOn: null, latestOn: null }, safetyFamily: { baseline: null, latest: null, baselineOn: null, latestOn: null } }],
  ['one score is both baseline and latest', [s('home', 'worker', 3, '2026-01-01')], { home: { baseline: 3, latest: 3, baselineOn: '2026-01-01', latestOn: '2026-01-01' }, safetyFamily: { baseline: null, latest: null, baselineOn: null, latestOn: null } }],
  ['earliest and latest by date, whatever the order', [s('home', 'worker', 6, '2026-03-01'), s('home', 'worker', 2, '2026-01-01'), s('home', 'worker', 4, '2026-02-01'), s('safety', 'family', 5, '2026-02-01')], { home: { baseline: 2, latest: 6, baselineOn: '2026-01-01', latestOn: '2026-03-01' }, safetyFamily: { baseline: 5, latest: 5, baselineOn: '2026-02-01', latestOn: '2026-02-01' } }],
];
for (const [name, scores, expected] of cases) {
  void test(`compare scores: ${name}`, () => {
    const r = compareScores(scores, dims);
    assert.deepEqual(r[0]?.worker, expected.home);
    assert.deepEqual(r[1]?.family, expected.safetyFamily);
  });
}

void test('the chart is an image with a title and escaped labels', () => {
  const svg = comparisonSvg(compareScores([s('home', 'worker', 5, '2026-01-01')], dims), 'worker', 10, "Worker's scores");
  assert.match(svg, /role="img"/);
  assert.match(svg, /<title>Worker's scores<\/title>/);
  assert.match(svg, /Home &amp; money/);
  assert.match(svg, /width="150"/);
});
