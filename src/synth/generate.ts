// Orchestration: plan the county, then cluster by cluster build people and homes, draw their
// events, write every source row (with errors) and the ground truth. Deterministic in the seed:
// every random stream is keyed by (seed, purpose, cluster index).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoDate } from './dates.ts';
import { DUPLICATE_FACTOR, ERROR_KINDS, type ErrorKind, identifierTypo, MALFORMED_FACTOR, nickname, phonetic, postcodeError, PREVIOUS_NAME_RATE, stripDiacritics, typo } from './errors.ts';
import { clusterEvents, type Ev, termsIn } from './events.ts';
import type { Manifest } from './manifest.ts';
import { distinctNeeds, evaluateFamily, FRAMEWORK_NEEDS, hasDependentChildren } from './needs.ts';
import { addressText } from './places.ts';
import { hashString, Rng } from './prng.ts';
import { buildSources, type IdView, type SourceDef } from './sources.ts';
import { FileWriter, csvLine } from './writer.ts';
import { buildCluster, type Cluster, familyNameAt, NEVER, OPEN, periodAt, type Person, planCluster, previousPeriod, type WorldConfig } from './world.ts';
import { writeXlsxVariant } from './xlsx.ts';
import { TRUTH_README } from './truth-readme.ts';

export interface SynthOptions {
  people: number;
  seed: string;
  out: string;
  errorRate: number;
  from: number;
  to: number;
  /** Share of the families with no planted need that had needs about two years before --to, since resolved (default 0: none). */
  pastNeeds?: number;
  onProgress?: (peopleDone: number) => void;
}

export interface SynthSummary {
  people: number;
  clusters: number;
  households: number;
  families: number;
  familiesWithDependentChildren: number;
  /** framework → [families with ≥1, ≥2, ≥3 distinct needs] among families with dependent children. */
  needs: Record<string, [number, number, number]>;
  rows: Record<string, number>;
  /** Families given past, resolved needs (only with pastNeeds > 0). */
  familiesWithPastNeeds?: number;
}

/** A keyed permutation of 48-bit integers (4-round Feistel), so record ids reveal nothing. */
export function scramble(x: number, key: number): number {
  let l = Math.floor(x / 0x1000000) & 0xffffff;
  let r = x & 0xffffff;
  for (let i = 0; i < 4; i++) {
    let f = Math.imul(r ^ key ^ (i * 0x9e3779b9), 0x45d9f3b);
    f = Math.imul(f ^ (f >>> 13), 0x2c1b3c6d);
    f = (f ^ (f >>> 15)) & 0xffffff;
    const nl = r;
    r = l ^ f;
    l = nl;
  }
  return l * 0x1000000 + r;
}

interface Plan { clusters: number; forceSingleFrom: number }

/** How many clusters make exactly `people` people: whole clusters, then single-person ones. */
export function planCounty(seed: number, people: number): Plan {
  let sum = 0, ci = 0;
  for (;;) {
    const p = planCluster(seed, ci, false);
    if (sum + p.size > people) break;
    sum += p.size;
    ci++;
    if (sum === people) return { clusters: ci, forceSingleFrom: ci };
  }
  return { clusters: ci + (people - sum), forceSingleFrom: ci };
}

const iso = (d: number): string => (d >= OPEN || d < 0 ? '' : isoDate(d));

