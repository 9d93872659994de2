// What changed between two versions of a framework, in plain English: headlines and descriptors
// added, removed or changed (and how), the family rule, and the framework's own name and settings.
// Pure functions; the version page shows them in its history.
import { clauseText, whoText } from './descriptor.form.ts';
import type { DescriptorDef, FamilyExpr, FrameworkDefinition, HeadlineDef, Provenance } from './rule.types.ts';

export interface VersionChange {
  kind: 'framework' | 'headline' | 'descriptor' | 'family_rule';
  change: 'added' | 'removed' | 'changed';
  code: string;
  /** One sentence, e.g. Added descriptor “Young carer” under “Children who need help”. */
  text: string;
  /** How a changed item changed, one plain sentence each. */
  details: string[];
}

const provenanceText = (p: Provenance | undefined): string | null => (p ? `${p.status}: ${p.source}${p.note ? ` — ${p.note}` : ''}` : null);

/** The family rule as nested plain-English lines. */
export function familyRuleLines(expr: FamilyExpr, depth = 0): Array<{ depth: number; text: string; provenance: string | null }> {
  const prov = provenanceText(expr.provenance);
  const own = (text: string) => ({ depth, text: expr.label ? `${expr.label} (${text})` : text, provenance: prov });
  switch (expr.op) {
    case 'all': return [own('all of these'), ...expr.of.flatMap((x) => familyRuleLines(x, depth + 1))];
    case 'any': return [own('any of these'), ...expr.of.flatMap((x) => familyRuleLines(x, depth + 1))];
    case 'count': return [own(`at least ${expr.min}${expr.max !== undefined ? ` and at most ${expr.max}` : ''} distinct ${expr.of}${expr.headlines ? ` among ${expr.headlines.join(', ')}` : ''}`)];
    case 'members': return [own(`${expr.min ?? 1}${expr.max !== undefined ? ` to ${expr.max}` : ' or more'} current members: ${whoText(expr.who)}`)];
  }
}

const quote = (s: string): string => `“${s}”`;
const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

/** JSON with keys in a fixed order (jsonb does not keep the order they were written in). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Items of `a` missing from `b`, counting repeats (a multiset difference). */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

/** Lines that went and lines that came, the first of each read together as one line changed. */
function pairUp(gone: string[], came: string[], say: { changed: (was: string, now: string) => string; removed: (was: string) => string; added: (now: string) => string }): string[] {
  const n = Math.min(gone.length, came.length);
  return [
    ...gone.slice(0, n).map((was, i) => say.changed(was, came[i] as string)),
    ...gone.slice(n).map(say.removed),
    ...came.slice(n).map(say.added),
  ];
}

function headlineDetails(o: HeadlineDef, h: HeadlineDef): string[] {
  const out: string[] = [];
  if (o.name !== h.name) out.push(`Renamed from ${quote(o.name)} to ${quote(h.name)}`);
  if ((o.description ?? '') !== (h.description ?? '')) out.push(h.description ? `Description is now ${quote(h.description)}` : 'Description removed');
  if (out.length === 0 && !same(o.provenance, h.provenance)) out.push(`Source is now ${provenanceText(h.provenance)}`);
  return out;
}

function descriptorDetails(o: DescriptorDef, d: DescriptorDef, headlineName: (code: string) => string): string[] {
  const out: string[] = [];
  if (o.name !== d.name) out.push(`Renamed from ${quote(o.name)} to ${quote(d.name)}`);
  if (o.headline !== d.headline) out.push(`Moved from headline ${quote(headlineName(o.headline))} to ${quote(headlineName(d.headline))}`);
  if (o.severity !== d.severity) out.push(`Severity changed from ${o.severity} to ${d.severity}`);
  if (o.description !== d.description) out.push('Description reworded');
  if (o.rule === null && d.rule !== null) out.push('Now found from data rather than recorded by a practitioner');
  if (o.rule !== null && d.rule === null) out.push('Now recorded by a practitioner rather than found from data');
  if (o.rule && d.rule) {
    if (whoText(o.rule.who) !== whoText(d.rule.who) || !same({ ...o.rule.who, preset: undefined }, { ...d.rule.who, preset: undefined })) out.push(`Applies to ${whoText(d.rule.who).toLowerCase()} (was ${whoText(o.rule.who).toLowerCase()})`);
    out.push(...pairUp(minus(o.rule.anyOf.map(clauseText), d.rule.anyOf.map(clauseText)), minus(d.rule.anyOf.map(clauseText), o.rule.anyOf.map(clauseText)), {
      changed: (was, now) => `A condition now reads ${quote(now)} (was ${quote(was)})`,
      removed: (was) => `No longer met by: ${was}`,
      added: (now) => `Now also met by: ${now}`,
    }));
  }
  const strip = (x: DescriptorDef) => ({ ...x, provenance: undefined, local: undefined, rule: x.rule ? { ...x.rule, anyOf: x.rule.anyOf.map((c) => ({ ...c, label: undefined, window: { ...c.window, provenance: undefined }, threshold: { ...c.threshold, provenance: undefined } })) } : null });
  if (out.length === 0 && !same(strip(o), strip(d))) out.push('Condition wording changed');
  if (out.length === 0 && !same(o.provenance, d.provenance)) out.push(`Source is now ${provenanceText(d.provenance)}`);
  if (out.length === 0) out.push('The sources of its figures changed');
  return out;
}

