import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addMonths, daysBetween, dueItems, dueStatus, followUpDates, nextReviewDue, type DueFacts, type DueStatus } from './due.ts';

const days: Array<[string, number, string]> = [
  ['2026-01-01', 42, '2026-02-12'],
  ['2026-12-31', 1, '2027-01-01'],
  ['2028-02-28', 1, '2028-02-29'],
  ['2026-03-10', -10, '2026-02-28'],
];
for (const [from, n, expected] of days) void test(`addDays ${from} + ${n}`, () => assert.equal(addDays(from, n), expected));

const months: Array<[string, number, string]> = [
  ['2026-01-15', 3, '2026-04-15'],
  ['2026-01-31', 1, '2026-02-28'],
  ['2028-01-31', 1, '2028-02-29'],
  ['2026-11-30', 3, '2027-02-28'],
  ['2026-06-10', 12, '2027-06-10'],
];
for (const [from, n, expected] of months) void test(`addMonths ${from} + ${n}`, () => assert.equal(addMonths(from, n), expected));

void test('daysBetween', () => {
  assert.equal(daysBetween('2026-01-01', '2026-02-12'), 42);
  assert.equal(daysBetween('2026-02-12', '2026-01-01'), -42);
});

const statuses: Array<[string, string, DueStatus]> = [
  ['2026-11-22', '2026-11-23', 'overdue'],
  ['2026-11-23', '2026-11-23', 'due_soon'],
  ['2026-11-30', '2026-11-23', 'due_soon'],
  ['2026-12-01', '2026-11-23', 'upcoming'],
];
for (const [due, today, expected] of statuses) void test(`due ${due} on ${today} is ${expected}`, () => assert.equal(dueStatus(due, today), expected));

const reviews: Array<[string, Parameters<typeof nextReviewDue>[0], string]> = [
  ['six weeks from allocation when never reviewed', { startedOn: '2026-01-05', lastReviewOn: null, lastSetNextOn: null, intervalDays: 42 }, '2026-02-16'],
  ['six weeks from the last review', { startedOn: '2026-01-05', lastReviewOn: '2026-02-10', lastSetNextOn: null, intervalDays: 42 }, '2026-03-24'],
  ['the date agreed at the last review wins', { startedOn: '2026-01-05', lastReviewOn: '2026-02-10', lastSetNextOn: '2026-03-01', intervalDays: 42 }, '2026-03-01'],
  ['a council interval of eight weeks', { startedOn: '2026-01-05', lastReviewOn: null, lastSetNextOn: null, intervalDays: 56 }, '2026-03-02'],
];
for (const [name, input, expected] of reviews) void test(`next review: ${name}`, () => assert.equal(nextReviewDue(input), expected));

void test('follow-ups at 3, 6 and 12 months, sorted and without repeats', () => {
  assert.deepEqual(followUpDates('2026-11-30', [12, 3, 6, 3]), [
    { months: 3, dueOn: '2027-02-28' },
    { months: 6, dueOn: '2027-05-30' },
    { months: 12, dueOn: '2027-11-30' },
  ]);
});


const settings = { review_interval_days: 42, assessment_due_days: 42, contact_norm_days: 7, supervision_interval_days: 28 };
const open = (over: Partial<DueFacts> = {}): DueFacts => ({
  status: 'open', startedOn: '2026-10-20', lastReviewOn: null, lastSetNextOn: null, assessment: null, lastContactOn: '2026-11-20', lastSupervisionOn: '2026-11-10', openActions: [], followUps: [], ...over,
});
const dueCases: Array<[string, DueFacts, string[]]> = [
  ['new case: review, assessment to start, contact; supervision not yet within horizon', open(), ['contact:2026-11-27:due_soon', 'review:2026-12-01:upcoming', 'assessment:2026-12-01:upcoming']],
  ['overdue review and contact', open({ startedOn: '2026-09-01', lastContactOn: '2026-11-01', assessment: { status: 'completed', due_on: '2026-10-13', completed_on: '2026-10-10' } }), ['contact:2026-11-08:overdue', 'review:2026-10-13:overdue'].sort((a, b) => a.split(':')[1]!.localeCompare(b.split(':')[1]!))],
  ['assessment in progress past its due date', open({ startedOn: '2026-11-10', lastContactOn: '2026-11-22', lastSupervisionOn: '2026-11-22', assessment: { status: 'in_progress', due_on: '2026-11-20', completed_on: null } }), ['assessment:2026-11-20:overdue', 'contact:2026-11-29:due_soon']],
  ['open action due soon', open({ startedOn: '2026-11-20', lastContactOn: '2026-11-22', lastSupervisionOn: '2026-11-22', assessment: { status: 'completed', due_on: '2026-12-01', completed_on: '2026-11-21' }, openActions: [{ description: 'Book GP', owner_label: 'Mum', due_on: '2026-11-25' }] }), ['action:2026-11-25:due_soon', 'contact:2026-11-29:due_soon']],
  ['closed case: only follow-ups', open({ status: 'closed', followUps: [{ months: 3, due_on: '2026-11-30' }, { months: 6, due_on: '2027-02-28' }] }), ['follow_up:2026-11-30:due_soon']],
];
for (const [name, facts, expected] of dueCases) {
  void test(`due items: ${name}`, () => {
    assert.deepEqual(dueItems(facts, settings, '2026-11-23').map((i) => `${i.kind}:${i.dueOn}:${i.status}`), expected);
  });
}
