// A `hearth synth` county loaded straight into a council's tables: people, family units,
// memberships and every true event (as the importer would leave them, coded values as their
// canonical meanings), with deterministic ids, so the same county gives the same ids on PGlite
// and on PostgreSQL. Also returns the synth's own needs (its truth) for end-to-end checks.
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { withSystem, withTenant } from '../src/db/tenant.ts';
import { v5 } from '../src/app/uuid.ts';
import { tenancyRepository } from '../src/domains/tenancy/tenancy.repository.ts';
import { pgArray } from '../src/domains/identification/evaluation.repository.ts';
import { isoDate, parseIso } from '../src/synth/dates.ts';
import { clusterEvents, type Ev, termsIn } from '../src/synth/events.ts';
import { evaluateFamily } from '../src/synth/needs.ts';
import { hashString } from '../src/synth/prng.ts';
import { planCounty } from '../src/synth/generate.ts';
import { buildCluster, OPEN, planCluster, type Person } from '../src/synth/world.ts';

const NS = '6f1c2b7e-3c1a-4d55-9a0e-4b5f8e1d2c3a';
const ROLE: Record<string, string> = { parent: 'parent', step_parent: 'carer', child: 'child', other_adult: 'other_adult', non_resident_parent: 'other_adult' };
const LABEL: Record<string, string> = {
  SUSP: 'suspect', OFF: 'offender', VIC: 'victim', CHG: 'charged or summonsed (proven)', CAU: 'adult caution (proven)', YC: 'youth caution (proven)', YCC: 'youth conditional caution (proven)',
  CMP: 'community resolution', ABC: 'acceptable behaviour contract', CPW: 'community protection warning', NFA: 'no further action',
  JSA: "Jobseeker's Allowance", ESA: 'Employment and Support Allowance', IS: 'Income Support', IB: 'Incapacity Benefit', CA: "Carer's Allowance", SDA: 'Severe Disablement Allowance',
  SFW: 'searching for work (out of work)', PFW: 'planning for work (out of work)', PREP: 'preparing for work (out of work)', WWR: 'working, with requirements', NWR: 'no work-related requirements',
  V: 'victim', P: 'perpetrator', C: 'child in the household', S: 'standard', M: 'medium', H: 'high',
};
const label = (c: string): string => LABEL[c] ?? c;

function attributes(e: Ev): Record<string, unknown> {
  switch (e.type) {
    case 'school.attendance': return { term: e.term, school: e.school, sessions_possible: e.n1, sessions_missed: e.n2, sessions_unauthorised: e.n3 };
    case 'school.suspension': return { sessions: e.n1, reason: e.detail, school: e.school };
    case 'school.permanent_exclusion': return { reason: e.detail, school: e.school };
    case 'police.asb_incident': case 'police.offence': return { role: label(e.role), outcome: label(e.term), offence_code: e.detail };
    case 'yot.youth_offending': return { disposal: e.code };
    case 'dwp.out_of_work_benefit': return { benefit: label(e.code) };
    case 'dwp.universal_credit': return { conditionality: label(e.code) };
    // The housing action code is the event type's column; an ASB notice keeps it as `reason`.
    case 'housing.notice_seeking_possession': return e.code === 'ASBW' ? { reason: 'anti-social behaviour', arrears_balance: e.n1 } : { arrears_balance: e.n1 };
    case 'housing.rent_arrears': case 'housing.eviction': return { arrears_balance: e.n1 };
    case 'health.mental_health_contact': return { team: e.code, contacts: e.n1 };
    case 'health.substance_misuse': return { substance: e.code };
    case 'police.domestic_abuse_incident': return { role: label(e.role), risk: label(e.code), repeat: e.detail };
    default: return { code: e.code, detail: e.detail };
  }
}

export interface LoadedPopulation {
  localAuthorityId: string;
  people: number;
  families: number;
  memberships: number;
  events: number;
  /** events refused as the importer would (end before start) */
  refused: number;
  /** framework → set of "familyId|headline|personId" from the synth's own evaluation at --to */
  truth: Map<string, Set<string>>;
  seconds: number;
}

