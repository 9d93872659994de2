import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addMonths, daysBetween, dueStatus, followUpDates, nextReviewDue, type DueStatus } from './due.ts';

const days: Array<[string, number, string]> = [
  ['2026-01-01', 42, '2026-02-12'],
  ['2026-12-31', 1, '2027-01-01'],
  ['2028-02-28', 1, '2028-02-29'],
  ['2026-03-10', -10, '2026-02-28'],
];
for (const [from, n, expected] of days) test(`addDays ${from} + ${n}`, () => assert.equal(addDays(from, n), expected));

const months: Array<[string, number, string]> = [
  ['2026-01-15', 3, '2026-04-15'],
  ['2026-01-31', 1, '2026-02-28'],
  ['2028-01-31', 1, '2028-02-29'],
  ['2026-11-30', 3, '2027-02-28'],
  ['2026-06-10', 12, '2027-06-10'],
];
for (const [from, n, expected] of months) test(`addMonths ${from} + ${n}`, () => assert.equal(addMonths(from, n), expected));

test('daysBetween', () => {
  assert.equal(daysBetween('2026-01-01', '2026-02-12'), 42);
  assert.equal(daysBetween('2026-02-12', '2026-01-01'), -42);
});

const statuses: Array<[string, string, DueStatus]> = [
  ['2026-11-22', '2026-11-23', 'overdue'],
  ['2026-11-23', '2026-11-23', 'due_soon'],
  ['2026-11-30', '2026-11-23', 'due_soon'],
  ['2026-12-01', '2026-11-23', 'upcoming'],
];
for (const [due, today, expected] of statuses) test(`due ${due} on ${today} is ${expected}`, () => assert.equal(dueStatus(due, today), expected));

const reviews: Array<[string, Parameters<typeof nextReviewDue>[0], string]> = [
  ['six weeks from allocation when never reviewed', { startedOn: '2026-01-05', lastReviewOn: null, lastSetNextOn: null, intervalDays: 42 }, '2026-02-16'],
  ['six weeks from the last review', { startedOn: '2026-01-05', lastReviewOn: '2026-02-10', lastSetNextOn: null, intervalDays: 42 }, '2026-03-24'],
  ['the date agreed at the last review wins', { startedOn: '2026-01-05', lastReviewOn: '2026-02-10', lastSetNextOn: '2026-03-01', intervalDays: 42 }, '2026-03-01'],
  ['a council interval of eight weeks', { startedOn: '2026-01-05', lastReviewOn: null, lastSetNextOn: null, intervalDays: 56 }, '2026-03-02'],
];
for (const [name, input, expected] of reviews) test(`next review: ${name}`, () => assert.equal(nextReviewDue(input), expected));

test('follow-ups at 3, 6 and 12 months, sorted and without repeats', () => {
  assert.deepEqual(followUpDates('2026-11-30', [12, 3, 6, 3]), [
    { months: 3, dueOn: '2027-02-28' },
    { months: 6, dueOn: '2027-05-30' },
    { months: 12, dueOn: '2027-11-30' },
  ]);
});
