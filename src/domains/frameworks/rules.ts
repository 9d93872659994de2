// The rule evaluator: plain functions over one family's members (role, date of birth) and their
// dated events at an evaluation date → which needs are met, by whom, and which events prove each.
// Pure and synchronous: the evaluation job, the test panel, the "check before contact" and the
// needs-over-time chart all call it. Dates are 'yyyy-mm-dd' strings and compare as text.
import type { Clause, DescriptorDef, FamilyExpr, FrameworkDefinition, Rule, Threshold, Who, Window } from './rule.types.ts';

export interface MemberFact {
  personId: string;
  role: string;
  dateOfBirth: string | null;
}

export interface EventFact {
  id: string;
  type: string;
  occurredOn: string;
  endedOn: string | null;
  /** Null for an event about the family as a whole. */
  personId: string | null;
  attributes: Record<string, unknown>;
  /** The day Hearth received the record (freshness of an open spell). */
  recordedOn?: string;
}

export interface TermPeriod {
  start: string;
  end: string;
}

export interface EvaluationContext {
  date: string;
  /** School terms, any order; the calendar for last_terms windows (defaultTermCalendar when the data has none). */
  terms: TermPeriod[];
}

export interface NeedMatch {
  descriptor: string;
  headline: string;
  personId: string | null;
  evidence: string[];
  /** The most recent day the evidence speaks about (≤ the evaluation date). */
  evidenceOn: string;
}

export interface FamilyResult {
  matches: NeedMatch[];
  needs: string[];
  headlines: string[];
  eligible: boolean;
  severity: number;
  /** Per family: the stalest need's latest evidence, and the newest evidence of all. */
  evidenceOldestOn: string | null;
  evidenceLatestOn: string | null;
  trace: RuleTrace;
}

export interface RuleTrace {
  label: string;
  ok: boolean;
  value?: number;
  children?: RuleTrace[];
}

// ---- dates --------------------------------------------------------------------------------

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = parts(iso);
  return fmt(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Calendar months back, clamped to the month's length (31 March − 1 month = 28/29 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fmt(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))));
}