export async function loadPopulation(db: Db, options: { people: number; seed: string; from: string; to: string; code: string; onProgress?: (people: number) => void }): Promise<LoadedPopulation> {
  const t0 = performance.now();
  const from = parseIso(options.from) as number, to = parseIso(options.to) as number;
  const seed = hashString(options.seed);
  const plan = planCounty(seed, options.people);
  const cfg = { seed, from, to, totalClusters: Math.max(1, plan.clusters) };
  const terms = termsIn(from, to);
  const la = await withSystem(db, (tx) => tenancyRepository.insertCouncil(tx, { code: options.code, name: `${options.code} bench council` }));
  const pid = (p: Person) => v5(`person:${p.id}`, NS);
  const truth = new Map<string, Set<string>>();
  let people: string[][] = [], families: string[][] = [], members: Array<Array<string | null>> = [], events: Array<Array<string | null>> = [];
  let nPeople = 0, nFamilies = 0, nMembers = 0, nEvents = 0, buffered = 0, refused = 0;

  const flush = async () => {
    if (buffered === 0) return;
    const P = people, F = families, M = members, E = events;
    people = []; families = []; members = []; events = []; buffered = 0;
    const col = <T>(rows: T[][], i: number) => pgArray(rows.map((r) => r[i] as string | null));
    await withTenant(db, la, async (tx) => {
      for (let i = 0; i < P.length; i += 20000) {
        const c = P.slice(i, i + 20000);
        await sql`insert into person (local_authority_id, id, given_name, family_name, date_of_birth, sex) select ${la}::uuid, * from unnest(${col(c, 0)}::uuid[], ${col(c, 1)}::text[], ${col(c, 2)}::text[], ${col(c, 3)}::date[], ${col(c, 4)}::text[])`.execute(tx);
      }
      for (let i = 0; i < F.length; i += 20000) {
        const c = F.slice(i, i + 20000);
        await sql`insert into family_unit (local_authority_id, id, reference, name, locality) select ${la}::uuid, * from unnest(${col(c, 0)}::uuid[], ${col(c, 1)}::text[], ${col(c, 2)}::text[], ${col(c, 3)}::text[])`.execute(tx);
      }
      for (let i = 0; i < M.length; i += 20000) {
        const c = M.slice(i, i + 20000);
        await sql`insert into membership (local_authority_id, family_unit_id, person_id, role, from_date, to_date) select ${la}::uuid, * from unnest(${col(c, 0)}::uuid[], ${col(c, 1)}::uuid[], ${col(c, 2)}::text[], ${col(c, 3)}::date[], ${col(c, 4)}::date[])`.execute(tx);
      }
      for (let i = 0; i < E.length; i += 20000) {
        const c = E.slice(i, i + 20000);
        await sql`insert into event (local_authority_id, id, type, occurred_on, ended_on, person_id, origin, attributes) select ${la}::uuid, i, t, o, e, p, 'import', a::jsonb from unnest(${col(c, 0)}::uuid[], ${col(c, 1)}::text[], ${col(c, 2)}::date[], ${col(c, 3)}::date[], ${col(c, 4)}::uuid[], ${col(c, 5)}::text[]) as x(i, t, o, e, p, a)`.execute(tx);
      }
    });
    options.onProgress?.(nPeople);
  };

  for (let ci = 0; ci < plan.clusters; ci++) {
    const c = buildCluster(cfg, ci, planCluster(seed, ci, ci >= plan.forceSingleFrom));
    const { events: evs } = clusterEvents(seed, c, from, to, terms);
    for (const p of c.people) people.push([pid(p), p.given, p.family, isoDate(p.dob), p.sex]);
    nPeople += c.people.length;
    const byPerson = new Map<Person, Ev[]>();
    evs.forEach((e, i) => {
      const l = byPerson.get(e.person);
      if (l) l.push(e); else byPerson.set(e.person, [e]);
      // The importer refuses a row that ends before it starts (synth writes a few): so do we.
      if (e.end >= 0 && e.end < OPEN && e.end < e.day) { refused++; return; }
      const id = v5(`event:${ci}:${i}`, NS);
      events.push([id, e.type, isoDate(e.day), e.end < 0 || e.end >= OPEN ? null : isoDate(e.end), pid(e.person), JSON.stringify(attributes(e))]);
      nEvents++;
    });
    for (const f of c.families) {
      const fid = v5(`family:${f.id}`, NS);
      families.push([fid, f.id, `${f.members[0]?.person.family ?? 'Unnamed'} family`, `Locality ${ci % 12}`]);
      nFamilies++;
      for (const m of f.members) {
        // synth's membership ends are exclusive; Hearth's to_date is the last day of membership
        const last = m.to >= OPEN ? null : m.to - 1;
        if (last !== null && last < m.from) continue;
        members.push([fid, pid(m.person), ROLE[m.role] ?? 'other_adult', isoDate(m.from), last === null ? null : isoDate(last)]);
        nMembers++;
      }
      for (const n of evaluateFamily(f, byPerson, to, terms)) {
        let s = truth.get(n.framework);
        if (!s) truth.set(n.framework, (s = new Set()));
        s.add(`${fid}|${n.need}|${pid(n.person)}`);
      }
    }
    buffered += c.people.length;
    if (buffered >= 25000) await flush();
  }
  await flush();
  // Statistics for the planner, as autovacuum would gather them (only the owner may analyse).
  await withSystem(db, (tx) => sql`analyze person, family_unit, membership, event`.execute(tx));
  return { localAuthorityId: la, people: nPeople, families: nFamilies, memberships: nMembers, events: nEvents, refused, truth, seconds: (performance.now() - t0) / 1000 };
}

/** The run's needs as "familyId|headline|personId", to compare with the synth's truth. */
export async function runNeeds(db: Db, la: string, runId: string): Promise<Set<string>> {
  const rows = await withTenant(db, la, (tx) => sql<{ k: string }>`select distinct family_unit_id || '|' || headline || '|' || coalesce(person_id::text, '-') as k from evaluation_need where run_id = ${runId}`.execute(tx));
  return new Set(rows.rows.map((r) => r.k));
}

export function compareSets(found: Set<string>, truth: Set<string>): { both: number; onlyFound: number; onlyTruth: number; examplesFound: string[]; examplesTruth: string[] } {
  let both = 0;
  const onlyFound: string[] = [];
  for (const k of found) if (truth.has(k)) both++; else onlyFound.push(k);
  const onlyTruth = [...truth].filter((k) => !found.has(k));
  return { both, onlyFound: onlyFound.length, onlyTruth: onlyTruth.length, examplesFound: onlyFound.slice(0, 3), examplesTruth: onlyTruth.slice(0, 3) };
}
