import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedHealth, lateness, rowsChartSvg } from './health.ts';

const now = new Date('2026-11-23T10:00:00Z');
const daysAgo = (n: number): Date => new Date(now.getTime() - n * 86_400_000);

void test('a delivery is late after its period and a grace of a fifth of it', () => {
  const cases: Array<[string, number | null, boolean]> = [
    ['weekly', 6, false],
    ['weekly', 8, false], // grace 1 day
    ['weekly', 9, true],
    ['monthly', 30, false],
    ['monthly', 40, true],
    ['daily', 2, false],
    ['daily', 3, true],
    ['ad_hoc', 900, false],
    ['weekly', null, true], // never delivered, source registered 30 days ago
  ];
  for (const [frequency, ago, late] of cases) {
    assert.equal(lateness(frequency, ago === null ? null : daysAgo(ago), daysAgo(30), now).late, late, `${frequency} ${ago}`);
  }
  assert.equal(lateness('weekly', daysAgo(10), daysAgo(30), now).daysLate, 2);
});

void test('the chart is SVG with an accessible name and escaped labels', () => {
  const svg = rowsChartSvg([{ label: '<2026>', accepted: 10, rejected: 2 }, { label: 'b', accepted: 5, rejected: 0 }], 'Rows "x"');
  assert.match(svg, /^<svg[^>]+role="img" aria-label="Rows &quot;x&quot;"/);
  assert.equal((svg.match(/<rect/g) ?? []).length, 3);
  assert.match(svg, /&lt;2026&gt;/);
  assert.equal(rowsChartSvg([], 't'), '');
});

void test('feed health joins sources, deliveries and agreements', () => {
  const [h] = feedHealth(
    [{ id: 's', name: 'police', organisation: 'P', kind: 'police', expected_frequency: 'weekly', created_at: daysAgo(100), last_delivery_at: daysAgo(20), runs: 2 }],
    [{ data_source_id: 's', created_at: daysAgo(27), rows_total: 10, rows_accepted: 9, rows_rejected: 1 }, { data_source_id: 's', created_at: daysAgo(20), rows_total: 12, rows_accepted: 12, rows_rejected: 0 }],
    [[{ reference: 'ISA-1', start_date: '2026-01-01', end_date: null, review_date: '2026-06-01' }]],
    now,
  );
  assert.equal(h?.late, true);
  assert.equal(h?.points.length, 2);
  assert.equal(h?.agreement?.reference, 'ISA-1');
  assert.equal(h?.reviewOverdue, true);
});
