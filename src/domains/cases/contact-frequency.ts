// How often the family is seen, against the council's norm (default: at least one contact a week;
// seed 001 L525-527, seed 002 L279-300 describe two to three visits a week at the most intensive).

import { daysBetween } from './due.ts';

export type FrequencyStatus = 'within' | 'overdue' | 'no_contact';

export const FREQUENCY_LABELS: Record<FrequencyStatus, { text: string; colour: string }> = {
  within: { text: 'Within norm', colour: 'green' },
  overdue: { text: 'Contact overdue', colour: 'red' },
  no_contact: { text: 'No contact yet', colour: 'orange' },
};

export interface ContactFrequency {
  lastContactOn: string | null;
  daysSinceLast: number | null;
  /** contacts in the last four weeks (or since the case started, if sooner), per week */
  perWeek: number;
  expectedPerWeek: number;
  status: FrequencyStatus;
  nextDueOn: string | null;
}

export function contactFrequency(contactDates: readonly string[], startedOn: string, today: string, normDays: number): ContactFrequency {
  const past = contactDates.filter((d) => d <= today).sort();
  const last = past.at(-1) ?? null;
  const windowStart = [startedOn, addDaysLocal(today, -27)].sort().at(-1) as string;
  const windowDays = Math.max(1, daysBetween(windowStart, today) + 1);
  const inWindow = past.filter((d) => d >= windowStart).length;
  const perWeek = Math.round((inWindow / windowDays) * 7 * 10) / 10;
  const expectedPerWeek = Math.round((7 / normDays) * 10) / 10;
  if (!last) {
    const graceOver = daysBetween(startedOn, today) > normDays;
    return { lastContactOn: null, daysSinceLast: null, perWeek, expectedPerWeek, status: graceOver ? 'overdue' : 'no_contact', nextDueOn: addDaysLocal(startedOn, normDays) };
  }
  const since = daysBetween(last, today);
  return { lastContactOn: last, daysSinceLast: since, perWeek, expectedPerWeek, status: since > normDays ? 'overdue' : 'within', nextDueOn: addDaysLocal(last, normDays) };
}

function addDaysLocal(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
