// The seam between outcomes and identification: "which needs did this family have at attachment,
// with which evidence" and "is that need still present on a date, by the same rule". Today it runs
// the frameworks domain's pure evaluator (frameworks/rules.ts) over the family's events; when
// identification stores evaluation runs, needsAtAttachment can read the stored run instead without
// anything else here changing. The definition is always a council's framework version (data), which
// the outcome service loads through the frameworks domain; nothing here reads the shipped seed code.
import { addDays, addMonths, defaultTermCalendar, prepareFramework, type EventFact, type FamilyResult, type MemberFact, type PreparedFramework } from '../frameworks/rules.ts';
import type { FrameworkDefinition } from '../frameworks/rule.types.ts';
import { evaluationDates, needOutcome, type NeedOutcome, type Observation } from './progress.ts';

export type { EventFact, MemberFact };

/** Compiled frameworks per evaluation date, shared across families (dates are mostly month starts). */
export class FrameworkAtDate {
  readonly definition: FrameworkDefinition;
  readonly #cache = new Map<string, PreparedFramework>();

  constructor(definition: FrameworkDefinition) {
    this.definition = definition;
  }

  at(date: string): PreparedFramework {
    let prepared = this.#cache.get(date);
    if (!prepared) {
      if (this.#cache.size > 5000) this.#cache.clear();
      prepared = prepareFramework(this.definition, { date, terms: defaultTermCalendar(date) });
      this.#cache.set(date, prepared);
    }
    return prepared;
  }

  /**
   * Dates on which a need's status can change, from the events and the rules' windows: an event's
   * start and end, and the day each look-back window stops reaching it. With month starts these make
   * "first met" and "sustained since" exact to the day for month and day windows.
   */
  changeDates(events: readonly EventFact[]): string[] {
    if (!this.#windows) {
      const months = new Set<number>();
      const days = new Set<number>();
      for (const d of this.definition.descriptors) {
        for (const c of d.rule?.anyOf ?? []) {
          if (c.window.kind === 'last_months') months.add(c.window.months);
          if (c.window.kind === 'last_days') days.add(c.window.days);
        }
      }
      this.#windows = { months: [...months], days: [...days] };
    }
    const out = new Set<string>();
    const types = new Set(this.eventTypes());
    for (const e of events) {
      if (!types.has(e.type)) continue;
      for (const base of e.endedOn ? [e.occurredOn, e.endedOn] : [e.occurredOn]) {
        let shifted = this.#shifts.get(base);
        if (!shifted) {
          shifted = [base, ...this.#windows.months.map((m) => addMonths(base, m)), ...this.#windows.days.map((d) => addDays(base, d))];
          if (this.#shifts.size > 100_000) this.#shifts.clear();
          this.#shifts.set(base, shifted);
        }
        for (const x of shifted) out.add(x);
      }
    }
    return [...out];
  }

  #windows: { months: number[]; days: number[] } | null = null;
  readonly #shifts = new Map<string, string[]>();

  /** Every event type the framework's rules read. */
  eventTypes(): string[] {
    return this.at('2000-01-01').eventTypes;
  }

  descriptor(code: string) {
    return this.definition.descriptors.find((d) => d.code === code);
  }

  headlineName(code: string): string {
    return this.definition.headlines.find((h) => h.code === code)?.name ?? code;
  }
}

export interface IdentifiedNeed {
  code: string;
  headline: string;
  name: string;
  national: boolean;
  personId: string | null;
  identifiedOn: string;
  evidenceEventIds: string[];
  source: 'rule' | 'assessment';
}

export interface NeedWithOutcome extends IdentifiedNeed {
  outcome: NeedOutcome;
}

const needKey = (code: string, personId: string | null) => `${code}|${personId ?? ''}`;

function presence(result: FamilyResult): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const m of result.matches) map.set(needKey(m.descriptor, m.personId), m.evidence);
  return map;
}

/** Needs identified at attachment, by the framework's rules, and the family rule's verdict. */
export function needsAtAttachment(fw: FrameworkAtDate, members: MemberFact[], events: EventFact[], attachedOn: string): { needs: IdentifiedNeed[]; result: FamilyResult } {
  const result = fw.at(attachedOn).family(members, events);
  const seen = new Set<string>();
  const needs: IdentifiedNeed[] = [];
  for (const m of result.matches) {
    const key = needKey(m.descriptor, m.personId);
    if (seen.has(key)) continue;
    seen.add(key);
    const d = fw.descriptor(m.descriptor);
    needs.push({ code: m.descriptor, headline: m.headline, name: d?.name ?? m.descriptor, national: !d?.local, personId: m.personId, identifiedOn: attachedOn, evidenceEventIds: m.evidence, source: 'rule' });
  }
  return { needs, result };
}

/**
 * Each identified need's status over time by the same rule. `mode: 'full'` evaluates on every day a
 * status can change (the outcome view and its chart). `mode: 'claim'` is for deciding claims over many
 * families: nothing beyond attachment when `stopAt` is null (the claim is already refused); otherwise
 * it walks back from the claim date and stops at the first day any need is present (the outcome is
 * not sustained); only when every need held from the claim date back to `stopAt` does it carry on to
 * find exactly when each need was met.
 */
export function progressOfNeeds(
  fw: FrameworkAtDate,
  members: MemberFact[],
  events: EventFact[],
  needs: IdentifiedNeed[],
  attachedOn: string,
  asOf: string,
  options: { mode: 'full'; extraDates?: string[] } | { mode: 'claim'; stopAt: string | null; extraDates?: string[] },
): Array<{ need: IdentifiedNeed; observations: Observation[] }> {
  const ruled = needs.filter((n) => n.source === 'rule');
  const observations = new Map<string, Observation[]>(ruled.map((n) => [needKey(n.code, n.personId), [{ on: attachedOn, present: true, evidenceEventIds: n.evidenceEventIds }]]));
  const skip = options.mode === 'claim' && options.stopAt === null;
  const dates = skip || ruled.length === 0 ? [] : evaluationDates(attachedOn, asOf, [...(options.extraDates ?? []), ...fw.changeDates(events)]).filter((d) => d !== attachedOn);
  const observe = (date: string) => {
    const present = presence(fw.at(date).family(members, events));
    for (const n of ruled) {
      const key = needKey(n.code, n.personId);
      const evidence = present.get(key);
      observations.get(key)?.push({ on: date, present: evidence !== undefined, evidenceEventIds: evidence ?? [] });
    }
    return present;
  };
  if (options.mode === 'full') {
    for (const date of dates) observe(date);
  } else if (dates.length > 0 && options.stopAt !== null) {
    const keys = ruled.map((n) => needKey(n.code, n.personId));
    const open = new Set(keys);
    for (let i = dates.length - 1; i >= 0 && open.size > 0; i--) {
      const date = dates[i] as string;
      const present = observe(date);
      // Within the sustainment window, one need present is enough: the claim fails.
      if (date >= options.stopAt && keys.some((k) => present.has(k))) break;
      for (const key of [...open]) if (present.has(key)) open.delete(key);
    }
  }
  return needs.map((need) => ({ need, observations: need.source === 'rule' ? (observations.get(needKey(need.code, need.personId)) ?? []).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) : [{ on: attachedOn, present: null, evidenceEventIds: [] }] }));
}

/** Outcome per need, combining the rule's observations with casework for recorded needs. */
export function outcomesOfNeeds(progress: ReturnType<typeof progressOfNeeds>, asOf: string, caseworkMetOn: (need: IdentifiedNeed) => string | null, options: { segments?: boolean } = {}): NeedWithOutcome[] {
  return progress.map(({ need, observations }) => ({ ...need, outcome: needOutcome(observations, asOf, { metOn: caseworkMetOn(need) }, options) }));
}
