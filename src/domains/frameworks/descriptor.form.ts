// The readable descriptor form: a rule document ⇄ flat form fields (c0_types, c0_window …), and
// a rule in plain English for the pages. Pure functions; the routes read and write the fields.
import type { AttributeCondition, Clause, DescriptorDef, Provenance, Rule, Threshold, Who, Window } from './rule.types.ts';
import { WHO_PRESETS } from './rule.types.ts';

export const MAX_CLAUSES = 4;
export const EVENT_TYPES = [
  'school.attendance', 'school.suspension', 'school.permanent_exclusion', 'police.asb_incident', 'police.offence', 'yot.youth_offending',
  'dwp.out_of_work_benefit', 'dwp.universal_credit', 'housing.rent_arrears', 'housing.notice_seeking_possession', 'housing.eviction', 'housing.homelessness',
  'health.mental_health_contact', 'health.substance_misuse', 'csc.child_in_need', 'csc.child_protection_plan', 'csc.looked_after', 'police.domestic_abuse_incident',
];

export type DescriptorForm = Record<string, string>;

function whoKey(who: Who | undefined): string {
  if (!who) return '';
  if (who.preset && WHO_PRESETS[who.preset]) return who.preset;
  const found = Object.entries(WHO_PRESETS).find(([, p]) => JSON.stringify({ ...p.who, preset: undefined }) === JSON.stringify({ ...who, preset: undefined }));
  return found?.[0] ?? 'custom';
}

export function formFromDescriptor(d: Pick<DescriptorDef, 'code' | 'headline' | 'name' | 'description' | 'severity' | 'rule'>): DescriptorForm {
  const f: DescriptorForm = { code: d.code, headline: d.headline, name: d.name, description: d.description, severity: String(d.severity), who: whoKey(d.rule?.who) || 'any' };
  if (d.rule?.who && f.who === 'custom') {
    f.minAge = d.rule.who.minAge === undefined ? '' : String(d.rule.who.minAge);
    f.maxAge = d.rule.who.maxAge === undefined ? '' : String(d.rule.who.maxAge);
    f.roles = (d.rule.who.roles ?? []).join(', ');
  }
  (d.rule?.anyOf ?? []).forEach((c, i) => {
    const p = `c${i}_`;
    f[`${p}label`] = c.label ?? '';
    f[`${p}types`] = c.types.join(', ');
    (c.where ?? []).slice(0, 2).forEach((w, j) => {
      f[`${p}attr${j}`] = w.attr;
      f[`${p}values${j}`] = (w.in ?? w.notIn ?? []).join(', ');
      f[`${p}exclude${j}`] = w.notIn ? 'yes' : '';
    });
    f[`${p}window`] = c.window.kind;
    f[`${p}length`] = c.window.kind === 'last_months' ? String(c.window.months) : c.window.kind === 'last_days' ? String(c.window.days) : c.window.kind === 'last_terms' ? String(c.window.terms) : '';
    f[`${p}match`] = c.window.kind === 'on_date' ? '' : c.window.match;
    f[`${p}threshold`] = c.threshold.kind;
    f[`${p}min`] = c.threshold.kind === 'ratio' ? String(Math.round(c.threshold.min * 1000) / 10) : String(c.threshold.min);
    f[`${p}num`] = c.threshold.kind === 'ratio' ? c.threshold.numerator : '';
    f[`${p}den`] = c.threshold.kind === 'ratio' ? c.threshold.denominator : '';
    f[`${p}who`] = whoKey(c.who);
  });
  return f;
}

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');

export interface ParsedDescriptor {
  descriptor: DescriptorDef;
  errors: Record<string, string>;
}

/**
 * Reads the form into a descriptor. Figures left as they were keep their provenance; a changed
 * figure becomes the council's own ('local', by whom and when).
 */
