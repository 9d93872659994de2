import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactFrequency, type FrequencyStatus } from './contact-frequency.ts';

const cases: Array<[string, string[], string, string, number, { status: FrequencyStatus; perWeek: number; daysSinceLast: number | null; nextDueOn: string | null }]> = [
  ['new case, no contact yet, within the norm', [], '2026-11-20', '2026-11-23', 7, { status: 'no_contact', perWeek: 0, daysSinceLast: null, nextDueOn: '2026-11-27' }],
  ['no contact past the norm', [], '2026-11-01', '2026-11-23', 7, { status: 'overdue', perWeek: 0, daysSinceLast: null, nextDueOn: '2026-11-08' }],
  ['seen three days ago', ['2026-11-20'], '2026-10-01', '2026-11-23', 7, { status: 'within', perWeek: 0.3, daysSinceLast: 3, nextDueOn: '2026-11-27' }],
  ['seen exactly a week ago is within', ['2026-11-16'], '2026-10-01', '2026-11-23', 7, { status: 'within', perWeek: 0.3, daysSinceLast: 7, nextDueOn: '2026-11-23' }],
  ['eight days is overdue', ['2026-11-15'], '2026-10-01', '2026-11-23', 7, { status: 'overdue', perWeek: 0.3, daysSinceLast: 8, nextDueOn: '2026-11-22' }],
  ['twice a week for four weeks', ['2026-10-27', '2026-10-30', '2026-11-03', '2026-11-06', '2026-11-10', '2026-11-13', '2026-11-17', '2026-11-20'], '2026-09-01', '2026-11-23', 7, { status: 'within', perWeek: 2, daysSinceLast: 3, nextDueOn: '2026-11-27' }],
  ['future-dated contacts are ignored', ['2026-11-30'], '2026-11-20', '2026-11-23', 7, { status: 'no_contact', perWeek: 0, daysSinceLast: null, nextDueOn: '2026-11-27' }],
  ['a short case uses its own window', ['2026-11-21', '2026-11-22'], '2026-11-20', '2026-11-23', 7, { status: 'within', perWeek: 3.5, daysSinceLast: 1, nextDueOn: '2026-11-29' }],
];

for (const [name, dates, started, today, norm, expected] of cases) {
  void test(`contact frequency: ${name}`, () => {
    const r = contactFrequency(dates, started, today, norm);
    assert.deepEqual({ status: r.status, perWeek: r.perWeek, daysSinceLast: r.daysSinceLast, nextDueOn: r.nextDueOn }, expected);
  });
}

void test('expected per week from the norm', () => {
  assert.equal(contactFrequency([], '2026-11-01', '2026-11-23', 7).expectedPerWeek, 1);
  assert.equal(contactFrequency([], '2026-11-01', '2026-11-23', 14).expectedPerWeek, 0.5);
  assert.equal(contactFrequency([], '2026-11-01', '2026-11-23', 3).expectedPerWeek, 2.3);
});
