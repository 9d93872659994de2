// The true needs of a family at the --to date, evaluated from its members' true events under the
// frameworks Hearth implements (tf2012, tf2015, sf2022). These are simple, documented readings of
// the national criteria (docs/synth.md, truth/README.md), so identification can be checked end to end.
import type { Ev, Term } from './events.ts';
import { type Family, type Person, ageAt, OPEN } from './world.ts';

export interface NeedRow { framework: string; need: string; person: Person; evidence: Ev[] }

const PROVEN = new Set(['CHG', 'CAU', 'YC', 'YCC']);
const UC_OUT_OF_WORK = new Set(['SFW', 'PFW', 'PREP']);

export const FRAMEWORK_NEEDS: Record<string, string[]> = {
  tf2012: ['crime_asb', 'education', 'work'],
  tf2015: ['crime', 'school_attendance', 'children_need_help', 'worklessness', 'domestic_abuse', 'health'],
  sf2022: ['education', 'health', 'substance_use', 'children_safe', 'crime', 'domestic_abuse', 'housing', 'financial_stability'],
};

/** True when the family has a dependent child (under 18 at `to`, a member then) or an expected baby. */
export function hasDependentChildren(f: Family, to: number): boolean {
  if (f.due >= 0) return true;
  return f.members.some((m) => m.role === 'child' && m.from <= to && m.to > to && ageAt(m.person, to) < 18);
}

export function evaluateFamily(f: Family, byPerson: Map<Person, Ev[]>, to: number, terms: Term[]): NeedRow[] {
  const L = to - 365;
  const last3 = terms.filter((t) => t.end <= to).slice(-3);
  const termsFrom = last3[0]?.start ?? L;
  const out: NeedRow[] = [];
  const add = (framework: string, need: string, person: Person, evidence: Ev[]): void => {
    if (evidence.length > 0) out.push({ framework, need, person, evidence });
  };
  const inL = (e: Ev): boolean => e.day > L && e.day <= to;
  const openInL = (e: Ev): boolean => e.day <= to && (e.end === -1 ? e.day > L : e.end > L);
  const activeAt = (e: Ev): boolean => e.day <= to && (e.end === OPEN || e.end > to);

  for (const m of f.members) {
    if (m.from > to || m.to <= to) continue;
    const p = m.person;
    const evs = byPerson.get(p) ?? [];
    const age = ageAt(p, to);
    const child = m.role === 'child' && age < 18;

    const proven = evs.filter((e) => inL(e) && ((e.type === 'police.offence' && e.role === 'OFF' && PROVEN.has(e.term)) || e.type === 'yot.youth_offending'));
    const asb = evs.filter((e) => inL(e) && ((e.type === 'police.asb_incident' && e.role === 'SUSP') || (e.type === 'housing.notice_seeking_possession' && e.code === 'ASBW')));
    const csc = evs.filter((e) => e.type.startsWith('csc.') && openInL(e));
    const da = evs.filter((e) => e.type === 'police.domestic_abuse_incident' && inL(e));
    const mh = evs.filter((e) => e.type === 'health.mental_health_contact' && openInL(e));
    const sub = evs.filter((e) => e.type === 'health.substance_misuse' && openInL(e));
    const housing = evs.filter((e) => e.type.startsWith('housing.') && e.code !== 'ASBW' && (inL(e) || (e.type === 'housing.homelessness' && activeAt(e))));
    const benefits = age >= 18 ? evs.filter((e) => e.type === 'dwp.out_of_work_benefit' && activeAt(e)) : [];
    const uc = age >= 18 ? evs.filter((e) => e.type === 'dwp.universal_credit' && UC_OUT_OF_WORK.has(e.code) && activeAt(e)) : [];

    // school: last three terms
    let possible = 0, missed = 0, unauth = 0;
    const att: Ev[] = [];
    const susp: Ev[] = [];
    const perm: Ev[] = [];
    if (child) {
      for (const e of evs) {
        if (e.type === 'school.attendance' && last3.some((t) => t.code === e.term)) { possible += e.n1; missed += e.n2; unauth += e.n3; att.push(e); }
        else if (e.type === 'school.suspension' && e.day >= termsFrom && e.day <= to) susp.push(e);
        else if (e.type === 'school.permanent_exclusion' && e.day >= termsFrom && e.day <= to) perm.push(e);
      }
    }
    const absent10 = possible > 0 && missed / possible >= 0.1 ? att : [];
    const unauth15 = possible > 0 && unauth / possible >= 0.15 ? att : [];

    // Troubled Families 2012–15 (standards.md §2.2)
    add('tf2012', 'crime_asb', p, [...(age < 18 ? proven : []), ...asb]);
    add('tf2012', 'education', p, [...perm, ...(susp.length >= 3 ? susp : []), ...unauth15]);
    add('tf2012', 'work', p, [...benefits, ...uc]);
    // Expanded Troubled Families 2015–20 (standards.md §2.3)
    add('tf2015', 'crime', p, [...proven, ...asb]);
    add('tf2015', 'school_attendance', p, [...absent10, ...susp, ...perm]);
    add('tf2015', 'children_need_help', p, child ? csc : []);
    add('tf2015', 'worklessness', p, [...benefits, ...uc]);
    add('tf2015', 'domestic_abuse', p, da);
    add('tf2015', 'health', p, [...mh, ...sub]);
    // Supporting Families 2022–25 (standards.md §2.5)
    add('sf2022', 'education', p, [...absent10, ...susp, ...perm]);
    add('sf2022', 'health', p, mh);
    add('sf2022', 'substance_use', p, sub);
    add('sf2022', 'children_safe', p, child ? csc : []);
    add('sf2022', 'crime', p, [...proven, ...asb]);
    add('sf2022', 'domestic_abuse', p, da);
    add('sf2022', 'housing', p, housing);
    add('sf2022', 'financial_stability', p, [...benefits, ...uc]);
  }
  return out;
}

/** Number of distinct needs per framework in a family's rows. */
export function distinctNeeds(rows: NeedRow[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = seen.get(r.framework) ?? new Set<string>();
    s.add(r.need);
    seen.set(r.framework, s);
  }
  return new Map([...seen].map(([k, v]) => [k, v.size]));
}