export function descriptorFromForm(f: DescriptorForm, previous: DescriptorDef | null, localProvenance: Provenance): ParsedDescriptor {
  const errors: Record<string, string> = {};
  const whoFor = (key: string): Who | undefined => {
    if (key === 'custom') {
      const who: Who = { preset: 'custom' };
      const roles = list(f.roles) as Who['roles'];
      if (roles && roles.length) who.roles = roles;
      if ((f.minAge ?? '') !== '') who.minAge = Number(f.minAge);
      if ((f.maxAge ?? '') !== '') who.maxAge = Number(f.maxAge);
      return who;
    }
    const preset = WHO_PRESETS[key];
    return preset ? { ...preset.who } : undefined;
  };
  const who = whoFor(f.who ?? 'any');
  if (!who) errors.who = 'Choose who in the family this applies to';
  const clauses: Clause[] = [];
  for (let i = 0; i < MAX_CLAUSES; i++) {
    const p = `c${i}_`;
    const types = list(f[`${p}types`]);
    if (types.length === 0) continue;
    const old = previous?.rule?.anyOf[i];
    const n = Number(f[`${p}length`]);
    let window: Window;
    switch (f[`${p}window`]) {
      case 'last_months': window = { kind: 'last_months', months: n, match: f[`${p}match`] === 'overlaps' ? 'overlaps' : 'occurred' }; break;
      case 'last_days': window = { kind: 'last_days', days: n, match: f[`${p}match`] === 'overlaps' ? 'overlaps' : 'occurred' }; break;
      case 'last_terms': window = { kind: 'last_terms', terms: n, match: f[`${p}match`] === 'within' ? 'within' : 'occurred' }; break;
      case 'on_date': window = { kind: 'on_date' }; break;
      default: errors[`${p}window`] = `Condition ${i + 1}: choose a time window`; continue;
    }
    if (window.kind !== 'on_date' && !(Number.isInteger(n) && n > 0)) errors[`${p}length`] = `Condition ${i + 1}: enter how many months, days or terms`;
    const min = Number(f[`${p}min`]);
    let threshold: Threshold;
    if (f[`${p}threshold`] === 'ratio') {
      threshold = { kind: 'ratio', numerator: (f[`${p}num`] ?? '').trim(), denominator: (f[`${p}den`] ?? '').trim(), min: Math.round(min * 10) / 1000 };
      if (!(min > 0 && min <= 100)) errors[`${p}min`] = `Condition ${i + 1}: enter a percentage from 0.1 to 100`;
    } else {
      threshold = { kind: 'count', min };
      if (!(Number.isInteger(min) && min >= 1)) errors[`${p}min`] = `Condition ${i + 1}: enter a whole number of events, 1 or more`;
    }
    const where: AttributeCondition[] = [];
    for (let j = 0; j < 2; j++) {
      const attr = (f[`${p}attr${j}`] ?? '').trim();
      const values = list(f[`${p}values${j}`]);
      if (!attr && values.length === 0) continue;
      if (!attr || values.length === 0) { errors[`${p}attr${j}`] = `Condition ${i + 1}: give both the attribute and its values`; continue; }
      where.push(f[`${p}exclude${j}`] === 'yes' ? { attr, notIn: values } : { attr, in: values });
    }
    // Provenance: unchanged figures keep theirs.
    const sameWindow = old && JSON.stringify({ ...old.window, provenance: undefined }) === JSON.stringify(window);
    const sameThreshold = old && JSON.stringify({ ...old.threshold, provenance: undefined }) === JSON.stringify(threshold);
    if (sameWindow && old.window.provenance) window.provenance = old.window.provenance;
    else window.provenance = localProvenance;
    if (sameThreshold && old.threshold.provenance) threshold.provenance = old.threshold.provenance;
    else if (!sameThreshold) threshold.provenance = localProvenance;
    const label = (f[`${p}label`] ?? '').trim();
    const clause: Clause = { ...(label ? { label } : {}), types, ...(where.length ? { where } : {}), window, threshold };
    const clauseWho = f[`${p}who`] ?? '';
    const cw = clauseWho ? whoFor(clauseWho) : undefined;
    if (cw) clause.who = cw;
    clauses.push(clause);
  }
  if (clauses.length === 0) errors.c0_types = 'Add at least one condition: the event types it looks for';
  const severity = Number(f.severity);
  const rule: Rule = { who: who ?? {}, anyOf: clauses };
  const unchanged = previous && JSON.stringify(previous.rule) === JSON.stringify(rule) && previous.name === (f.name ?? '').trim();
  return {
    descriptor: {
      code: (f.code ?? '').trim(),
      headline: f.headline ?? '',
      name: (f.name ?? '').trim(),
      description: (f.description ?? '').trim(),
      severity: [1, 2, 3].includes(severity) ? severity : 1,
      local: previous?.local ?? true,
      rule,
      provenance: unchanged && previous ? previous.provenance : { ...localProvenance, ...(previous ? { note: `was: ${previous.provenance.source}${previous.provenance.note ? ` (${previous.provenance.note})` : ''}` } : {}) },
    },
    errors,
  };
}

const WINDOW_TEXT = (w: Window): string => {
  switch (w.kind) {
    case 'last_months': return `${w.match === 'overlaps' ? 'open at any time' : 'recorded'} in the last ${w.months} month${w.months === 1 ? '' : 's'}`;
    case 'last_days': return `${w.match === 'overlaps' ? 'open at any time' : 'recorded'} in the last ${w.days} days`;
    case 'last_terms': return `${w.match === 'within' ? 'covering' : 'recorded in'} the last ${w.terms} school term${w.terms === 1 ? '' : 's'}`;
    case 'on_date': return 'open on the evaluation date';
  }
};

/** "At least 1 police.offence (role is offender or OFF) recorded in the last 12 months" */
export function clauseText(c: Clause): string {
  const what = c.types.join(' or ');
  const cond = (c.where ?? []).map((w) => `${w.attr} ${w.notIn ? 'is not' : 'is'} ${(w.in ?? w.notIn ?? []).join(' or ')}`).join(', and ');
  const th = c.threshold.kind === 'count' ? `At least ${c.threshold.min} ${what}` : `${what} where ${c.threshold.numerator} is at least ${Math.round(c.threshold.min * 1000) / 10}% of ${c.threshold.denominator}`;
  const who = c.who ? ` (applies to: ${WHO_PRESETS[c.who.preset ?? '']?.label ?? whoText(c.who)})` : '';
  return `${th}${cond ? ` (${cond})` : ''}, ${WINDOW_TEXT(c.window)}${who}`;
}

export function whoText(who: Who): string {
  const preset = who.preset ? WHO_PRESETS[who.preset] : undefined;
  if (preset) return preset.label;
  const parts: string[] = [];
  if (who.roles?.length) parts.push(who.roles.join(' or '));
  if (who.minAge !== undefined) parts.push(`aged ${who.minAge} or over`);
  if (who.maxAge !== undefined) parts.push(`aged ${who.maxAge} or under`);
  return parts.length ? parts.join(', ') : 'Anyone in the family';
}
