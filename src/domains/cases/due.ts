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

export type DueKind = 'review' | 'assessment' | 'contact' | 'supervision' | 'action' | 'follow_up';

export const DUE_KIND_LABELS: Record<DueKind, string> = {
  review: 'Plan review',
  assessment: 'Assessment',
  contact: 'Contact',
  supervision: 'Supervision',
  action: 'Plan action',
  follow_up: 'Follow-up after closure',
};

export interface DueItem {
  kind: DueKind;
  label: string;
  dueOn: string;
  status: DueStatus;
  /** where to go to do it, relative to the case */
  path: string;
}

export interface DueFacts {
  status: 'awaiting_allocation' | 'open' | 'closed';
  startedOn: string;
  lastReviewOn: string | null;
  lastSetNextOn: string | null;
  assessment: { status: string; due_on: string; completed_on: string | null } | null;
  lastContactOn: string | null;
  lastSupervisionOn: string | null;
  openActions: ReadonlyArray<{ description: string; owner_label: string; due_on: string }>;
  followUps: ReadonlyArray<{ months: number; due_on: string }>;
}

export interface DueSettings {
  review_interval_days: number;
  assessment_due_days: number;
  contact_norm_days: number;
  supervision_interval_days: number;
}

/**
 * Everything due on one case within `horizonDays`, or already overdue. Open cases: the next review,
 * the assessment until completed, the next contact by the norm, supervision and open actions.
 * Closed cases: the follow-up calls.
 */
export function dueItems(f: DueFacts, s: DueSettings, today: string, horizonDays = 14): DueItem[] {
  const items: DueItem[] = [];
  const add = (kind: DueKind, label: string, dueOn: string, path: string) => {
    if (daysBetween(today, dueOn) <= horizonDays) items.push({ kind, label, dueOn, status: dueStatus(dueOn, today), path });
  };
  if (f.status === 'open') {
    add('review', 'Plan review', nextReviewDue({ startedOn: f.startedOn, lastReviewOn: f.lastReviewOn, lastSetNextOn: f.lastSetNextOn, intervalDays: s.review_interval_days }), '/reviews');
    if (!f.assessment) add('assessment', 'Start the assessment', addDays(f.startedOn, s.assessment_due_days), '/assessment');
    else if (f.assessment.status !== 'completed') add('assessment', 'Complete the assessment', f.assessment.due_on, '/assessment');
    add('contact', 'Contact the family', addDays(f.lastContactOn ?? f.startedOn, s.contact_norm_days), '/contacts/new');
    add('supervision', 'Case supervision', addDays(f.lastSupervisionOn ?? f.startedOn, s.supervision_interval_days), '/reviews');
    for (const a of f.openActions) add('action', `${a.description} (${a.owner_label})`, a.due_on, '/plan');
  }
  if (f.status === 'closed') {
    for (const fu of f.followUps) add('follow_up', `${fu.months}-month follow-up`, fu.due_on, '/closure');
  }
  return items.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
