// Checks a rule document (from the editor, an import or the shipped data) before it is stored:
// returns plain-English problems, empty when the document is a valid rule.
import type { Clause, FamilyExpr, FrameworkDefinition, Rule, Threshold, Who, Window } from './rule.types.ts';

const ROLES = new Set(['parent', 'carer', 'child', 'other_adult', 'expected_child']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0);

export function whoProblems(who: unknown, at: string): string[] {
  if (!isObj(who)) return [`${at}: say who the rule applies to`];
  const out: string[] = [];
  const w = who as Who;
  if (w.roles !== undefined && (!isStrList(w.roles) || w.roles.some((r) => !ROLES.has(r)))) out.push(`${at}: roles must be from ${[...ROLES].join(', ')}`);
  if (w.minAge !== undefined && !isInt(w.minAge, 0, 120)) out.push(`${at}: minimum age must be a whole number from 0 to 120`);
  if (w.maxAge !== undefined && !isInt(w.maxAge, 0, 120)) out.push(`${at}: maximum age must be a whole number from 0 to 120`);
  if (w.minAge !== undefined && w.maxAge !== undefined && w.minAge > w.maxAge) out.push(`${at}: minimum age must not be above the maximum age`);
  return out;
}

function windowProblems(w: unknown, at: string): string[] {
  if (!isObj(w)) return [`${at}: choose a time window`];
  const win = w as Window;
  switch (win.kind) {
    case 'last_months':
      return isInt(win.months, 1, 120) && ['occurred', 'overlaps'].includes(win.match) ? [] : [`${at}: months must be a whole number from 1 to 120`];
    case 'last_days':
      return isInt(win.days, 1, 3660) && ['occurred', 'overlaps'].includes(win.match) ? [] : [`${at}: days must be a whole number from 1 to 3660`];
    case 'last_terms':
      return isInt(win.terms, 1, 12) && ['occurred', 'within'].includes(win.match) ? [] : [`${at}: terms must be a whole number from 1 to 12`];
    case 'on_date':
      return [];
    default:
      return [`${at}: unknown time window`];
  }
}

function thresholdProblems(t: unknown, at: string): string[] {
  if (!isObj(t)) return [`${at}: set a threshold`];
  const th = t as Threshold;
  if (th.kind === 'count') return isInt(th.min, 1, 1000) ? [] : [`${at}: the number of events must be a whole number from 1 to 1000`];
  if (th.kind === 'ratio') {
    const out: string[] = [];
    if (typeof th.numerator !== 'string' || !th.numerator || typeof th.denominator !== 'string' || !th.denominator) out.push(`${at}: name the two attributes of the proportion`);
    if (typeof th.min !== 'number' || !(th.min > 0 && th.min <= 1)) out.push(`${at}: the proportion must be more than 0% and at most 100%`);
    return out;
  }
  return [`${at}: unknown threshold`];
}

function clauseProblems(c: unknown, at: string): string[] {
  if (!isObj(c)) return [`${at}: not a condition`];
  const clause = c as unknown as Clause;
  const out: string[] = [];
  if (!isStrList(clause.types) || clause.types.length === 0) out.push(`${at}: choose at least one event type`);
  else if (clause.types.some((t) => !/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/.test(t))) out.push(`${at}: event types look like "school.attendance"`);
  if (clause.where !== undefined) {
    if (!Array.isArray(clause.where)) out.push(`${at}: attribute conditions must be a list`);
    else
      clause.where.forEach((w, i) => {
        if (!isObj(w) || typeof w.attr !== 'string' || !/^[a-z][a-z0-9_]*$/.test(w.attr)) out.push(`${at}, attribute condition ${i + 1}: name the attribute (letters, digits and _)`);
        else if (w.in === undefined && w.notIn === undefined && w.min === undefined && w.max === undefined) out.push(`${at}, attribute condition ${i + 1}: give the values to match`);
        else if ((w.in !== undefined && !isStrList(w.in)) || (w.notIn !== undefined && !isStrList(w.notIn))) out.push(`${at}, attribute condition ${i + 1}: values must be text`);
      });
  }
  out.push(...windowProblems(clause.window, at), ...thresholdProblems(clause.threshold, at));
  if (clause.who !== undefined) out.push(...whoProblems(clause.who, at));
  return out;
}

export function ruleProblems(rule: unknown): string[] {
  if (!isObj(rule)) return ['The rule must be an object with "who" and "anyOf"'];
  const r = rule as unknown as Rule;
  const out = whoProblems(r.who, 'Who');
  if (!Array.isArray(r.anyOf) || r.anyOf.length === 0) out.push('Add at least one condition');
  else r.anyOf.forEach((c, i) => out.push(...clauseProblems(c, `Condition ${i + 1}`)));
  return out;
}

export function familyRuleProblems(expr: unknown, headlines: Set<string>, at = 'Family rule'): string[] {
  if (!isObj(expr)) return [`${at}: not a rule`];
  const e = expr as FamilyExpr;
  switch (e.op) {
    case 'all':
    case 'any':
      return Array.isArray(e.of) && e.of.length > 0 ? e.of.flatMap((x, i) => familyRuleProblems(x, headlines, `${at} › ${i + 1}`)) : [`${at}: needs at least one part`];
    case 'count': {
      const out: string[] = [];
      if (e.of !== 'needs' && e.of !== 'headlines') out.push(`${at}: count needs or headlines`);
      if (!isInt(e.min, 0, 50)) out.push(`${at}: the minimum must be a whole number from 0 to 50`);
      if (e.headlines !== undefined && (!isStrList(e.headlines) || e.headlines.some((h) => !headlines.has(h)))) out.push(`${at}: unknown headline`);
      return out;
    }
    case 'members':
      return whoProblems(e.who, at);
    default:
      return [`${at}: unknown part`];
  }
}

export function definitionProblems(def: FrameworkDefinition): string[] {
  const out: string[] = [];
  const headlines = new Set(def.headlines.map((h) => h.code));
  if (def.headlines.length === 0) out.push('Add at least one headline');
  if (headlines.size !== def.headlines.length) out.push('Headline codes must be unique');
  if (def.descriptors.length === 0) out.push('Add at least one need descriptor');
  const codes = new Set<string>();
  for (const d of def.descriptors) {
    if (codes.has(d.code)) out.push(`Descriptor ${d.code} appears twice`);
    codes.add(d.code);
    if (!headlines.has(d.headline)) out.push(`Descriptor ${d.code}: unknown headline ${d.headline}`);
    if (!isInt(d.severity, 1, 3)) out.push(`Descriptor ${d.code}: severity must be 1, 2 or 3`);
    if (d.rule !== null) out.push(...ruleProblems(d.rule).map((p) => `Descriptor ${d.code}: ${p}`));
  }
  out.push(...familyRuleProblems(def.familyRule, headlines));
  return out;
}
