import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, formatDate, isRealDate, parseDateParts } from './dates.ts';

const parses: Array<[string, string, string, string | RegExp]> = [
  ['3', '3', '2026', '2026-03-03'],
  ['29', '2', '2024', '2024-02-29'],
  ['29', '2', '2025', /must be a real date/],
  ['31', '4', '2026', /must be a real date/],
  ['', '', '', /^Enter date of birth$/],
  ['', '3', '2026', /must include a day/],
  ['3', '', '2026', /must include a month/],
  ['3', '3', '', /must include a year/],
  ['3', 'March', '2026', /must be a real date/],
  ['3', '3', '26', /must be a real date/],
];
for (const [d, m, y, expected] of parses) {
  test(`parseDateParts(${d}, ${m}, ${y})`, () => {
    const result = parseDateParts(d, m, y, 'date of birth');
    if (typeof expected === 'string') assert.deepEqual(result, { ok: true, value: expected });
    else assert.ok(!result.ok && expected.test(result.error), JSON.stringify(result));
  });
}

test('isRealDate and ageOn', () => {
  assert.equal(isRealDate('2026-02-30'), false);
  assert.equal(isRealDate('2026-12-31'), true);
  assert.equal(ageOn('2010-06-15', '2026-06-14'), 15);
  assert.equal(ageOn('2010-06-15', '2026-06-15'), 16);
});

test('formatDate uses the GOV.UK style', () => {
  assert.equal(formatDate('2026-03-03'), '3 March 2026');
  assert.equal(formatDate(null), '');
});