export function ageAt(dateOfBirth: string | null, on: string): number | null {
  if (!dateOfBirth) return null;
  const [by, bm, bd] = parts(dateOfBirth);
  const [oy, om, od] = parts(on);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** English school terms (autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Jul) around a date: the fallback calendar. */
export function defaultTermCalendar(date: string): TermPeriod[] {
  const y = Number(date.slice(0, 4));
  const out: TermPeriod[] = [];
  for (let year = y - 3; year <= y; year++) {
    out.push({ start: `${year}-01-01`, end: `${year}-03-31` }, { start: `${year}-04-01`, end: `${year}-07-31` }, { start: `${year}-09-01`, end: `${year}-12-31` });
  }
  return out;
}

// ---- compiled rules -----------------------------------------------------------------------

interface Bounds {
  /** Events strictly after `after` (months/days) or from `from` inclusive (terms). */
  after: string | null;
  from: string | null;
}

interface CompiledClause {
  clause: Clause;
  types: Set<string>;
  who: Who;
  bounds: Bounds;
  spell: boolean;
  match: (e: EventFact) => boolean;
}

interface CompiledDescriptor {
  def: DescriptorDef;
  clauses: CompiledClause[];
}

export interface PreparedFramework {
  definition: FrameworkDefinition;
  ctx: EvaluationContext;
  descriptors: CompiledDescriptor[];
  /** Every event type any rule reads (what the loader must fetch). */
  eventTypes: string[];
  /** The earliest day any window reaches back to; events wholly before it cannot count. */
  earliest: string;
  family(members: MemberFact[], events: EventFact[]): FamilyResult;
}

export function windowBounds(window: Window, ctx: EvaluationContext): Bounds {
  switch (window.kind) {
    case 'last_months':
      return { after: addMonths(ctx.date, -window.months), from: null };
    case 'last_days':
      return { after: addDays(ctx.date, -window.days), from: null };
    case 'last_terms': {
      const ended = ctx.terms.filter((t) => t.end <= ctx.date).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
      const last = ended.slice(-window.terms);
      // No complete term yet: an empty window.
      return { after: null, from: last[0]?.start ?? addDays(ctx.date, 1) };
    }
    case 'on_date':
      return { after: null, from: null };
  }
}

function inWindow(window: Window, b: Bounds, date: string, e: EventFact): boolean {
  if (e.occurredOn > date) return false;
  switch (window.kind) {
    case 'last_months':
    case 'last_days':
      if (window.match === 'occurred') return e.occurredOn > (b.after as string);
      return e.endedOn === null || e.endedOn > (b.after as string);
    case 'last_terms':
      if (e.occurredOn < (b.from as string)) return false;
      return window.match === 'occurred' || (e.endedOn ?? e.occurredOn) <= date;
    case 'on_date':
      return e.endedOn === null || e.endedOn > date;
  }
}

function attributeText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function compileClause(clause: Clause, rule: Rule, ctx: EvaluationContext): CompiledClause {
  const bounds = windowBounds(clause.window, ctx);
  const conditions = (clause.where ?? []).map((c) => ({ ...c, inSet: c.in ? new Set(c.in) : null, notInSet: c.notIn ? new Set(c.notIn) : null }));
  const window = clause.window;
  const date = ctx.date;
  return {
    clause,
    types: new Set(clause.types),
    who: clause.who ?? rule.who,
    bounds,
    spell: window.kind === 'on_date' || ((window.kind === 'last_months' || window.kind === 'last_days') && window.match === 'overlaps'),
    match(e) {
      if (!inWindow(window, bounds, date, e)) return false;
      for (const c of conditions) {
        const v = attributeText(e.attributes[c.attr]);
        if (c.inSet && (v === null || !c.inSet.has(v))) return false;
        if (c.notInSet && v !== null && c.notInSet.has(v)) return false;
        if (c.min !== undefined || c.max !== undefined) {
          const n = Number(v);
          if (v === null || !Number.isFinite(n)) return false;
          if (c.min !== undefined && n < c.min) return false;
          if (c.max !== undefined && n > c.max) return false;
        }
      }
      return true;
    },
  };
}

function thresholdMet(t: Threshold, events: EventFact[]): boolean {
  if (t.kind === 'count') return events.length >= t.min;
  let num = 0;
  let den = 0;
  for (const e of events) {
    num += Number(e.attributes[t.numerator]) || 0;
    den += Number(e.attributes[t.denominator]) || 0;
  }
  return den > 0 && num / den >= t.min - 1e-12;
}

interface MemberView {
  personId: string | null;
  role: string | null;
  age: number | null;
}

export function whoMatches(who: Who, m: { role: string | null; age: number | null }): boolean {
  if (who.roles && who.roles.length > 0 && (m.role === null || !(who.roles as string[]).includes(m.role))) return false;
  if (who.minAge !== undefined && (m.age === null || m.age < who.minAge)) return false;
  if (who.maxAge !== undefined && (m.age === null || m.age > who.maxAge)) return false;
  return true;
}

function evidenceOn(e: EventFact, spell: boolean, date: string): string {
  if (e.endedOn !== null) return e.endedOn <= date ? e.endedOn : date;
  if (spell) return e.recordedOn && e.recordedOn < date ? e.recordedOn : date;
  return e.occurredOn;
}

/** Evaluates one descriptor's rule for one member (or the family itself) against their events. */
function evaluateDescriptorFor(d: CompiledDescriptor, m: MemberView, events: EventFact[], date: string): NeedMatch | null {
  let evidence: EventFact[] | null = null;
  let latest = '';
  for (const c of d.clauses) {
    if (!whoMatches(c.who, m)) continue;
    const matched: EventFact[] = [];
    for (const e of events) if (c.types.has(e.type) && c.match(e)) matched.push(e);
    if (matched.length === 0 || !thresholdMet(c.clause.threshold, matched)) continue;
    evidence ??= [];
    for (const e of matched) {
      if (!evidence.includes(e)) evidence.push(e);
      const on = evidenceOn(e, c.spell, date);
      if (on > latest) latest = on;
    }
  }
  if (!evidence) return null;
  return { descriptor: d.def.code, headline: d.def.headline, personId: m.personId, evidence: evidence.map((e) => e.id), evidenceOn: latest };
}

export function evaluateFamilyRule(expr: FamilyExpr, facts: { needs: Map<string, string>; members: MemberView[] }): RuleTrace {
  switch (expr.op) {
    case 'all': {
      const children = expr.of.map((x) => evaluateFamilyRule(x, facts));
      return { label: expr.label ?? 'All of', ok: children.every((c) => c.ok), children };
    }
    case 'any': {
      const children = expr.of.map((x) => evaluateFamilyRule(x, facts));
      return { label: expr.label ?? 'Any of', ok: children.some((c) => c.ok), children };
    }
    case 'count': {
      const wanted = expr.headlines ? new Set(expr.headlines) : null;
      const seen = new Set<string>();
      for (const [need, headline] of facts.needs) if (!wanted || wanted.has(headline)) seen.add(expr.of === 'needs' ? need : headline);
      const n = seen.size;
      return { label: expr.label ?? `At least ${expr.min} ${expr.of}`, ok: n >= expr.min && (expr.max === undefined || n <= expr.max), value: n };
    }
    case 'members': {
      const n = facts.members.filter((m) => m.personId !== null && whoMatches(expr.who, m)).length;
      return { label: expr.label ?? 'Members', ok: n >= (expr.min ?? 1) && (expr.max === undefined || n <= expr.max), value: n };
    }
  }
}

/** Compiles a framework for one evaluation date: windows resolved once, then `family()` per family. */
export function prepareFramework(definition: FrameworkDefinition, ctx: EvaluationContext, only?: string[]): PreparedFramework {
  const descriptors: CompiledDescriptor[] = definition.descriptors
    .filter((d) => d.rule !== null && (!only || only.includes(d.code)))
    .map((d) => ({ def: d, clauses: (d.rule as Rule).anyOf.map((c) => compileClause(c, d.rule as Rule, ctx)) }));
  const types = new Set<string>();
  let earliest = ctx.date;
  for (const d of descriptors) {
    for (const c of d.clauses) {
      for (const t of c.types) types.add(t);
      const start = c.bounds.after ?? c.bounds.from;
      if (start && start < earliest) earliest = start;
    }
  }
  const severity = new Map(definition.descriptors.map((d) => [d.code, d.severity]));
  const date = ctx.date;

  return {
    definition,
    ctx,
    descriptors,
    eventTypes: [...types].sort(),
    earliest,
    family(members, events) {
      const views: MemberView[] = members.map((m) => ({ personId: m.personId, role: m.role, age: ageAt(m.dateOfBirth, date) }));
      const byPerson = new Map<string | null, EventFact[]>();
      for (const e of events) {
        const list = byPerson.get(e.personId);
        if (list) list.push(e);
        else byPerson.set(e.personId, [e]);
      }
      const subjects: MemberView[] = [...views];
      // A person listed twice in one family (two memberships) is evaluated once.
      const seen = new Set<string>();
      const unique = subjects.filter((m) => (m.personId === null || seen.has(m.personId) ? false : (seen.add(m.personId), true)));
      if (byPerson.has(null)) unique.push({ personId: null, role: null, age: null });
      const matches: NeedMatch[] = [];
      for (const m of unique) {
        const own = byPerson.get(m.personId);
        if (!own) continue;
        for (const d of descriptors) {
          const hit = evaluateDescriptorFor(d, m, own, date);
          if (hit) matches.push(hit);
        }
      }
      const needs = new Map<string, string>();
      const needLatest = new Map<string, string>();
      let latest: string | null = null;
      for (const x of matches) {
        needs.set(x.descriptor, x.headline);
        const prev = needLatest.get(x.descriptor);
        if (!prev || x.evidenceOn > prev) needLatest.set(x.descriptor, x.evidenceOn);
        if (!latest || x.evidenceOn > latest) latest = x.evidenceOn;
      }
      let oldest: string | null = null;
      for (const on of needLatest.values()) if (!oldest || on < oldest) oldest = on;
      const trace = evaluateFamilyRule(definition.familyRule, { needs, members: views });
      let sev = 0;
      for (const code of needs.keys()) sev += severity.get(code) ?? 1;
      return {
        matches,
        needs: [...needs.keys()].sort(),
        headlines: [...new Set(needs.values())].sort(),
        eligible: trace.ok,
        severity: sev,
        evidenceOldestOn: oldest,
        evidenceLatestOn: latest,
        trace,
      };
    },
  };
}
