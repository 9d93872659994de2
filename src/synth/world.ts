// The true county, one cluster at a time. A cluster is a few households bound together by
// family ties (a father and the homes of his children's mothers; a young adult who leaves home),
// so every cluster can be generated alone from (seed, cluster index), in any order, on any thread.
import { generateNhsNumber, generateNiNumber, generateUpn } from '../platform/identifiers.ts';
import { civil, dayNumber } from './dates.ts';
import { type Origin, sampleForename, sampleOrigin, sampleSurname, surnameForSex } from './names.ts';
import { type Address, addressOf } from './places.ts';
import { Rng, Weighted } from './prng.ts';

export const OPEN = 1e9; // an open end date
export const NEVER = -1e9; // no such date (day numbers before 1970 are negative)
export const SLOTS_PER_CLUSTER = 8;
export const HOME_LA = '960'; // Northmoor's (fictional) DfE local authority number

export type Sex = 'M' | 'F';
export type Role = 'parent' | 'step_parent' | 'child' | 'other_adult' | 'non_resident_parent';

export interface Person {
  idx: number;
  id: string;
  sex: Sex;
  dob: number;
  origin: Origin;
  given: string;
  middle: string;
  birthFamily: string;
  family: string;
  /** Day the family name changed from birthFamily (marriage), or NEVER. */
  nameChange: number;
  nhs: string;
  upn: string;
  ni: string;
  /** School DfE establishment number ("9602013") or ''. */
  school: string;
  stays: Stay[];
}

export interface Stay { home: Home; from: number; to: number }

export interface Period { slot: number; hid: string; from: number; to: number; address: Address }

export interface Home { idx: number; periods: Period[] }

export interface Member { person: Person; role: Role; from: number; to: number }

export interface Family {
  id: string;
  members: Member[];
  /** Expected date of a baby not yet born at --to, or -1. */
  due: number;
  /** Complexity drawn for the family: 0 none, 1 single need, 2+ multiple needs. */
  level: number;
  /** The household-level scenario that produced the family (for truth and tuning). */
  scenario: string;
}

export interface Cluster {
  index: number;
  people: Person[];
  homes: Home[];
  families: Family[];
  scenario: Scenario;
}

export type Scenario = 'single' | 'couple' | 'couple_kids' | 'lone_parent' | 'multi_father' | 'blended' | 'multigen' | 'adult_children' | 'shared' | 'expectant';

const SCENARIOS = new Weighted<Scenario>([
  ['single', 0.25], ['couple', 0.2], ['couple_kids', 0.22], ['lone_parent', 0.1], ['multi_father', 0.025], ['blended', 0.05],
  ['multigen', 0.045], ['adult_children', 0.06], ['shared', 0.03], ['expectant', 0.015],
]);

export interface Plan {
  scenario: Scenario;
  origin: Origin;
  /** Children per mother (first entry: the main household). */
  kids: number[];
  twins: boolean;
  extra: number; // grandparents, non-resident father, new partner, sharers …
  size: number;
}

/** The structural draws of cluster ci: enough to know how many people it holds. */
export function planCluster(seed: number, ci: number, forceSingle: boolean): Plan {
  const r = new Rng(seed, 1, ci);
  const origin = sampleOrigin(r);
  if (forceSingle) return { scenario: 'single', origin, kids: [], twins: false, extra: 0, size: 1 };
  const scenario = SCENARIOS.sample(r);
  const nKids = (): number => { const x = r.next(); return x < 0.38 ? 1 : x < 0.78 ? 2 : x < 0.93 ? 3 : x < 0.98 ? 4 : 5; };
  const twins = r.chance(0.016);
  let kids: number[] = [], extra = 0, adults = 0;
  switch (scenario) {
    case 'single': adults = 1; break;
    case 'couple': adults = 2; break;
    case 'expectant': adults = 1; extra = r.chance(0.7) ? 1 : 0; break;
    case 'couple_kids': adults = 2; kids = [nKids()]; extra = r.chance(0.06) ? 1 : 0; break;
    case 'lone_parent': adults = 1; kids = [nKids()]; extra = r.chance(0.5) ? 1 : 0; break;
    case 'multi_father': adults = 1; kids = [r.chance(0.5) ? nKids() : 0, nKids(), nKids()]; if (r.chance(0.4)) kids.push(r.int(1, 2)); extra = kids[0]! > 0 || r.chance(0.3) ? 1 : 0; adults += kids.length - 1; break;
    case 'blended': adults = 2; kids = [nKids(), r.int(0, 2)]; extra = r.chance(0.5) ? 1 : 0; break;
    case 'multigen': adults = 1 + r.int(1, 2) + (r.chance(0.6) ? 1 : 0); kids = [nKids()]; break;
    case 'adult_children': adults = r.chance(0.75) ? 2 : 1; extra = r.int(1, 3); break;
    case 'shared': adults = r.int(2, 4); break;
  }
  const nk = kids.reduce((a, b) => a + b, 0);
  const hasKids = nk > 0;
  return { scenario, origin, kids, twins: twins && hasKids, extra, size: adults + nk + extra + (twins && hasKids ? 1 : 0) };
}

