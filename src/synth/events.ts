// True events: what happened to each person, before any source writes it down. Needs are planted
// family by family (a realistic minority, correlated), on top of ordinary background events for
// everyone (every pupil's attendance every term, in-work Universal Credit, old closed episodes …).
import { civil, dayNumber } from './dates.ts';
import { Rng, Weighted } from './prng.ts';
import { type Cluster, type Family, type Person, ageAt, OPEN, periodAt } from './world.ts';

export interface Term { code: string; start: number; end: number; possible: number }

/** School terms wholly inside [from, to]: AUT (Sep–Dec), SPR (Jan–Mar), SUM (Apr–Jul), coded by academic year. */
export function termsIn(from: number, to: number): Term[] {
  const out: Term[] = [];
  const [fy] = civil(from);
  const [ty] = civil(to);
  for (let y = fy - 1; y <= ty; y++) {
    const terms: Term[] = [
      { code: `AUT${y}`, start: dayNumber(y, 9, 4), end: dayNumber(y, 12, 20), possible: 142 },
      { code: `SPR${y}`, start: dayNumber(y + 1, 1, 6), end: dayNumber(y + 1, 3, 28), possible: 116 },
      { code: `SUM${y}`, start: dayNumber(y + 1, 4, 15), end: dayNumber(y + 1, 7, 22), possible: 128 },
    ];
    for (const t of terms) if (t.start >= from && t.end <= to) out.push(t);
  }
  return out;
}

export interface Ev {
  source: string;
  type: string;
  person: Person;
  day: number;
  /** End day, or -1 when the event has none, or OPEN when still open. */
  end: number;
  /** Seconds into the day, for sources that record a time. */
  secs: number;
  /** Role of the person in the event: suspect, offender, victim, perpetrator, child, tenant, claimant … */
  role: string;
  /** Source-level code (exclusion category, benefit, outcome, team, episode type …). */
  code: string;
  /** Further coded detail (reason, offence class, CP category, risk …). */
  detail: string;
  /** Numbers: sessions possible / missed / unauthorised, arrears balance, contacts. */
  n1: number;
  n2: number;
  n3: number;
  /** Term code for attendance, school DfE number for school events. */
  term: string;
  school: string;
  /** Record id, assigned when written. */
  id: string;
}

function ev(source: string, type: string, person: Person, day: number, init: Partial<Ev> = {}): Ev {
  return { source, type, person, day, end: -1, secs: 0, role: '', code: '', detail: '', n1: 0, n2: 0, n3: 0, term: '', school: '', id: '', ...init };
}

export type Need = 'attendance' | 'exclusion' | 'youth_crime' | 'asb' | 'adult_crime' | 'worklessness' | 'csc' | 'da' | 'mh' | 'substance' | 'housing';

const FIRST_NEED = new Weighted<Need>([
  ['attendance', 18], ['worklessness', 16], ['mh', 14], ['housing', 9], ['asb', 8], ['csc', 8], ['da', 8], ['exclusion', 6],
  ['substance', 5], ['youth_crime', 4], ['adult_crime', 4],
]);
/** Needs that travel together: given one, the others are this many times likelier. */
const CORRELATED: Record<Need, Need[]> = {
  attendance: ['exclusion', 'csc', 'mh', 'worklessness'], exclusion: ['asb', 'youth_crime', 'attendance'],
  youth_crime: ['asb', 'exclusion', 'attendance'], asb: ['youth_crime', 'exclusion', 'housing'],
  adult_crime: ['substance', 'da', 'worklessness'], worklessness: ['housing', 'mh', 'attendance'],
  csc: ['da', 'attendance', 'mh'], da: ['mh', 'csc', 'substance'], mh: ['da', 'worklessness', 'substance'],
  substance: ['mh', 'adult_crime', 'da'], housing: ['worklessness', 'asb', 'mh'],
};