export async function generate(opts: SynthOptions): Promise<SynthSummary> {
  const seed = hashString(opts.seed);
  const plan = planCounty(seed, opts.people);
  const cfg: WorldConfig = { seed, from: opts.from, to: opts.to, totalClusters: Math.max(1, plan.clusters) };
  const terms = termsIn(opts.from, opts.to);
  const defs = buildSources();
  mkdirSync(join(opts.out, 'sources'), { recursive: true });
  mkdirSync(join(opts.out, 'truth'), { recursive: true });

  const srcW = new Map<string, FileWriter>();
  const rows: Record<string, number> = {};
  for (const d of defs) {
    const w = new FileWriter(join(opts.out, d.manifest.file));
    w.write(csvLine(d.manifest.columns, d.manifest.delimiter));
    srcW.set(d.manifest.name, w);
    rows[d.manifest.name] = 0;
  }
  const truth = (name: string, header: string[]): FileWriter => {
    const w = new FileWriter(join(opts.out, 'truth', name));
    w.write(csvLine(header));
    return w;
  };
  const tPeople = truth('people.csv', ['person_id', 'given_name', 'middle_names', 'family_name', 'birth_family_name', 'name_changed_on', 'date_of_birth', 'sex', 'nhs_number', 'upn', 'ni_number', 'origin']);
  const tHouse = truth('households.csv', ['household_id', 'uprn', 'address', 'postcode', 'locality', 'town', 'from', 'to']);
  const tRes = truth('residence.csv', ['person_id', 'household_id', 'from', 'to']);
  const tFam = truth('families.csv', ['family_id', 'structure', 'dependent_children', 'expected_due', 'planted_needs']);
  const tMem = truth('family_members.csv', ['family_id', 'person_id', 'role', 'from', 'to']);
  const tRec = truth('records.csv', ['source', 'record_id', 'person_id', 'household_id', 'errors', 'duplicate_of', 'malformed']);
  const tNeeds = truth('needs.csv', ['family_id', 'framework', 'need', 'person_id', 'evidence']);
  const pastShare = opts.pastNeeds ?? 0;
  const tPast = pastShare > 0 ? truth('past_needs.csv', ['family_id', 'framework', 'need', 'person_id', 'from', 'to', 'evidence']) : null;

  const summary: SynthSummary = { people: 0, clusters: plan.clusters, households: 0, families: 0, familiesWithDependentChildren: 0, needs: {}, rows };
  for (const fw of Object.keys(FRAMEWORK_NEEDS)) summary.needs[fw] = [0, 0, 0];
  if (tPast) summary.familiesWithPastNeeds = 0;
  const defByName = new Map(defs.map((d) => [d.manifest.name, d]));
  const srcKey = new Map(defs.map((d, i) => [d.manifest.name, hashString(`${opts.seed}/${d.manifest.name}`) ^ i]));
  const R = opts.errorRate;

  for (let ci = 0; ci < plan.clusters; ci++) {
    const cp = planCluster(seed, ci, ci >= plan.forceSingleFrom);
    const c = buildCluster(cfg, ci, cp);
    const { events, needs, past } = clusterEvents(seed, c, opts.from, opts.to, terms, pastShare);
    writeCluster(c, events);
    if (tPast) {
      for (const [f, rows] of past) {
        for (const n of rows) tPast.write(csvLine([f.id, 'sf2022', n.need, n.person.id, isoDate(n.from), isoDate(n.to), n.evidence.map((e) => `${e.source}:${e.id}`).join(' ')]));
        summary.familiesWithPastNeeds = (summary.familiesWithPastNeeds ?? 0) + 1;
      }
    }
    // needs, evaluated at --to from the true events
    const byPerson = new Map<Person, Ev[]>();
    for (const e of events) {
      const l = byPerson.get(e.person);
      if (l) l.push(e); else byPerson.set(e.person, [e]);
    }
    for (const f of c.families) {
      const dep = hasDependentChildren(f, opts.to);
      const nrows = evaluateFamily(f, byPerson, opts.to, terms);
      tFam.write(csvLine([f.id, f.scenario, dep ? 'Y' : 'N', f.due >= 0 ? isoDate(f.due) : '', (needs.get(f) ?? []).join(' ')]));
      for (const m of f.members) tMem.write(csvLine([f.id, m.person.id, m.role, iso(m.from), iso(m.to)]));
      for (const n of nrows) tNeeds.write(csvLine([f.id, n.framework, n.need, n.person.id, n.evidence.map((e) => `${e.source}:${e.id}`).join(' ')]));
      summary.families++;
      if (dep) {
        summary.familiesWithDependentChildren++;
        for (const [fw, k] of distinctNeeds(nrows)) {
          const s = summary.needs[fw] as [number, number, number];
          if (k >= 1) s[0]++;
          if (k >= 2) s[1]++;
          if (k >= 3) s[2]++;
        }
      }
    }
    summary.people += c.people.length;
    if (opts.onProgress && (ci & 255) === 0) opts.onProgress(summary.people);
  }

  function writeCluster(c: Cluster, events: Ev[]): void {
    const r = new Rng(seed, 4, c.index);
    for (const p of c.people) {
      tPeople.write(csvLine([p.id, p.given, p.middle, p.family, p.birthFamily, p.nameChange > NEVER ? isoDate(p.nameChange) : '', isoDate(p.dob), p.sex, p.nhs, p.upn, p.ni, p.origin]));
      for (const s of p.stays) {
        for (const per of s.home.periods) {
          const from = Math.max(s.from, per.from), to = Math.min(s.to, per.to);
          if (from < to) tRes.write(csvLine([p.id, per.hid, iso(from), iso(to)]));
        }
      }
    }
    for (const h of c.homes) {
      for (const per of h.periods) {
        const a = per.address;
        tHouse.write(csvLine([per.hid, a.uprn, addressText(a), a.postcode, a.locality, a.town, iso(per.from), iso(per.to)]));
        summary.households++;
      }
    }
    const seq = new Map<string, number>();
    const nextId = (d: SourceDef): string => {
      const n = seq.get(d.prefix) ?? 0;
      seq.set(d.prefix, n + 1);
      const x = scramble(c.index * 4096 + n, srcKey.get(d.manifest.name) as number);
      return `${d.prefix}${String(x).padStart(15, '0')}`;
    };
    for (const e of events) {
      const d = defByName.get(e.source) as SourceDef;
      const w = srcW.get(e.source) as FileWriter;
      e.id = nextId(d);
      const { view, errors } = identityFor(r, d, e);
      const fields = d.row(e, view);
      const hid = periodAt(e.person, e.day)?.hid ?? '';
      let malformed = false;
      if (r.next() < R * MALFORMED_FACTOR) {
        malformed = true;
        if (r.chance(0.5)) fields.splice(fields.length - r.int(1, 3));
        else fields.splice(r.int(2, fields.length - 1), 0, r.pick(['', 'N/K', 'see notes']));
      }
      w.write(csvLine(fields, d.manifest.delimiter));
      tRec.write(csvLine([e.source, e.id, e.person.id, hid, errors.join(' '), '', malformed ? '1' : '']));
      rows[e.source] = (rows[e.source] ?? 0) + 1;
      if (!malformed && r.next() < R * DUPLICATE_FACTOR) {
        const id2 = nextId(d);
        fields[0] = id2;
        w.write(csvLine(fields, d.manifest.delimiter));
        tRec.write(csvLine([e.source, id2, e.person.id, hid, errors.join(' '), e.id, '']));
        rows[e.source] = (rows[e.source] ?? 0) + 1;
      }
    }
  }

  function identityFor(r: Rng, d: SourceDef, e: Ev): { view: IdView; errors: string[] } {
    const p = e.person;
    const per = periodAt(p, e.day);
    const a = per?.address;
    const id = d.manifest.identity;
    const v: IdView = {
      given: p.given, family: familyNameAt(p, e.day), dob: p.dob, dobMode: 'full', sex: p.sex,
      line1: a?.line1 ?? '', line2: a?.line2 ?? '', locality: a?.locality ?? '', town: a?.town ?? '', postcode: a?.postcode ?? '', uprn: a?.uprn ?? '',
      nhs: p.nhs, upn: p.upn, ni: p.ni,
    };
    const errors: string[] = [];
    if (p.nameChange > NEVER && e.day >= p.nameChange && r.next() < PREVIOUS_NAME_RATE) { v.family = p.birthFamily; errors.push('previous_name'); }
    if (d.manifest.name === 'school_census' && r.next() < 0.25) v.uprn = '';
    if (d.manifest.name === 'childrens_social_care' && r.next() < 0.15) v.nhs = '';
    if (r.next() < R) {
      applyError(r, ERROR_KINDS.sample(r), v, d, e, errors);
      if (r.next() < 0.2) applyError(r, ERROR_KINDS.sample(r), v, d, e, errors);
    }
    void id;
    return { view: v, errors };
  }

  function applyError(r: Rng, kind: ErrorKind, v: IdView, d: SourceDef, e: Ev, errors: string[]): void {
    const id = d.manifest.identity;
    const before = JSON.stringify(v);
    switch (kind) {
      case 'typo': if (r.chance(0.5)) v.given = typo(r, v.given); else v.family = typo(r, v.family); break;
      case 'phonetic': if (r.chance(0.5)) v.given = phonetic(r, v.given); else v.family = phonetic(r, v.family); break;
      case 'nickname': if (id.given_name || id.full_name) v.given = nickname(r, v.given); break;
      case 'swapped_names': if (id.given_name || id.full_name) [v.given, v.family] = [v.family, v.given]; break;
      case 'diacritics': v.given = stripDiacritics(v.given); v.family = stripDiacritics(v.family); break;
      case 'transposed_dob': { const iso10 = isoDate(v.dob); if (Number(iso10.slice(8)) <= 12 && iso10.slice(8) !== iso10.slice(5, 7)) v.dobMode = 'transposed'; break; }
      case 'partial_dob': v.dobMode = r.chance(0.6) ? 'ym' : 'y'; break;
      case 'missing_dob': v.dobMode = 'none'; break;
      case 'missing_sex': if (id.sex) v.sex = ''; break;
      case 'stale_address': {
        const prev = previousPeriod(e.person, e.day);
        if (prev) { const a = prev.address; v.line1 = a.line1; v.line2 = a.line2; v.locality = a.locality; v.town = a.town; v.postcode = a.postcode; v.uprn = a.uprn; }
        break;
      }
      case 'postcode_error': if (v.postcode) v.postcode = postcodeError(r, v.postcode); break;
      case 'missing_postcode': v.postcode = ''; break;
      case 'missing_identifier': {
        const has = [id.nhs_number ? 'nhs' : '', id.upn ? 'upn' : '', id.ni_number ? 'ni' : '', id.uprn ? 'uprn' : ''].filter((x) => x !== '');
        const which = has.length ? r.pick(has) : '';
        if (which === 'nhs') v.nhs = ''; else if (which === 'upn') v.upn = ''; else if (which === 'ni') v.ni = ''; else if (which === 'uprn') v.uprn = '';
        break;
      }
      case 'identifier_typo': {
        if (id.nhs_number && v.nhs) v.nhs = identifierTypo(r, v.nhs);
        else if (id.ni_number && v.ni) v.ni = identifierTypo(r, v.ni);
        else if (id.upn && v.upn) v.upn = identifierTypo(r, v.upn);
        break;
      }
    }
    if (JSON.stringify(v) !== before) errors.push(kind);
  }

  for (const w of [...srcW.values(), tPeople, tHouse, tRes, tFam, tMem, tRec, tNeeds, ...(tPast ? [tPast] : [])]) w.close();
  opts.onProgress?.(summary.people);

  for (const d of defs) for (const variant of d.manifest.variants ?? []) await writeXlsxVariant(join(opts.out, d.manifest.file), join(opts.out, variant.file), variant.sheet, d.manifest);

  const manifest: Manifest = {
    generator: 'hearth synth', version: 1, seed: opts.seed, people: summary.people, from: isoDate(opts.from), to: isoDate(opts.to), errorRate: R,
    ...(pastShare > 0 ? { pastNeeds: pastShare } : {}),
    sources: defs.map((d) => d.manifest),
  };
  writeFileSync(join(opts.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(opts.out, 'truth', 'README.md'), TRUTH_README);
  writeFileSync(join(opts.out, 'truth', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