export interface WorldConfig {
  seed: number;
  from: number;
  to: number;
  totalClusters: number;
}

// Large primes for permuting clusters when a household moves (so a move goes across the county).
const MOVE_PRIMES = [0, 2147483647, 2147483629, 2147483587, 2147483579, 2147483563, 2147483549, 2147483543];

const YEAR = 365.25;

export function ageAt(p: Person, day: number): number {
  const [by, bm, bd] = civil(p.dob);
  const [y, m, d] = civil(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Builds cluster ci: people, homes with their address periods, and families. */
export function buildCluster(cfg: WorldConfig, ci: number, plan: Plan): Cluster {
  const r = new Rng(cfg.seed, 2, ci);
  const T = cfg.to;
  const F = cfg.from;
  const people: Person[] = [];
  const homes: Home[] = [];
  const families: Family[] = [];
  let slotK = 0;
  const cid = String(ci).padStart(7, '0');

  const nextSlot = (): number => {
    const k = slotK++;
    if (k >= SLOTS_PER_CLUSTER) return -1;
    if (k === 0) return ci * SLOTS_PER_CLUSTER;
    const c = cfg.totalClusters;
    const p = (MOVE_PRIMES[k] as number) % c;
    return ((ci * p) % c) * SLOTS_PER_CLUSTER + k;
  };
  const newHome = (from: number): Home => {
    const slot = nextSlot();
    const h: Home = { idx: homes.length, periods: [] };
    if (slot >= 0) h.periods.push({ slot, hid: `H${cid}-${h.periods.length + homes.length * 10}`, from, to: OPEN, address: addressOf(slot) });
    homes.push(h);
    return h;
  };
  const origin = plan.origin;
  const dobFromAge = (age: number): number => T - Math.floor(age * YEAR) - r.int(0, 364);
  const mkPerson = (sex: Sex, dob: number, o: Origin, surname: string): Person => {
    const [by] = civil(dob);
    const p: Person = {
      idx: people.length, id: `P${cid}-${String(people.length).padStart(2, '0')}`, sex, dob, origin: o,
      given: sampleForename(r, o, sex, by), middle: r.chance(0.45) ? sampleForename(r, o, sex, by) : '',
      birthFamily: surnameForSex(surname, sex), family: surnameForSex(surname, sex), nameChange: NEVER,
      nhs: generateNhsNumber(r.fn()), upn: '', ni: '', school: '', stays: [],
    };
    if (p.middle === p.given) p.middle = '';
    if (T - dob >= 16 * YEAR) p.ni = generateNiNumber(r.fn());
    // a pupil at some point in the window: age 4 on 31 August of an academic year that overlaps it
    const [fy] = civil(F);
    const [ty] = civil(T);
    for (let y = fy - 1; y <= ty; y++) {
      const sept = dayNumber(y, 9, 1);
      if (sept > T) break;
      const age = ageAt(p, sept - 1);
      if (age >= 4 && age <= 15 && sept + 320 > F) {
        const la = o === 'white_british' || r.chance(0.5) ? (r.chance(0.85) ? HOME_LA : String(r.int(201, 938))) : String(r.int(201, 938));
        const estab = String(r.int(2000, 2999));
        p.upn = generateUpn(r.fn(), la, estab, by + 5);
        break;
      }
    }
    people.push(p);
    return p;
  };
  const adult = (sex: Sex, age: number, o = origin, surname = sampleSurname(r, o)): Person => mkPerson(sex, dobFromAge(age), o, surname);
  const live = (p: Person, h: Home, from: number, to = OPEN): void => { p.stays.push({ home: h, from: Math.max(from, p.dob), to }); };
  const homeStart = (): number => F - r.int(30, 365 * 12);

  // Children of a mother: ages spaced 1–5 years, youngest may be born in the window.
  const bear = (mother: Person, father: Person | null, n: number, twins: boolean, surname: string, maxAge = 17): Person[] => {
    const out: Person[] = [];
    const motherAge = ageAt(mother, T);
    let age = Math.min(maxAge, Math.max(0, motherAge - r.int(19, 30)));
    for (let i = 0; i < n; i++) {
      if (age < 0) age = 0;
      const dob = i === n - 1 && age === 0 && r.chance(0.5) ? T - r.int(1, 900) : dobFromAge(age);
      const sex: Sex = r.chance(0.512) ? 'M' : 'F';
      const childOrigin = father && father.origin !== mother.origin && r.chance(0.5) ? father.origin : mother.origin;
      const c = mkPerson(sex, Math.min(dob, T - 1), childOrigin, surname);
      out.push(c);
      if (twins && i === 0) {
        const t = mkPerson(r.chance(0.35) ? sex : sex === 'M' ? 'F' : 'M', c.dob, childOrigin, surname);
        if (t.given === c.given) t.given = sampleForename(r, childOrigin, t.sex, civil(t.dob)[0]);
        out.push(t);
      }
      age -= r.int(1, 5);
    }
    return out;
  };
  const marry = (wife: Person, husband: Person, day: number): void => {
    if (wife.origin === 'south_asian' && r.chance(0.5)) return; // many keep their name
    if (r.chance(0.15)) return;
    wife.family = surnameForSex(husband.family, 'F');
    wife.nameChange = day;
  };
  const newFamily = (scenario: string): Family => {
    const f: Family = { id: `F${cid}-${families.length}`, members: [], due: -1, level: 0, scenario };
    families.push(f);
    return f;
  };
  const join = (f: Family, p: Person, role: Role, from = F - 1, to = OPEN): void => {
    f.members.push({ person: p, role, from: Math.max(from, p.dob), to });
  };
  const parentAge = (): number => r.int(24, 48);
  const mateOrigin = (o: Origin): Origin => (r.chance(0.9) ? o : sampleOrigin(r));

  switch (plan.scenario) {
    case 'single': {
      const h = newHome(homeStart());
      const p = adult(r.chance(0.5) ? 'M' : 'F', r.chance(0.3) ? r.int(65, 95) : r.int(18, 64));
      live(p, h, h.periods[0]?.from ?? F);
      break;
    }
    case 'shared': {
      const h = newHome(homeStart());
      for (let i = 0; i < plan.size; i++) live(adult(r.chance(0.5) ? 'M' : 'F', r.int(19, 35), sampleOrigin(r)), h, h.periods[0]?.from ?? F);
      break;
    }
    case 'couple': {
      const h = newHome(homeStart());
      const age = r.chance(0.4) ? r.int(60, 88) : r.int(20, 59);
      const m = adult('M', age + r.int(-2, 4));
      const w = adult('F', age, mateOrigin(origin));
      const start = h.periods[0]?.from ?? F;
      live(m, h, start); live(w, h, start);
      if (r.chance(0.6)) marry(w, m, r.chance(0.1) ? r.int(F, T) : Math.max(w.dob + 18 * 365, start - r.int(0, 3000)));
      break;
    }
    case 'expectant': {
      const h = newHome(homeStart());
      const w = adult('F', r.int(18, 36));
      live(w, h, h.periods[0]?.from ?? F);
      const f = newFamily('expectant');
      join(f, w, 'parent');
      f.due = T + r.int(14, 200);
      if (plan.extra > 0) {
        const m = adult('M', ageAt(w, T) + r.int(-1, 5), mateOrigin(origin));
        live(m, h, h.periods[0]?.from ?? F);
        join(f, m, 'parent');
      }
      break;
    }
    case 'couple_kids':
    case 'blended':
    case 'lone_parent':
    case 'multigen': {
      const h = newHome(homeStart());
      const start = h.periods[0]?.from ?? F;
      const f = newFamily(plan.scenario);
      const mAge = parentAge();
      const lone = plan.scenario === 'lone_parent' || (plan.scenario === 'multigen' && r.chance(0.5));
      const loneFather = lone && r.chance(0.1);
      const mother = adult('F', mAge);
      const father = adult('M', mAge + r.int(-2, 6), mateOrigin(origin));
      const kidsSurname = lone && r.chance(0.4) ? mother.family : father.family;
      const kids = bear(mother, father, plan.kids[0] ?? 1, plan.twins, kidsSurname);
      if (plan.scenario === 'blended') {
        // mother's children by an earlier partner; her new partner; their children together
        const partner = adult('M', mAge + r.int(-3, 5), mateOrigin(origin));
        const together = r.int(Math.min(F, T - 3 * 365), T - 400);
        live(mother, h, start);
        for (const k of kids) live(k, h, start);
        live(partner, h, together);
        join(f, mother, 'parent');
        join(f, partner, 'step_parent', together);
        for (const k of kids) join(f, k, 'child');
        if (r.chance(0.4)) marry(mother, partner, together + r.int(0, 300));
        const joint = plan.kids[1] ?? 0;
        for (let i = 0; i < joint; i++) {
          const baby = mkPerson(r.chance(0.51) ? 'M' : 'F', Math.min(T - 1, together + 300 + i * r.int(300, 500)), origin, partner.family);
          live(baby, h, baby.dob);
          join(f, baby, 'child', baby.dob);
        }
        if (plan.extra > 0) {
          const h2 = newHome(homeStart());
          live(father, h2, h2.periods[0]?.from ?? F);
          join(f, father, 'non_resident_parent');
        } else {
          people.splice(people.indexOf(father), 1); // the earlier father is not in the county
          people.forEach((p, i) => { p.idx = i; p.id = `P${cid}-${String(i).padStart(2, '0')}`; });
        }
        break;
      }
      if (lone) {
        const parent = loneFather ? father : mother;
        const other = loneFather ? mother : father;
        live(parent, h, start);
        for (const k of kids) live(k, h, start);
        join(f, parent, 'parent');
        for (const k of kids) join(f, k, 'child');
        if (plan.scenario === 'lone_parent' && plan.extra > 0) {
          const h2 = newHome(homeStart());
          live(other, h2, h2.periods[0]?.from ?? F);
          join(f, other, 'non_resident_parent');
        } else {
          people.splice(people.indexOf(other), 1);
          people.forEach((p, i) => { p.idx = i; p.id = `P${cid}-${String(i).padStart(2, '0')}`; });
        }
      } else {
        live(mother, h, start); live(father, h, start);
        for (const k of kids) live(k, h, start);
        join(f, mother, 'parent'); join(f, father, 'parent');
        for (const k of kids) join(f, k, 'child');
        if (r.chance(0.7)) marry(mother, father, r.chance(0.08) ? r.int(F, T) : Math.max(mother.dob + 18 * 365, start - r.int(0, 4000)));
        // separation in the window: the father moves out and stays a parent from another home
        if (plan.scenario === 'couple_kids' && r.chance(0.05) && slotK < SLOTS_PER_CLUSTER) {
          const d = r.int(F + 60, T - 60);
          const h2 = newHome(d);
          father.stays[father.stays.length - 1]!.to = d;
          live(father, h2, d);
          const m = f.members.find((x) => x.person === father)!;
          m.to = d;
          join(f, father, 'non_resident_parent', d);
        }
      }
      if (plan.scenario === 'multigen') {
        const n = plan.size - people.length;
        const gAge = ageAt(mother, T) + r.int(20, 30);
        for (let i = 0; i < n; i++) {
          const g = adult(i === 0 ? 'F' : 'M', gAge + r.int(-2, 3), origin, i === 0 ? mother.birthFamily : mother.birthFamily);
          if (i === 0) g.given = sampleForename(r, origin, 'F', civil(g.dob)[0]);
          live(g, h, start);
          join(f, g, 'other_adult');
        }
      } else if (plan.scenario === 'couple_kids' && plan.extra > 0) {
        const g = adult('F', ageAt(mother, T) + r.int(22, 30), origin, mother.birthFamily);
        const d = r.chance(0.5) ? start : r.int(F, T - 30);
        live(g, h, d);
        join(f, g, 'other_adult', d);
      }
      if (r.chance(0.035)) f.due = T + r.int(14, 200);
      break;
    }
    case 'multi_father': {
      // one father, children by several mothers, each mother in her own home with their children
      const fAge = r.int(28, 50);
      const father = adult('M', fAge);
      const hf = newHome(homeStart());
      live(father, hf, hf.periods[0]?.from ?? F);
      const own = plan.kids[0] ?? 0;
      if (own > 0 || plan.extra > 0) {
        const partner = adult('F', fAge - r.int(0, 8), mateOrigin(origin));
        live(partner, hf, hf.periods[0]?.from ?? F);
        if (own > 0) {
          const fam = newFamily('multi_father');
          join(fam, father, 'parent'); join(fam, partner, 'parent');
          for (const k of bear(partner, father, own, false, father.family, 8)) { live(k, hf, Math.max(k.dob, hf.periods[0]?.from ?? F)); join(fam, k, 'child'); }
        }
      }
      for (let m = 1; m < plan.kids.length; m++) {
        const mother = adult('F', fAge - r.int(-2, 10), r.chance(0.8) ? origin : sampleOrigin(r));
        const h = newHome(homeStart());
        const start = h.periods[0]?.from ?? F;
        live(mother, h, start);
        const fam = newFamily('multi_father');
        join(fam, mother, 'parent');
        join(fam, father, 'non_resident_parent');
        for (const k of bear(mother, father, plan.kids[m] ?? 1, plan.twins && m === 1, r.chance(0.6) ? father.family : mother.family)) {
          live(k, h, start); join(fam, k, 'child');
        }
      }
      break;
    }
    case 'adult_children': {
      const h = newHome(homeStart());
      const start = h.periods[0]?.from ?? F;
      const pAge = r.int(45, 62);
      const mother = adult('F', pAge);
      live(mother, h, start);
      let surname = mother.family;
      if (plan.size - plan.extra === 2) {
        const father = adult('M', pAge + r.int(-2, 5));
        live(father, h, start);
        marry(mother, father, start - r.int(0, 5000));
        surname = father.family;
      }
      const kids = bear(mother, null, plan.extra, false, surname, 29);
      for (const k of kids) live(k, h, start);
      // the eldest adult child leaves home during the window
      const eldest = kids[0];
      if (eldest && ageAt(eldest, T) >= 18 && r.chance(0.5) && slotK < SLOTS_PER_CLUSTER) {
        const d = Math.max(r.int(F, T - 30), eldest.dob + 18 * 365);
        if (d < T) {
          eldest.stays[0]!.to = d;
          live(eldest, newHome(d), d);
        }
      }
      // a family when a child is still under 18 at some point in the window
      if (kids.some((k) => ageAt(k, F) < 18)) {
        const f = newFamily('adult_children');
        for (const p of people) join(f, p, kids.includes(p) ? 'child' : 'parent');
      }
      break;
    }
  }

  // moves: each home may move once or twice in the window (about 9% a year)
  const years = (T - F) / YEAR;
  for (const h of homes) {
    for (let moves = 0; moves < 2; moves++) {
      const last = h.periods[h.periods.length - 1];
      if (!last || !r.chance(0.09 * years / (moves + 1)) || slotK >= SLOTS_PER_CLUSTER) break;
      const lo = Math.max(F, last.from + 60);
      if (lo >= T - 30) break;
      const d = r.int(lo, T - 30);
      const slot = nextSlot();
      last.to = d;
      h.periods.push({ slot, hid: `H${cid}-${h.idx * 10 + h.periods.length}`, from: d, to: OPEN, address: addressOf(slot) });
    }
  }
  return { index: ci, people, homes, families, scenario: plan.scenario };
}

/** Where a person lived on a day: the stay's home period, or null. */
export function periodAt(p: Person, day: number): Period | null {
  for (const s of p.stays) {
    if (day >= s.from && day < s.to) {
      for (const per of s.home.periods) if (day >= per.from && day < per.to) return per;
      return s.home.periods[s.home.periods.length - 1] ?? null;
    }
  }
  const s = p.stays[p.stays.length - 1];
  return s ? (s.home.periods[s.home.periods.length - 1] ?? null) : null;
}

/** The address period before the one the person had on a day (for stale addresses), or null. */
export function previousPeriod(p: Person, day: number): Period | null {
  const all: Period[] = [];
  for (const s of p.stays) for (const per of s.home.periods) if (per.to > s.from && per.from < s.to) all.push(per);
  let prev: Period | null = null;
  for (const per of all) {
    if (day >= per.from && day < per.to) return prev;
    prev = per;
  }
  return null;
}

/** The family name a person used on a day. */
export function familyNameAt(p: Person, day: number): string {
  return p.nameChange > NEVER && day < p.nameChange ? p.birthFamily : p.family;
}
