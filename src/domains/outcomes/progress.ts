// Progress against a need, from the same rule that identified it. The frameworks domain's evaluator
// says, on a date, whether a need (a descriptor for a person, or for the family) is still present;
// this file turns a series of those observations into an outcome: the baseline at attachment, the
// latest status, the first date the need was no longer present ("first met"), the start of the
// unbroken run that reaches today ("sustained since"), and segments for the chart.
// Casework (a need closed as met at review, a goal achieved) enters as dated facts for needs the
// data cannot see (descriptors a practitioner records).

export interface Observation {
  on: string;
  /** Is the need still present on this date? null when it cannot be told (a recorded need with no rule). */
  present: boolean | null;
  evidenceEventIds: string[];
}

export interface Segment {
  from: string;
  /** Inclusive: the day before the next segment, or the evaluation date. */
  to: string;
  met: boolean | null;
  evidenceEventIds: string[];
}

export interface NeedOutcome {
  baseline: Observation | null;
  latest: Observation | null;
  firstMetOn: string | null;
  metSince: string | null;
  sustainedDays: number | null;
  segments: Segment[];
  /** Where the outcome came from: the data rule, or casework. */
  source: 'rule' | 'casework' | 'none';
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)) + days)).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The first of each month after `from` up to `to`, with `from`, `to` and any extra dates in range: where the rule is evaluated. */
export function evaluationDates(from: string, to: string, extra: readonly string[] = []): string[] {
  const dates = new Set<string>([from]);
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    const first = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
    if (first > to) break;
    dates.add(first);
  }
  for (const d of extra) if (d >= from && d <= to) dates.add(d);
  if (to >= from) dates.add(to);
  return [...dates].sort();
}

export function segmentsOf(observations: readonly Observation[], asOf: string): Segment[] {
  const sorted = [...observations].sort((a, b) => a.on.localeCompare(b.on));
  const segments: Segment[] = [];
  for (const [i, o] of sorted.entries()) {
    const next = sorted[i + 1];
    const to = next ? addDays(next.on, -1) : asOf;
    const met = o.present === null ? null : !o.present;
    const last = segments.at(-1);
    if (last && last.met === met) {
      last.to = to;
      for (const id of o.evidenceEventIds) if (!last.evidenceEventIds.includes(id)) last.evidenceEventIds.push(id);
    } else {
      segments.push({ from: o.on, to, met, evidenceEventIds: [...o.evidenceEventIds] });
    }
  }
  return segments;
}

/**
 * The outcome of one need from its observations (the first is at attachment). Casework dates count
 * only where the rule cannot tell (present === null throughout).
 */
export function needOutcome(observations: readonly Observation[], asOf: string, casework: { metOn: string | null } = { metOn: null }, options: { segments?: boolean } = {}): NeedOutcome {
  const sorted = [...observations].filter((o) => o.on <= asOf).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const segments = options.segments === false ? [] : segmentsOf(sorted, asOf);
  const baseline = sorted[0] ?? null;
  const latest = sorted.at(-1) ?? null;
  const known = sorted.some((o) => o.present !== null);
  if (!known) {
    const metOn = casework.metOn && casework.metOn <= asOf ? casework.metOn : null;
    return { baseline, latest, firstMetOn: metOn, metSince: metOn, sustainedDays: metOn ? daysBetween(metOn, asOf) : null, segments, source: metOn ? 'casework' : 'none' };
  }
  const firstMetOn = sorted.find((o) => o.present === false)?.on ?? null;
  let metSince: string | null = null;
  if (latest?.present === false) {
    metSince = latest.on;
    for (let i = sorted.length - 1; i >= 0 && sorted[i]?.present === false; i--) metSince = sorted[i]!.on;
  }
  return { baseline, latest, firstMetOn, metSince, sustainedDays: metSince ? daysBetween(metSince, asOf) : null, segments, source: 'rule' };
}