/** Complexity level: 0 no planted need, 1 one, 2+ several. Lone-parent and blended families carry more. */
function drawLevel(r: Rng, scenario: string): number {
  const risk = scenario === 'lone_parent' || scenario === 'multi_father' ? 1.8 : scenario === 'blended' ? 1.5 : scenario === 'expectant' ? 0.8 : 1;
  const x = r.next();
  if (x < 0.007 * risk) return r.int(4, 6);
  if (x < 0.016 * risk) return 3;
  if (x < 0.028 * risk) return 2;
  if (x < 0.15 * risk) return 1;
  return 0;
}

export function drawNeeds(r: Rng, level: number): Need[] {
  const out: Need[] = [];
  while (out.length < level) {
    let n: Need;
    const last = out[out.length - 1];
    if (last && r.chance(0.6)) n = r.pick(CORRELATED[last]);
    else n = FIRST_NEED.sample(r);
    if (!out.includes(n)) out.push(n);
    else if (out.length > 8) break;
  }
  return out;
}

const HOUR = 3600;

/** A need a family had in the past (by the simple readings of needs.ts), present from `from` to `to` inclusive. */
export interface PastNeed { need: string; person: Person; from: number; to: number; evidence: Ev[] }

export interface ClusterEvents { events: Ev[]; needs: Map<Family, Need[]>; past: Map<Family, PastNeed[]> }

/**
 * Every true event of a cluster, in a stable order. With `pastShare` > 0, that share of the
 * families with no planted need had three or four needs about two years before --to that have
 * since resolved (see plantPastNeeds); their events come last, so every other row is unchanged.
 */
