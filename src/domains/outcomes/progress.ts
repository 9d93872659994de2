// Progress against a need, from the same rule that identified it. A need's measure is data (see
// outcome_measure in the migration, or the frameworks domain's rules once they land); this file
// evaluates a measure over a subject's events at a date, and over time as a list of segments, so
// that "first met", "sustained since" and the chart all come from one evaluation.
//
// Measure kinds:
// - no_events_in_window: met when none of the event types occurred in the last N months
//   (no ASB incidents in six months, no offence in six months, no domestic abuse incident).
// - rate_at_least: met when the latest record's rate is at or above a threshold
//   (attendance = 1 − missed / possible ≥ 0.9). Unknown until a record exists.
// - no_open_spell: met when no spell of the event types is open (out-of-work benefit, child
//   protection plan, temporary accommodation).
// Casework (a goal met, a scaled measure improved) enters as dated "met" facts from the plans and
// assessments domains through the same segments.
import { addDays, addMonthsToDate } from './claim-rules.ts';

export type MeasureRule =
  | { kind: 'no_events_in_window'; eventTypes: string[]; windowMonths: number }
  | { kind: 'rate_at_least'; eventType: string; possible: string; missed: string; threshold: number }
  | { kind: 'no_open_spell'; eventTypes: string[] };

export interface NeedDefinition {
  code: string;
  headline: string;
  label: string;
  national: boolean;
  level: 'person' | 'family';
  /** Which members a person-level need applies to. */
  appliesTo: 'child' | 'adult' | 'any';
  rule: MeasureRule;
  provenance: string;
}

export interface SubjectEvent {
  id: string;
  type: string;
  occurredOn: string;
  endedOn: string | null;
  attributes: Record<string, unknown>;
}

export interface Status {
  met: boolean | null;
  value: number | null;
  evidenceEventIds: string[];
}

export function eventTypesOf(rule: MeasureRule): string[] {
  return rule.kind === 'rate_at_least' ? [rule.eventType] : rule.eventTypes;
}

/** The measure's status on a date, from events known by then. */
export function statusOn(rule: MeasureRule, events: readonly SubjectEvent[], on: string): Status {
  switch (rule.kind) {
    case 'no_events_in_window': {
      const from = addMonthsToDate(on, -rule.windowMonths);
      const inWindow = events.filter((e) => rule.eventTypes.includes(e.type) && e.occurredOn > from && e.occurredOn <= on);
      return { met: inWindow.length === 0, value: inWindow.length, evidenceEventIds: inWindow.map((e) => e.id) };
    }
    case 'rate_at_least': {
      let latest: SubjectEvent | null = null;
      for (const e of events) {
        if (e.type !== rule.eventType) continue;
        const known = e.endedOn ?? e.occurredOn;
        if (known <= on && (!latest || known > (latest.endedOn ?? latest.occurredOn))) latest = e;
      }
      if (!latest) return { met: null, value: null, evidenceEventIds: [] };
      const possible = Number(latest.attributes[rule.possible]);
      const missed = Number(latest.attributes[rule.missed]);
      if (!Number.isFinite(possible) || possible <= 0 || !Number.isFinite(missed)) return { met: null, value: null, evidenceEventIds: [latest.id] };
      const rate = Math.round((1 - missed / possible) * 10_000) / 10_000;
      return { met: rate >= rule.threshold, value: rate, evidenceEventIds: [latest.id] };
    }
    case 'no_open_spell': {
      const open = events.filter((e) => rule.eventTypes.includes(e.type) && e.occurredOn <= on && (e.endedOn === null || e.endedOn > on));
      return { met: open.length === 0, value: open.length, evidenceEventIds: open.map((e) => e.id) };
    }
  }
}

/** Dates on which the status can change, between from and to inclusive. */
function changePoints(rule: MeasureRule, events: readonly SubjectEvent[], from: string, to: string): string[] {
  const types = eventTypesOf(rule);
  const points = new Set<string>([from]);
  for (const e of events) {
    if (!types.includes(e.type)) continue;
    const candidates: string[] = [];
    if (rule.kind === 'no_events_in_window') candidates.push(e.occurredOn, addDays(addMonthsToDate(e.occurredOn, rule.windowMonths), 0));
    if (rule.kind === 'rate_at_least') candidates.push(e.endedOn ?? e.occurredOn);
    if (rule.kind === 'no_open_spell') candidates.push(e.occurredOn, ...(e.endedOn ? [e.endedOn] : []));
    for (const c of candidates) if (c > from && c <= to) points.add(c);
  }
  return [...points].sort();
}

export interface Segment {
  from: string;
  /** Inclusive; the last segment ends on the evaluation date. */
  to: string;
  met: boolean | null;
  value: number | null;
  evidenceEventIds: string[];
}

/** The status over [from, to] as contiguous segments of equal status. */
export function timeline(rule: MeasureRule, events: readonly SubjectEvent[], from: string, to: string): Segment[] {
  const relevant = events.filter((e) => eventTypesOf(rule).includes(e.type));
  const points = changePoints(rule, relevant, from, to);
  const segments: Segment[] = [];
  for (const [i, point] of points.entries()) {
    const status = statusOn(rule, relevant, point);
    const next = points[i + 1];
    const end = next ? addDays(next, -1) : to;
    const last = segments.at(-1);
    if (last && last.met === status.met && last.value === status.value) {
      last.to = end;
      for (const id of status.evidenceEventIds) if (!last.evidenceEventIds.includes(id)) last.evidenceEventIds.push(id);
    } else {
      segments.push({ from: point, to: end, met: status.met, value: status.value, evidenceEventIds: [...status.evidenceEventIds] });
    }
  }
  // Merge neighbours whose met flag is equal, keeping the value of the latest (the chart keeps the detail).
  return segments;
}

export interface NeedOutcome {
  baseline: Status;
  latest: Status;
  firstMetOn: string | null;
  /** Start of the unbroken met run that reaches the evaluation date, or null. */
  metSince: string | null;
  sustainedDays: number | null;
  segments: Segment[];
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A need's outcome from attachment to a date: baseline at attachment, latest, first met, sustained since. */
export function needOutcome(rule: MeasureRule, events: readonly SubjectEvent[], attachedOn: string, asOf: string, caseworkMetOn: readonly string[] = []): NeedOutcome {
  const segments = asOf >= attachedOn ? timeline(rule, events, attachedOn, asOf) : [];
  const baseline = statusOn(rule, events, attachedOn);
  const latest = statusOn(rule, events, asOf);
  let firstMetOn = segments.find((s) => s.met === true && s.from > attachedOn)?.from ?? null;
  if (baseline.met === true) firstMetOn = segments.find((s) => s.met === true)?.from ?? null;
  // Casework evidence (a goal met) counts for rules that cannot be measured from events (unknown status).
  const casework = [...caseworkMetOn].filter((d) => d >= attachedOn && d <= asOf).sort();
  if (casework[0] && (firstMetOn === null || casework[0] < firstMetOn) && latest.met === null) firstMetOn = casework[0];
  let metSince: string | null = null;
  if (latest.met === true) {
    const run = [...segments];
    let start = run.at(-1)?.from ?? asOf;
    for (let i = run.length - 1; i >= 0 && run[i]?.met === true; i--) start = run[i]!.from;
    metSince = start;
  } else if (latest.met === null && casework[0]) {
    metSince = casework.at(-1) ?? null;
  }
  return { baseline, latest, firstMetOn, metSince, sustainedDays: metSince ? daysBetween(metSince, asOf) : null, segments };
}