/** Every change from `before` to `after`, framework first, then headlines, descriptors and the family rule. */
export function compareDefinitions(before: FrameworkDefinition, after: FrameworkDefinition): VersionChange[] {
  const out: VersionChange[] = [];
  const fw: string[] = [];
  if (before.name !== after.name) fw.push(`Renamed from ${quote(before.name)} to ${quote(after.name)}`);
  if (before.description !== after.description) fw.push('Description reworded');
  if (before.validFrom !== after.validFrom || before.validTo !== after.validTo) fw.push(`Valid from ${after.validFrom} to ${after.validTo ?? 'no end date'} (was ${before.validFrom} to ${before.validTo ?? 'no end date'})`);
  if (before.settings.staleAfterDays !== after.settings.staleAfterDays) fw.push(`Evidence is stale after ${after.settings.staleAfterDays} days (was ${before.settings.staleAfterDays})`);
  if (before.settings.schoolAgeMin !== after.settings.schoolAgeMin || before.settings.schoolAgeMax !== after.settings.schoolAgeMax) fw.push(`School age is ${after.settings.schoolAgeMin} to ${after.settings.schoolAgeMax} (was ${before.settings.schoolAgeMin} to ${before.settings.schoolAgeMax})`);
  if (!before.local && after.local) fw.push(after.copiedFrom ? `Copied as the council's own framework from ${after.copiedFrom.name}, version ${after.copiedFrom.version}` : 'Now the council\'s own framework');
  const titles = (d: FrameworkDefinition) => d.sources.map((x) => x.title);
  for (const x of minus(titles(after), titles(before))) fw.push(`Source added: ${x}`);
  for (const x of minus(titles(before), titles(after))) fw.push(`Source removed: ${x}`);
  if (fw.length) out.push({ kind: 'framework', change: 'changed', code: after.code, text: 'Changed the framework itself', details: fw });

  const hOld = new Map(before.headlines.map((h) => [h.code, h]));
  const hNew = new Map(after.headlines.map((h) => [h.code, h]));
  const headlineName = (code: string) => hNew.get(code)?.name ?? hOld.get(code)?.name ?? code;
  // Whether an item is marked local is not a change to it: a copy marks everything local.
  const unmarked = <T extends { local?: boolean }>(x: T): T => ({ ...x, local: undefined });
  for (const h of after.headlines) {
    const o = hOld.get(h.code);
    if (!o) out.push({ kind: 'headline', change: 'added', code: h.code, text: `Added headline ${quote(h.name)}${h.local ? ' (local)' : ''}`, details: [] });
    else if (!same(unmarked(o), unmarked(h))) out.push({ kind: 'headline', change: 'changed', code: h.code, text: `Changed headline ${quote(h.name)}`, details: headlineDetails(o, h) });
  }
  for (const h of before.headlines) if (!hNew.has(h.code)) out.push({ kind: 'headline', change: 'removed', code: h.code, text: `Removed headline ${quote(h.name)}`, details: [] });

  const dOld = new Map(before.descriptors.map((d) => [d.code, d]));
  const dNew = new Map(after.descriptors.map((d) => [d.code, d]));
  for (const d of after.descriptors) {
    const o = dOld.get(d.code);
    if (!o) out.push({ kind: 'descriptor', change: 'added', code: d.code, text: `Added descriptor ${quote(d.name)} under ${quote(headlineName(d.headline))}`, details: [] });
    else if (!same(unmarked(o), unmarked(d))) out.push({ kind: 'descriptor', change: 'changed', code: d.code, text: `Changed descriptor ${quote(d.name)}`, details: descriptorDetails(o, d, headlineName) });
  }
  for (const d of before.descriptors) if (!dNew.has(d.code)) out.push({ kind: 'descriptor', change: 'removed', code: d.code, text: `Removed descriptor ${quote(d.name)} (was under ${quote(headlineName(d.headline))})`, details: [] });

  if (!same(before.familyRule, after.familyRule)) {
    const was = familyRuleLines(before.familyRule).map((l) => l.text);
    const now = familyRuleLines(after.familyRule).map((l) => l.text);
    const details = pairUp(minus(was, now), minus(now, was), {
      changed: (a, b) => `${quote(a)} is now ${quote(b)}`,
      removed: (a) => `No longer: ${a}`,
      added: (b) => `Now also: ${b}`,
    });
    out.push({ kind: 'family_rule', change: 'changed', code: 'family rule', text: 'Changed the family rule', details: details.length ? details : ['The sources of its figures changed'] });
  }
  return out;
}
