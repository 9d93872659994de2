// Dates that fall due in casework: reviews every N days (default six weeks), assessments within
// N days of allocation, supervision, follow-ups 3, 6 and 12 months after closure. Pure functions
// over 'yyyy-mm-dd' strings.

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type DueStatus = 'overdue' | 'due_soon' | 'upcoming';

export const DUE_STATUS_LABELS: Record<DueStatus, { text: string; colour: string }> = {
  overdue: { text: 'Overdue', colour: 'red' },
  due_soon: { text: 'Due soon', colour: 'yellow' },
  upcoming: { text: 'Upcoming', colour: 'blue' },
};

/** Overdue after the due day; due soon within `soonDays` (a week by default). */
export function dueStatus(dueOn: string, today: string, soonDays = 7): DueStatus {
  if (dueOn < today) return 'overdue';
  if (daysBetween(today, dueOn) <= soonDays) return 'due_soon';
  return 'upcoming';
}

/**
 * When the next review is due: the date set at the last review, else the last review plus the
 * interval, else the interval from allocation (or opening when never allocated).
 */
export function nextReviewDue(input: { startedOn: string; lastReviewOn: string | null; lastSetNextOn: string | null; intervalDays: number }): string {
  if (input.lastReviewOn) return input.lastSetNextOn ?? addDays(input.lastReviewOn, input.intervalDays);
  return addDays(input.startedOn, input.intervalDays);
}

/** Follow-up dates after closure, one per month offset (default 3, 6 and 12). */
export function followUpDates(closedOn: string, months: readonly number[]): Array<{ months: number; dueOn: string }> {
  return [...new Set(months)].sort((a, b) => a - b).map((m) => ({ months: m, dueOn: addMonths(closedOn, m) }));
}