export function clusterEvents(seed: number, c: Cluster, from: number, to: number, terms: Term[], pastShare = 0): ClusterEvents {
  const r = new Rng(seed, 3, c.index);
  const T = to;
  const events: Ev[] = [];
  const recent = (): number => r.int(T - 330, T - 3);
  const older = (): number => r.int(from, Math.max(from, T - 420));
  const atTime = (): number => r.int(7, 23) * HOUR + r.int(0, 59) * 60;
  const absence = new Map<Person, { base: number; unauth: number; bad: number; badFrom: number }>();
  for (const p of c.people) {
    if (!p.upn) continue;
    const prone = r.chance(0.06);
    absence.set(p, { base: prone ? 0.07 + r.next() * 0.08 : 0.02 + 0.06 * r.next() ** 2, unauth: prone ? 0.5 : 0.2 + 0.2 * r.next(), bad: 0, badFrom: OPEN });
  }
  const pupilAt = (p: Person, day: number): boolean => { if (!p.upn) return false; const a = ageAt(p, day); return a >= 4 && a <= 16; };
  const adultsOf = (f: Family): Person[] => f.members.filter((m) => m.role !== 'child' && ageAt(m.person, T) >= 18 && m.to > T).map((m) => m.person);
  const kidsOf = (f: Family): Person[] => f.members.filter((m) => m.role === 'child' && ageAt(m.person, T) < 18).map((m) => m.person);
  const female = (ps: Person[]): Person | undefined => ps.find((p) => p.sex === 'F') ?? ps[0];
  const male = (f: Family): Person | undefined => f.members.find((m) => m.role !== 'child' && m.person.sex === 'M' && ageAt(m.person, T) >= 18)?.person;
  const schoolOf = (p: Person, day: number): string => {
    const per = periodAt(p, day);
    const street = per ? Math.floor(per.slot / 48) : 0;
    const secondary = ageAt(p, day) >= 11;
    return `960${secondary ? 4000 + (street % 9) : 2000 + (street % 47)}`;
  };

  const plant: Record<Need, (f: Family) => boolean> = {
    attendance(f) {
      const k = kidsOf(f).filter((p) => pupilAt(p, T - 200));
      if (k.length === 0) return false;
      for (const p of k.slice(0, r.int(1, k.length))) {
        const a = absence.get(p);
        if (a) { a.bad = 0.11 + r.next() * 0.25; a.badFrom = T - r.int(380, 600); a.unauth = 0.55 + r.next() * 0.35; }
      }
      return true;
    },
    exclusion(f) {
      const k = kidsOf(f).filter((p) => pupilAt(p, T - 200) && ageAt(p, T) >= 8);
      const p = k.length ? r.pick(k) : undefined;
      if (!p) return false;
      const n = r.int(1, 4);
      for (let i = 0; i < n; i++) {
        const d = r.int(T - 330, T - 5);
        events.push(ev('school_exclusions', 'school.suspension', p, d, { code: 'FIXD', detail: r.pick(['PP', 'PA', 'VA', 'VP', 'DM', 'BU', 'DA']), n1: r.int(1, 10), school: schoolOf(p, d) }));
      }
      if (r.chance(0.15)) { const d = r.int(T - 200, T - 5); events.push(ev('school_exclusions', 'school.permanent_exclusion', p, d, { code: 'PERM', detail: r.pick(['PA', 'PP', 'DA', 'OW']), school: schoolOf(p, d) })); }
      return true;
    },
    youth_crime(f) {
      const k = kidsOf(f).filter((p) => ageAt(p, T) >= 11);
      const p = k.length ? r.pick(k) : undefined;
      if (!p) return false;
      const d = recent();
      const outcome = r.pick(['YC', 'YCC', 'CHG', 'CHG']);
      events.push(ev('police_asb_crime', 'police.offence', p, d, { role: 'OFF', code: 'CRIME', detail: r.pick(['104/30', '105/01', '058/01', '030/01', '028/01', '092/00']), n1: 0, term: outcome, secs: atTime() }));
      events.push(ev('yjs_youth_offending', 'yot.youth_offending', p, d + r.int(10, 60), { code: outcome === 'CHG' ? r.pick(['RO', 'YRO']) : outcome, end: d + r.int(180, 365) }));
      return true;
    },
    asb(f) {
      const cands = [...kidsOf(f).filter((p) => ageAt(p, T) >= 10), ...adultsOf(f)];
      const p = cands.length ? r.pick(cands) : undefined;
      if (!p) return false;
      const n = r.int(1, 4);
      for (let i = 0; i < n; i++) events.push(ev('police_asb_crime', 'police.asb_incident', p, recent(), { role: 'SUSP', code: 'ASB', detail: r.pick(['ASBP', 'ASBN', 'ASBE']), term: r.pick(['CMP', 'NFA', 'ABC', 'CPW']), secs: atTime() }));
      if (r.chance(0.3)) {
        const tenant = female(adultsOf(f));
        if (tenant) events.push(ev('housing', 'housing.notice_seeking_possession', tenant, recent(), { code: 'ASBW', n1: 0 }));
      }
      return true;
    },
    adult_crime(f) {
      const p = male(f) ?? adultsOf(f)[0];
      if (!p) return false;
      events.push(ev('police_asb_crime', 'police.offence', p, recent(), { role: 'OFF', code: 'CRIME', detail: r.pick(['008/01', '037/02', '046/00', '092/00', '105/01', '010/00']), term: r.pick(['CHG', 'CHG', 'CAU']), secs: atTime() }));
      return true;
    },
    worklessness(f) {
      const ad = adultsOf(f);
      if (ad.length === 0) return false;
      const p = female(ad) as Person;
      if (r.chance(0.55)) events.push(ev('dwp_benefits', 'dwp.out_of_work_benefit', p, T - r.int(90, 2000), { code: r.pick(['ESA', 'ESA', 'IS', 'JSA', 'IB', 'CA']), end: OPEN }));
      else events.push(ev('dwp_universal_credit', 'dwp.universal_credit', p, T - r.int(60, 1200), { code: r.pick(['SFW', 'SFW', 'PFW', 'PREP', 'NWR']), end: OPEN }));
      if (ad.length > 1 && r.chance(0.4)) {
        const q = ad.find((x) => x !== p) as Person;
        events.push(ev('dwp_benefits', 'dwp.out_of_work_benefit', q, T - r.int(90, 1500), { code: r.pick(['JSA', 'ESA', 'CA']), end: OPEN }));
      }
      return true;
    },
    csc(f) {
      const k = kidsOf(f);
      if (k.length === 0) return false;
      const start = T - r.int(40, 330);
      const type = r.next();
      for (const p of k) {
        if (type < 0.6) events.push(ev('childrens_social_care', 'csc.child_in_need', p, start, { code: 'CIN', detail: r.pick(['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N8']), end: r.chance(0.5) ? OPEN : start + r.int(30, 200) }));
        else if (type < 0.92) events.push(ev('childrens_social_care', 'csc.child_protection_plan', p, start, { code: 'CPP', detail: r.pick(['NEG', 'EMO', 'PHY', 'SAB', 'MUL']), end: r.chance(0.6) ? OPEN : start + r.int(90, 300) }));
        else if (p === k[0]) events.push(ev('childrens_social_care', 'csc.looked_after', p, start, { code: 'CLA', detail: r.pick(['C2', 'V2', 'E1', 'C1']), end: OPEN }));
      }
      return true;
    },
    da(f) {
      const ad = adultsOf(f);
      const victim = ad.find((p) => p.sex === 'F');
      if (!victim) return false;
      const perp = f.members.find((m) => m.person.sex === 'M' && m.role !== 'child' && ageAt(m.person, T) >= 18)?.person;
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) {
        const d = recent();
        const secs = atTime();
        const risk = r.pick(['S', 'M', 'M', 'H']);
        const rep = i > 0 ? 'Y' : 'N';
        events.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', victim, d, { role: 'V', code: risk, detail: rep, secs }));
        if (perp) events.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', perp, d, { role: 'P', code: risk, detail: rep, secs }));
        for (const k of kidsOf(f)) if (k.dob < d) events.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', k, d, { role: 'C', code: risk, detail: rep, secs }));
      }
      return true;
    },
    mh(f) {
      const cands = [...adultsOf(f), ...kidsOf(f).filter((p) => ageAt(p, T) >= 8)];
      const p = r.chance(0.75) ? (female(adultsOf(f)) ?? cands[0]) : r.pick(cands);
      if (!p) return false;
      const d = recent();
      const team = ageAt(p, d) < 18 ? 'CAMHS' : r.pick(['AMHT', 'TALK', 'TALK', 'CRHT', 'PMH']);
      events.push(ev('health_mental_health', 'health.mental_health_contact', p, d, { code: team, n1: r.int(1, 14), end: r.chance(0.5) ? OPEN : Math.min(T - 1, d + r.int(30, 200)) }));
      return true;
    },
    substance(f) {
      const ad = adultsOf(f);
      const p = male(f) ?? ad[0];
      if (!p) return false;
      const d = recent();
      events.push(ev('substance_misuse', 'health.substance_misuse', p, d, { code: r.pick(['ALC', 'ALC', 'OPI', 'CRK', 'CAN', 'COC']), end: r.chance(0.6) ? OPEN : Math.min(T - 1, d + r.int(40, 250)), detail: '' }));
      return true;
    },
    housing(f) {
      const p = female(adultsOf(f));
      if (!p) return false;
      const x = r.next();
      if (x < 0.75) {
        const d = recent();
        events.push(ev('housing', 'housing.rent_arrears', p, d, { code: 'ARR', n1: r.int(400, 3200) }));
        if (r.chance(0.45)) events.push(ev('housing', 'housing.notice_seeking_possession', p, Math.min(T - 1, d + r.int(20, 90)), { code: 'NOSP', n1: r.int(900, 4000) }));
        if (r.chance(0.08)) events.push(ev('housing', 'housing.eviction', p, Math.min(T - 1, d + r.int(100, 200)), { code: 'EVIC', n1: r.int(1500, 5000) }));
      } else {
        const d = recent();
        events.push(ev('housing', 'housing.homelessness', p, d, { code: r.pick(['HPREV', 'HRELF']), end: r.chance(0.5) ? OPEN : d + r.int(30, 120) }));
        if (r.chance(0.4)) events.push(ev('housing', 'housing.homelessness', p, d + r.int(5, 40), { code: 'TA', end: OPEN }));
      }
      return true;
    },
  };

  const needs = new Map<Family, Need[]>();
  for (const f of c.families) {
    f.level = drawLevel(r, f.scenario);
    const wanted = drawNeeds(r, f.level);
    const done: Need[] = [];
    for (const n of wanted) if (plant[n](f)) done.push(n);
    needs.set(f, done);
  }

  // background: ordinary contacts for everyone, mostly old, closed, in-work or as a victim
  for (const p of c.people) {
    const age = ageAt(p, T);
    if (age >= 18) {
      const x = r.next();
      if (x < 0.12) events.push(ev('dwp_universal_credit', 'dwp.universal_credit', p, older(), { code: r.pick(['WWR', 'NWR', 'WWR', 'SFW']), end: r.chance(0.5) ? OPEN : T - r.int(200, 400) }));
      else if (x < 0.17) { const d = older(); events.push(ev('dwp_benefits', 'dwp.out_of_work_benefit', p, d, { code: r.pick(['JSA', 'ESA', 'IS']), end: Math.min(T - 200, d + r.int(60, 500)) })); }
      else if (x < 0.185 && age >= 60) events.push(ev('dwp_benefits', 'dwp.out_of_work_benefit', p, T - r.int(400, 3000), { code: r.pick(['ESA', 'CA', 'SDA']), end: OPEN }));
      if (r.chance(0.035)) { const d = older(); events.push(ev('health_mental_health', 'health.mental_health_contact', p, d, { code: 'TALK', n1: r.int(1, 8), end: d + r.int(40, 150) })); }
      if (r.chance(0.012)) events.push(ev('health_mental_health', 'health.mental_health_contact', p, recent(), { code: r.pick(['TALK', 'AMHT']), n1: r.int(1, 6), end: OPEN }));
      if (r.chance(0.02)) events.push(ev('police_asb_crime', 'police.offence', p, r.int(from, T - 3), { role: 'VIC', code: 'CRIME', detail: r.pick(['028/01', '030/01', '126/00', '058/01', '045/00']), term: 'NFA', secs: atTime() }));
      if (r.chance(0.008)) events.push(ev('police_asb_crime', 'police.asb_incident', p, r.int(from, T - 3), { role: 'VIC', code: 'ASB', detail: 'ASBP', term: 'NFA', secs: atTime() }));
      if (r.chance(0.006)) events.push(ev('police_asb_crime', 'police.asb_incident', p, older(), { role: 'SUSP', code: 'ASB', detail: 'ASBN', term: 'CMP', secs: atTime() }));
      if (r.chance(0.004)) events.push(ev('substance_misuse', 'health.substance_misuse', p, older(), { code: r.pick(['ALC', 'CAN']), end: T - r.int(430, 600) }));
      if (r.chance(0.012)) events.push(ev('housing', 'housing.rent_arrears', p, older(), { code: 'ARR', n1: r.int(150, 600) }));
    } else if (age >= 0) {
      if (r.chance(0.004)) { const d = older(); events.push(ev('childrens_social_care', 'csc.child_in_need', p, d, { code: 'CIN', detail: r.pick(['N1', 'N6', 'N8', 'N9']), end: Math.min(T - 400, d + r.int(60, 300)) })); }
      if (p.upn && age >= 11 && r.chance(0.012)) { const d = older(); events.push(ev('school_exclusions', 'school.suspension', p, d, { code: r.pick(['FIXD', 'LNCH']), detail: r.pick(['PP', 'VA', 'OT']), n1: 1, school: schoolOf(p, d) })); }
    }
  }

  // attendance: every pupil, every term
  for (const p of c.people) {
    const a = absence.get(p);
    if (!a) continue;
    for (const t of terms) {
      const [y] = civil(t.start);
      const academicYear = t.code.startsWith('AUT') ? y : y - 1;
      const ageAug = ageAt(p, dayNumber(academicYear, 8, 31));
      if (ageAug < 4 || ageAug > 15) continue;
      if (!periodAt(p, t.start)) continue;
      let rate = Math.max(0, a.base + r.normal(0, 0.015));
      let unauth = a.unauth;
      if (t.end >= a.badFrom) { rate = a.bad + r.normal(0, 0.03); unauth = a.unauth; }
      rate = Math.min(0.9, Math.max(0, rate));
      const possible = t.possible - r.int(0, 4) * 2;
      const missed = Math.round(possible * rate);
      const un = Math.min(missed, Math.round(missed * Math.min(1, Math.max(0, unauth + r.normal(0, 0.08)))));
      events.push(ev('school_census', 'school.attendance', p, t.start, { end: t.end, term: t.code, n1: possible, n2: missed, n3: un, code: String(ageAug - 4), school: schoolOf(p, t.start) }));
    }
  }
  const past = pastShare > 0 ? plantPastNeeds(new Rng(seed, 7, c.index), c, from, T, pastShare) : { events: [], past: new Map<Family, PastNeed[]>() };
  events.push(...past.events);
  return { events, needs, past: past.past };
}

