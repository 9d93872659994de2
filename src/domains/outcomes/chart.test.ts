import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barChart, timelineChart } from './chart.ts';

void test('a timeline lane covers the whole period and says what each colour means', () => {
  const c = timelineChart([{ label: 'Worklessness', segments: [{ from: '2024-01-01', to: '2024-06-30', met: false }, { from: '2024-07-01', to: '2024-12-31', met: true }] }], '2024-01-01', '2024-12-31');
  const [a, b] = c.rows[0]?.rects ?? [];
  assert.equal(a?.x, c.left);
  assert.ok(Math.abs((b?.x ?? 0) + (b?.w ?? 0) - (c.width - 10)) < 1);
  assert.match(b?.title ?? '', /^Met: 2024-07-01/);
});

void test('bars: negative values go below the zero line', () => {
  const c = barChart(['Jan', 'Feb'], [{ label: 'Saving', values: [100, -50], fill: '#000' }]);
  const [up, down] = c.bars;
  assert.ok((up?.y ?? 0) < c.zeroY);
  assert.equal(down?.y, c.zeroY);
});
