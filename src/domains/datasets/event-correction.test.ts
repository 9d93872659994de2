import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctEvent, eventFieldLabel, eventFields, isEventField, type EventField } from './event-correction.ts';
import type { CanonicalEvent, MappingSpec } from './mapping.ts';

const SPEC: MappingSpec = {
  format: 'csv', delimiter: ',', encoding: 'utf-8', dateFormat: 'DD/MM/YYYY', columns: ['Ref', 'Type', 'Start', 'End', 'Sessions', 'Reason'],
  identity: { record_id: 'Ref' }, required: [],
  codes: { Type: { CIN: 'csc.child_in_need', CPP: 'csc.child_protection_plan' }, Reason: { N: 'neglect', E: 'emotional', X: '' } },
  event: { type: 'Type', date: 'Start', end_date: 'End', values: { sessions: 'Sessions', reason: 'Reason', code: 'Type' }, numeric: ['sessions'] },
};
const EVENT: CanonicalEvent = { type: 'csc.child_protection_plan', occurred_on: '2024-09-13', ended_on: '2025-01-21', attributes: { sessions: 4, reason: 'neglect', code: 'CPP' } };
const TODAY = '2026-11-24';

test('correcting an event: each field, checked as the import checks it', () => {
  const cases: Array<[EventField, string, CanonicalEvent | string, [string | null, string | null]?]> = [
    ['event_on', '2024-09-01', { ...EVENT, occurred_on: '2024-09-01' }, ['2024-09-13', '2024-09-01']],
    ['event_on', ' 2025-01-21 ', { ...EVENT, occurred_on: '2025-01-21' }, ['2024-09-13', '2025-01-21']], // the end date itself is fine
    ['event_on', '2025-01-22', 'The event date cannot be after its end date (2025-01-21); correct the end date first'],
    ['event_on', '2027-01-01', 'The event date cannot be in the future'],
    ['event_on', '', 'Enter the event date as yyyy-mm-dd: an event must have one'],
    ['event_on', '13/09/2024', 'Enter the date as yyyy-mm-dd'],
    ['event_on', '2023-02-29', '2023-02-29 is not a real date'],
    ['event_on', '2024-09-13', 'The new value is the same as the old one'],
    ['event_end', '', { ...EVENT, ended_on: null }, ['2025-01-21', null]],
    ['event_end', '2024-09-13', { ...EVENT, ended_on: '2024-09-13' }, ['2025-01-21', '2024-09-13']],
    ['event_end', '2024-09-12', 'The end date cannot be before the event date (2024-09-13)'],
    ['event.sessions', '1,204', { ...EVENT, attributes: { ...EVENT.attributes, sessions: 1204 } }, ['4', '1204']],
    ['event.sessions', 'four', 'sessions is a number: "four" is not a number'],
    ['event.sessions', '', { ...EVENT, attributes: { reason: 'neglect', code: 'CPP' } }, ['4', null]],
    ['event.sessions', '4', 'The new value is the same as the old one'],
    ['event.reason', 'E', { ...EVENT, attributes: { ...EVENT.attributes, reason: 'emotional' } }, ['neglect', 'emotional']], // a code is stored as its meaning
    ['event.reason', 'emotional', { ...EVENT, attributes: { ...EVENT.attributes, reason: 'emotional' } }, ['neglect', 'emotional']],
    ['event.reason', 'Z', '"Z" is not a known code of Reason (known: N, E, X)'],
    ['event.reason', 'X', '"X" is not a known code of Reason (known: N, E, X)'], // a code that means "no value" is not a value
    ['event.code', 'CIN', { ...EVENT, attributes: { ...EVENT.attributes, code: 'CIN' } }, ['CPP', 'CIN']], // the type column's own code is kept as delivered
    ['event.unknown', '1', 'Select the value to correct'],
    ['event.reason', '=cmd|calc', 'The value starts with a character that spreadsheets run as a formula'],
  ];
  for (const [field, raw, expected, change] of cases) {
    const r = correctEvent(EVENT, field, raw, SPEC, TODAY);
    if (typeof expected === 'string') assert.deepEqual(r, { ok: false, message: expected }, `${field} ${raw}`);
    else assert.deepEqual(r, { ok: true, event: expected, old: change?.[0] ?? null, new: change?.[1] ?? null }, `${field} ${raw}`);
  }
  assert.deepEqual(EVENT.attributes, { sessions: 4, reason: 'neglect', code: 'CPP' }, 'the event given is left as it was');
});

test('event fields: which there are, how they read, and what is one', () => {
  assert.deepEqual(eventFields(SPEC), ['event_on', 'event_end', 'event.sessions', 'event.reason', 'event.code']);
  assert.deepEqual(eventFields({ ...SPEC, event: null }), []);
  assert.deepEqual(['event_on', 'event_end', 'event.sessions'].map((f) => eventFieldLabel(f as EventField)), ['event date', 'event end date', 'event value sessions']);
  assert.deepEqual(['event_on', 'event.x', 'nhs_number', 'events'].map(isEventField), [true, true, false, false]);
});