type PastKind = 'da' | 'mh' | 'housing' | 'worklessness' | 'asb' | 'csc' | 'substance' | 'youth_crime';
const PAST_KINDS = new Weighted<PastKind>([['da', 10], ['mh', 12], ['housing', 10], ['worklessness', 12], ['asb', 7], ['csc', 8], ['substance', 5], ['youth_crime', 4]]);

/**
 * Families whose troubles are behind them: about two years before --to (day P) a family had three
 * or four needs at once (incidents and episodes in the nine months before P, an out-of-work benefit
 * still open at P), and nothing since. By the 12-month readings every need has gone within a year
 * of P, so a family worked with from about P and closed after that shows its outcomes met and
 * sustained at --to. Only families with no planted need, children under 16 at P and every member in
 * the county since well before P are chosen.
 */
function plantPastNeeds(r: Rng, c: Cluster, from: number, T: number, share: number): { events: Ev[]; past: Map<Family, PastNeed[]> } {
  const events: Ev[] = [];
  const past = new Map<Family, PastNeed[]>();
  const atTime = (): number => r.int(8, 22) * HOUR + r.int(0, 59) * 60;
  for (const f of c.families) {
    if (f.level > 0 || !r.chance(share)) continue;
    const P = T - r.int(640, 900);
    if (P - 400 < from) continue;
    const settled = f.members.filter((m) => m.from <= P - 400 && m.to > T && periodAt(m.person, P - 300) !== null);
    if (settled.length !== f.members.filter((m) => m.to > T).length) continue;
    const kids = settled.filter((m) => m.role === 'child' && ageAt(m.person, P) >= 2 && ageAt(m.person, P) < 16).map((m) => m.person);
    const adults = settled.filter((m) => m.role !== 'child' && ageAt(m.person, P - 400) >= 18).map((m) => m.person);
    const mother = adults.find((p) => p.sex === 'F');
    const man = adults.find((p) => p.sex === 'M');
    if (kids.length === 0 || !mother) continue;
    const want = 3 + (r.chance(0.35) ? 1 : 0);
    const rows: PastNeed[] = [];
    const kinds = new Set<PastKind>();
    for (let tries = 0; kinds.size < want && tries < 30; tries++) {
      const k = PAST_KINDS.sample(r);
      if (kinds.has(k)) continue;
      const made = plantPast(k);
      if (made.length > 0) {
        kinds.add(k);
        rows.push(...made);
      }
    }
    if (new Set(rows.map((x) => x.need)).size < 3) {
      // Not enough for the family to have been found: drop what was drawn.
      events.splice(events.length - rows.reduce((n, x) => n + x.evidence.length, 0));
      continue;
    }
    past.set(f, rows);

    function plantPast(k: PastKind): PastNeed[] {
      const out: PastNeed[] = [];
      // Present from the first event until 12 months after the last (after its end, for an episode).
      const incident = (evs: Ev[], need: string, episode = false): void => {
        for (const e of evs) events.push(e);
        const byPerson = new Map<Person, Ev[]>();
        for (const e of evs) byPerson.set(e.person, [...(byPerson.get(e.person) ?? []), e]);
        for (const [p, list] of byPerson) out.push({ need, person: p, from: Math.min(...list.map((e) => e.day)), to: Math.max(...list.map((e) => (episode ? e.end : e.day))) + 364, evidence: list });
      };
      switch (k) {
        case 'da': {
          const evs: Ev[] = [];
          const n = r.int(1, 2);
          for (let i = 0; i < n; i++) {
            const d = r.int(P - 240, P - 30);
            const secs = atTime();
            const risk = r.pick(['S', 'M', 'M', 'H']);
            const rep = i > 0 ? 'Y' : 'N';
            evs.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', mother as Person, d, { role: 'V', code: risk, detail: rep, secs }));
            if (man) evs.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', man, d, { role: 'P', code: risk, detail: rep, secs }));
            for (const kid of kids) if (kid.dob < d) evs.push(ev('police_domestic_abuse', 'police.domestic_abuse_incident', kid, d, { role: 'C', code: risk, detail: rep, secs }));
          }
          incident(evs, 'domestic_abuse');
          break;
        }
        case 'mh': {
          const d = r.int(P - 300, P - 180);
          incident([ev('health_mental_health', 'health.mental_health_contact', mother as Person, d, { code: r.pick(['AMHT', 'TALK', 'TALK', 'PMH']), n1: r.int(3, 12), end: d + r.int(60, 150) })], 'health', true);
          break;
        }
        case 'housing': {
          const d = r.int(P - 250, P - 90);
          const evs = [ev('housing', 'housing.rent_arrears', mother as Person, d, { code: 'ARR', n1: r.int(400, 2500) })];
          if (r.chance(0.45)) evs.push(ev('housing', 'housing.notice_seeking_possession', mother as Person, d + r.int(20, 60), { code: 'NOSP', n1: r.int(900, 3000) }));
          incident(evs, 'housing');
          break;
        }
        case 'worklessness': {
          const d = P - r.int(200, 700);
          const e = ev('dwp_benefits', 'dwp.out_of_work_benefit', mother as Person, d, { code: r.pick(['ESA', 'IS', 'JSA', 'JSA']), end: P + r.int(45, 150) });
          events.push(e);
          out.push({ need: 'financial_stability', person: mother as Person, from: d, to: e.end - 1, evidence: [e] });
          break;
        }
        case 'asb': {
          const who = [...kids.filter((p) => ageAt(p, P) >= 10), ...adults];
          const p = who.length ? r.pick(who) : undefined;
          if (!p) break;
          const n = r.int(1, 3);
          incident(Array.from({ length: n }, () => ev('police_asb_crime', 'police.asb_incident', p, r.int(P - 270, P - 30), { role: 'SUSP', code: 'ASB', detail: r.pick(['ASBP', 'ASBN', 'ASBE']), term: r.pick(['CMP', 'NFA', 'ABC', 'CPW']), secs: atTime() })), 'crime');
          break;
        }
        case 'csc': {
          const d = r.int(P - 300, P - 150);
          const end = d + r.int(40, 120);
          const evs = kids.map((p) => ev('childrens_social_care', 'csc.child_in_need', p, d, { code: 'CIN', detail: r.pick(['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N8']), end }));
          incident(evs, 'children_safe', true);
          break;
        }
        case 'substance': {
          const p = man ?? (r.chance(0.3) ? mother : undefined);
          if (!p) break;
          const d = r.int(P - 300, P - 180);
          incident([ev('substance_misuse', 'health.substance_misuse', p, d, { code: r.pick(['ALC', 'ALC', 'CAN', 'COC']), end: d + r.int(40, 120), detail: '' })], 'substance_use', true);
          break;
        }
        case 'youth_crime': {
          const who = kids.filter((p) => ageAt(p, P) >= 12);
          const p = who.length ? r.pick(who) : undefined;
          if (!p) break;
          const d = r.int(P - 270, P - 90);
          const outcome = r.pick(['YC', 'YCC', 'CHG']);
          const y = d + r.int(10, 40);
          incident([
            ev('police_asb_crime', 'police.offence', p, d, { role: 'OFF', code: 'CRIME', detail: r.pick(['104/30', '105/01', '058/01', '030/01']), term: outcome, secs: atTime() }),
            ev('yjs_youth_offending', 'yot.youth_offending', p, y, { code: outcome === 'CHG' ? 'RO' : outcome, end: y + r.int(120, 200) }),
          ], 'crime');
          break;
        }
      }
      return out;
    }
  }
  return { events, past };
}
