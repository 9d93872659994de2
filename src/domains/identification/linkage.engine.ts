// The database-backed linkage's pure core: runs the matching engine (`./matching/`) on known people
// and new records, then clusters the scored pairs again so that reviewers' decisions hold (a
// "not a match" is never linked, a "match" always is), names each record's route and weight, and
// groups people into households. No I/O: the service loads the inputs and writes the outputs
// (linkInWorker runs it on a thread of its own).
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_MODEL, buildHouseholds, dropWeakBridges, explainPair, identifierStrictness, linkIncremental, probabilityToWeight,
  weightToProbability,
} from './matching/index.ts';
import type { IdentityRecord, IncrementalResult, ModelParams, PairExplanation, ScoredPairs } from './matching/index.ts';

/** A record known to belong to a person: a linked source record ('r:<id>') or the person's own register entry ('p:<id>'). */
export interface KnownRecord { key: string; personId: string; record: IdentityRecord }
export interface IncomingRecord { key: string; record: IdentityRecord }
/** A reviewer's decision on two keys (records or register entries). */
export interface PairDecision { a: string; b: string; match: boolean }
/** Two records a source says live together (same tenancy case, same incident's household). */
export interface StatedLink { a: string; b: string; kind: string }

export interface EngineInput {
  known: readonly KnownRecord[];
  incoming: readonly IncomingRecord[];
  decisions?: readonly PairDecision[];
  relationships?: readonly StatedLink[];
  thresholds: { autoLink: number; review: number };
  /** a model trained earlier; without one the engine trains (or, on small data, uses DEFAULT_MODEL) */
  model?: ModelParams;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export type Route = 'nhs_number' | 'upn' | 'ni_number' | 'probabilistic' | 'review' | 'new_person';
export const ROUTE_LABELS: Record<string, string> = {
  nhs_number: 'NHS number agrees',
  upn: 'UPN agrees',
  ni_number: 'NI number agrees',
  probabilistic: 'Match weight (names, date of birth, address)',
  review: 'Reviewer decided: match',
  new_person: 'No match: a new person',
  manual: 'Split or merged by a person',
  register: 'Known person',
};

export interface EngineLink {
  key: string;
  /** a known person's id, or 'new-k' for a person this run creates */
  personId: string;
  route: Route;
  weight: number | null;
  /** the key of the record it was linked through, and why */
  partner: string | null;
  explanation: PairExplanation | null;
}

export interface EngineReviewPair {
  /** always an incoming record */
  a: string;
  b: string;
  weight: number;
  probability: number;
  explanation: PairExplanation;
}

export interface HistogramBin { from: number; to: number; count: number; band: 'below' | 'review' | 'auto' }

export interface EngineOutput {
  links: EngineLink[];
  review: EngineReviewPair[];
  newPersons: number;
  /** person id (known or 'new-k') → household number (someone with no address is a household of one) */
  households: Map<string, number>;
  householdCount: number;
  communalAddresses: number;
  histogram: HistogramBin[];
  byRoute: Record<string, number>;
  model: ModelParams;
  trained: boolean;
  /** decisions the engine could not honour this run (e.g. a match between two already-known people) */
  refusedDecisions: number;
  stats: IncrementalResult['stats'];
}

/** Fewer records than this and the engine's hand-set model is used instead of training on them. */
export const MIN_TRAINING_RECORDS = 1500;
export const HISTOGRAM_MIN = -10;
export const HISTOGRAM_MAX = 30;
export const HISTOGRAM_STEP = 2;
const TRUSTED: Array<[string, Route]> = [['nhs_number', 'nhs_number'], ['upn', 'upn'], ['ni_number', 'ni_number']];

/** Minimal union–find (the engine keeps its own internal). */
class Sets {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) { const nx = this.parent[x]!; this.parent[x] = r; x = nx; }
    return r;
  }
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) { const t = ra; ra = rb; rb = t; }
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return ra;
  }
}

export interface ClusterConstraints {
  conflictKeys: readonly Int32Array[];
  strict: readonly boolean[];
  /** person index per record (-1 = new); known people are kept whole */
  initial: Int32Array;
  mustLink: ReadonlyArray<[number, number]>;
  cannotLink: ReadonlyArray<[number, number]>;
}

/**
 * The engine's clustering (strongest first, identifier vetoes, known people whole), plus decisions:
 * must-link pairs join first (unless that would join two known people or break a cannot-link), and
 * no merge may put the two sides of a cannot-link pair into one person, directly or by chaining.
 */
export function clusterWithDecisions(
  n: number, pairs: ScoredPairs, autoWeight: number, c: ClusterConstraints,
): { clusterOf: Int32Array; clusters: number; refused: number; refusedDecisions: number } {
  const sets = new Sets(n);
  const held = c.conflictKeys.map((col) => Int32Array.from(col));
  // cannot-link tags per root: decision d puts +(d+1) on one side, −(d+1) on the other
  const tags = new Map<number, Set<number>>();
  c.cannotLink.forEach(([a, b], d) => {
    for (const [x, tag] of [[a, d + 1], [b, -(d + 1)]] as const) {
      const s = tags.get(x) ?? new Set<number>();
      s.add(tag);
      tags.set(x, s);
    }
  });
  const forbidden = (ra: number, rb: number): boolean => {
    const sa = tags.get(ra);
    const sb = tags.get(rb);
    if (!sa || !sb) return false;
    const [small, big] = sa.size < sb.size ? [sa, sb] : [sb, sa];
    for (const t of small) if (big.has(-t)) return true;
    return false;
  };
  const join = (ra: number, rb: number): void => {
    const r = sets.union(ra, rb);
    const other = r === ra ? rb : ra;
    for (const h of held) if (h[r] === 0) h[r] = h[other]!;
    const so = tags.get(other);
    if (so) {
      const sr = tags.get(r);
      if (sr) for (const t of so) sr.add(t); else tags.set(r, so);
      tags.delete(other);
    }
  };
  // known people first, whole
  const firstOf = new Map<number, number>();
  for (let x = 0; x < n; x++) {
    const p = c.initial[x]!;
    if (p < 0) continue;
    const f = firstOf.get(p);
    if (f === undefined) firstOf.set(p, x);
    else { const ra = sets.find(f); const rb = sets.find(x); if (ra !== rb) join(ra, rb); }
  }
  const knownKey = c.conflictKeys.length - 1;
  let refusedDecisions = 0;
  for (const [a, b] of c.mustLink) {
    const ra = sets.find(a);
    const rb = sets.find(b);
    if (ra === rb) continue;
    const ka = held[knownKey]?.[ra] ?? 0;
    const kb = held[knownKey]?.[rb] ?? 0;
    if ((ka !== 0 && kb !== 0 && ka !== kb) || forbidden(ra, rb)) { refusedDecisions++; continue; }
    join(ra, rb);
  }
  let refused = 0;
  for (const e of strongestFirst(pairs, autoWeight)) {
    const a = pairs.i[e]!;
    const b = pairs.j[e]!;
    const ra = sets.find(a);
    const rb = sets.find(b);
    if (ra === rb) continue;
    let ok = !forbidden(ra, rb);
    for (let k = 0; ok && k < held.length; k++) {
      const va = held[k]![ra]!;
      const vb = held[k]![rb]!;
      if (va !== 0 && vb !== 0 && va !== vb) {
        if (c.strict[k]) ok = false;
        else {
          const col = c.conflictKeys[k]!;
          const ia = col[a]!;
          const ib = col[b]!;
          if (ia === 0 || ib === 0 || ia === ib) ok = false;
        }
      }
    }
    if (ok) join(ra, rb); else refused++;
  }
  const clusterOf = new Int32Array(n);
  const dense = new Int32Array(n).fill(-1);
  let clusters = 0;
  for (let x = 0; x < n; x++) {
    const r = sets.find(x);
    if (dense[r] === -1) dense[r] = clusters++;
    clusterOf[x] = dense[r]!;
  }
  return { clusterOf, clusters, refused, refusedDecisions };
}

/** Edge indices at or above the threshold, strongest first; ties by index (as the engine orders them). */
function strongestFirst(pairs: ScoredPairs, threshold: number): Uint32Array {
  const keys: number[] = [];
  for (let e = 0; e < pairs.count; e++) {
    const w = pairs.weight[e]!;
    if (w < threshold) continue;
    const q = Math.round((256 - Math.min(Math.max(w, -255), 255)) * 1024);
    keys.push(q * 2 ** 27 + e);
  }
  const sorted = Float64Array.from(keys).sort();
  return Uint32Array.from(sorted, (k) => k % 2 ** 27);
}

function routeOf(explanation: PairExplanation): Route {
  for (const [field, route] of TRUSTED) {
    if (explanation.fields.find((f) => f.field === field)?.label === 'exact') return route;
  }
  return 'probabilistic';
}

export function histogramOf(weights: Iterable<number>, thresholds: { autoLink: number; review: number }): HistogramBin[] {
  const auto = probabilityToWeight(thresholds.autoLink);
  const review = probabilityToWeight(thresholds.review);
  const bins: HistogramBin[] = [];
  for (let from = HISTOGRAM_MIN; from < HISTOGRAM_MAX; from += HISTOGRAM_STEP) {
    const to = from + HISTOGRAM_STEP;
    const mid = (from + to) / 2;
    bins.push({ from, to, count: 0, band: mid >= auto ? 'auto' : mid >= review ? 'review' : 'below' });
  }
  for (const w of weights) {
    const b = Math.min(bins.length - 1, Math.max(0, Math.floor((w - HISTOGRAM_MIN) / HISTOGRAM_STEP)));
    bins[b]!.count++;
  }
  return bins;
}

/** Link incoming records against known people, honouring decisions; see the file comment. */
export async function linkWithDecisions(input: EngineInput): Promise<EngineOutput> {
  // The engine breaks ties by position; ordered by content, the same records give the same people
  // in whatever order the database returns them (record ids are time-ordered, random within a millisecond).
  // Repeats (the same person's identical records, a delivery's identical rows) are matched once:
  // they add nothing to a match, and a block of hundreds of them would be left out as too large.
  const pinned = new Set([...(input.decisions ?? []), ...(input.relationships ?? [])].flatMap((d) => [d.a, d.b]));
  const { known, incoming, repeatsOf, timesOf } = collapseRepeats(inIdentityOrder(input.known), inIdentityOrder(input.incoming), pinned);
  const total = known.length + incoming.length;
  const trained = !input.model && total >= MIN_TRAINING_RECORDS;
  const model = input.model ?? (trained ? undefined : DEFAULT_MODEL);
  const reviewP = input.thresholds.review;
  // keep pairs down to the histogram's floor so the summary shows the whole distribution (small councils)
  const keepProbability = total > 200_000 ? reviewP : Math.min(reviewP, weightToProbability(HISTOGRAM_MIN));
  const result = await linkIncremental(
    { records: known.map((k) => k.record), personIds: known.map((k) => k.personId) },
    incoming.map((r) => r.record),
    {
      thresholds: { autoLink: input.thresholds.autoLink, review: reviewP }, keepProbability,
      ...(model ? { model } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    },
  );
  const e = result.encoded;
  const n = e.n;
  const newFrom = result.newFrom;
  const keys = [...known.map((k) => k.key), ...incoming.map((r) => r.key)];
  const indexOf = new Map(keys.map((k, x) => [k, x]));
  // the engine's own constraints, rebuilt: identifiers, and one column keeping known people apart
  const personIndex = new Map<string, number>();
  const initial = new Int32Array(n).fill(-1);
  const knownKey = new Int32Array(n);
  known.forEach((k, x) => {
    let p = personIndex.get(k.personId);
    if (p === undefined) { p = personIndex.size; personIndex.set(k.personId, p); }
    initial[x] = p;
    knownKey[x] = p + 1;
  });
  const mustLink: Array<[number, number]> = [];
  const cannotLink: Array<[number, number]> = [];
  const decided = new Set<string>();
  for (const d of input.decisions ?? []) {
    const a = indexOf.get(d.a);
    const b = indexOf.get(d.b);
    decided.add(`${d.a}|${d.b}`);
    decided.add(`${d.b}|${d.a}`);
    if (a === undefined || b === undefined) continue;
    (d.match ? mustLink : cannotLink).push([a, b]);
  }
  // a "not a match" pair is never an edge
  const banned = new Set(cannotLink.map(([a, b]) => (a < b ? `${a},${b}` : `${b},${a}`)));
  let pairs: ScoredPairs = result.pairs;
  if (banned.size) {
    const keep: number[] = [];
    for (let x = 0; x < pairs.count; x++) if (!banned.has(`${pairs.i[x]},${pairs.j[x]}`)) keep.push(x);
    pairs = {
      i: Int32Array.from(keep, (x) => result.pairs.i[x]!), j: Int32Array.from(keep, (x) => result.pairs.j[x]!),
      weight: Float32Array.from(keep, (x) => result.pairs.weight[x]!), count: keep.length,
    };
  }
  const autoWeight = probabilityToWeight(input.thresholds.autoLink);
  const strongWeight = probabilityToWeight(result.thresholds.strongLink);
  const bridges = dropWeakBridges(n, pairs, autoWeight, strongWeight);
  const clustered = clusterWithDecisions(n, bridges.pairs, autoWeight, {
    conflictKeys: [e.nhs, e.upn, e.ni, knownKey], strict: [...identifierStrictness(result.model), true], initial, mustLink, cannotLink,
  });
  const clusterOf = clustered.clusterOf;
  // name clusters: a known person's id where the cluster holds one, else a new id
  const nameOf = new Map<number, string>();
  for (let x = 0; x < newFrom; x++) nameOf.set(clusterOf[x]!, known[x]!.personId);
  let newPersons = 0;
  const personOfRow = (x: number): string => {
    const cl = clusterOf[x]!;
    let id = nameOf.get(cl);
    if (id === undefined) { id = `new-${++newPersons}`; nameOf.set(cl, id); }
    return id;
  };
  // each incoming record's best edge inside its person: its route and weight
  const best = new Int32Array(n).fill(-1);
  const bestWeight = new Float64Array(n).fill(-Infinity);
  for (let x = 0; x < bridges.pairs.count; x++) {
    const i = bridges.pairs.i[x]!;
    const j = bridges.pairs.j[x]!;
    const w = bridges.pairs.weight[x]!;
    if (w < autoWeight || clusterOf[i] !== clusterOf[j]) continue;
    if (i >= newFrom && w > bestWeight[i]!) { bestWeight[i] = w; best[i] = j; }
    if (j >= newFrom && w > bestWeight[j]!) { bestWeight[j] = w; best[j] = i; }
  }
  const forcedPartner = new Map<number, number>();
  for (const [a, b] of mustLink) {
    if (clusterOf[a] !== clusterOf[b]) continue;
    if (a >= newFrom && !forcedPartner.has(a)) forcedPartner.set(a, b);
    if (b >= newFrom && !forcedPartner.has(b)) forcedPartner.set(b, a);
  }
  const links: EngineLink[] = [];
  const byRoute: Record<string, number> = {};
  for (let x = newFrom; x < n; x++) {
    const personId = personOfRow(x);
    const forced = forcedPartner.get(x);
    let link: EngineLink;
    if (forced !== undefined) {
      const explanation = explainPair(result, x, forced);
      link = { key: keys[x]!, personId, route: 'review', weight: explanation.matchWeight, partner: keys[forced]!, explanation };
    } else if (best[x]! >= 0) {
      const explanation = explainPair(result, x, best[x]!);
      link = { key: keys[x]!, personId, route: routeOf(explanation), weight: bestWeight[x]!, partner: keys[best[x]!]!, explanation };
    } else {
      link = { key: keys[x]!, personId, route: 'new_person', weight: null, partner: null, explanation: null };
    }
    byRoute[link.route] = (byRoute[link.route] ?? 0) + 1;
    links.push(link);
    for (const repeat of repeatsOf.get(link.key) ?? []) {
      byRoute[link.route] = (byRoute[link.route] ?? 0) + 1;
      links.push({ ...link, key: repeat });
    }
  }
  // review: pairs in the band (or refused links) whose records ended in different people, not yet
  // decided; one pair (the strongest) per two people, so a pupil's termly rows ask the question once
  const reviewWeight = probabilityToWeight(reviewP);
  const strongest = new Map<string, { i: number; j: number; w: number }>();
  const weights: number[] = [];
  for (let x = 0; x < result.pairs.count; x++) {
    const w = result.pairs.weight[x]!;
    weights.push(w);
    if (w < reviewWeight) continue;
    let i = result.pairs.i[x]!;
    let j = result.pairs.j[x]!;
    if (clusterOf[i] === clusterOf[j]) continue;
    if (i < newFrom) { const t = i; i = j; j = t; }
    if (i < newFrom) continue;
    if (decided.has(`${keys[i]}|${keys[j]}`)) continue;
    const ci = clusterOf[i]!;
    const cj = clusterOf[j]!;
    const people = ci < cj ? `${ci}|${cj}` : `${cj}|${ci}`;
    const had = strongest.get(people);
    if (!had || w > had.w) strongest.set(people, { i, j, w });
  }
  const review: EngineReviewPair[] = [...strongest.values()].map(({ i, j, w }) => ({
    a: keys[i]!, b: keys[j]!, weight: w, probability: weightToProbability(w), explanation: explainPair(result, i, j),
  }));
  // households over every person in this run
  const personNumber = new Map<string, number>();
  const personOfCluster = new Int32Array(clustered.clusters);
  for (let x = 0; x < n; x++) {
    const id = x < newFrom ? known[x]!.personId : personOfRow(x);
    let p = personNumber.get(id);
    if (p === undefined) { p = personNumber.size; personNumber.set(id, p); }
    personOfCluster[clusterOf[x]!] = p;
  }
  const personOf = Int32Array.from(clusterOf, (cl) => personOfCluster[cl]!);
  const rel = (input.relationships ?? []).flatMap((r) => {
    const a = indexOf.get(r.a);
    const b = indexOf.get(r.b);
    return a === undefined || b === undefined ? [] : [{ a, b, kind: r.kind }];
  });
  // a person's main address counts every record, repeats included
  const times = Int32Array.from(keys, (k) => timesOf.get(k) ?? (1 + (repeatsOf.get(k)?.length ?? 0)));
  const hh = buildHouseholds(e, personOf, personNumber.size, rel, undefined, times);
  const households = new Map<string, number>();
  for (const [id, p] of personNumber) households.set(id, hh.householdOfPerson[p]!);
  return {
    links, review, newPersons, households, householdCount: hh.households, communalAddresses: hh.communalAddresses,
    histogram: histogramOf(weights, input.thresholds), byRoute, model: result.model, trained,
    refusedDecisions: clustered.refusedDecisions, stats: { ...result.stats, refusedLinks: clustered.refused + bridges.dropped },
  };
}

/** What a record says about who it is: its source, names, date of birth, sex, identifiers and address. */
function identityText(r: IdentityRecord): string {
  return [r.source, r.family_name, r.given_name, r.date_of_birth, r.sex, r.nhs_number, r.upn, r.ni_number, r.postcode, r.address, r.uprn].join('\u0000');
}

/** The records ordered by what they say (source, names, date of birth, identifiers, address), then by key. */
export function inIdentityOrder<T extends { key: string; record: IdentityRecord }>(records: readonly T[]): T[] {
  const keyed = records.map((item) => ({ item, by: `${identityText(item.record)}\u0000${item.key}` }));
  keyed.sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  return keyed.map((k) => k.item);
}

/**
 * Keeps one of each set of repeats: a known person's records that say exactly the same thing, and
 * incoming records that do (the first stands for the rest, which `repeatsOf` lists under its key
 * and which are linked as it is; `timesOf` counts the known records a kept one stands for). Records
 * a decision or a stated relationship names are kept.
 */
export function collapseRepeats<K extends { key: string; personId: string; record: IdentityRecord }, I extends { key: string; record: IdentityRecord }>(
  known: readonly K[], incoming: readonly I[], pinned: ReadonlySet<string>,
): { known: K[]; incoming: I[]; repeatsOf: Map<string, string[]>; timesOf: Map<string, number> } {
  const keptFor = new Map<string, string>();
  const timesOf = new Map<string, number>();
  const keptKnown = known.filter((k) => {
    if (pinned.has(k.key)) return true;
    const id = `${k.personId}\u0000${identityText(k.record)}`;
    const kept = keptFor.get(id);
    if (kept !== undefined) { timesOf.set(kept, (timesOf.get(kept) ?? 1) + 1); return false; }
    keptFor.set(id, k.key);
    return true;
  });
  const first = new Map<string, string>();
  const repeatsOf = new Map<string, string[]>();
  const keptIncoming = incoming.filter((r) => {
    if (pinned.has(r.key)) return true;
    const id = identityText(r.record);
    const standsFor = first.get(id);
    if (standsFor === undefined) { first.set(id, r.key); return true; }
    const list = repeatsOf.get(standsFor);
    if (list) list.push(r.key);
    else repeatsOf.set(standsFor, [r.key]);
    return false;
  });
  return { known: keptKnown, incoming: keptIncoming, repeatsOf, timesOf };
}

/**
 * linkWithDecisions on a worker thread of its own, with progress relayed: the calling thread stays
 * free (a web process that runs jobs keeps serving pages). The input and output are copied between
 * threads; both are plain data.
 */
export async function linkInWorker(input: EngineInput): Promise<EngineOutput> {
  const { onProgress, ...data } = input;
  const worker = new Worker(new URL('./linkage-engine.worker.ts', import.meta.url), { workerData: data });
  return new Promise<EngineOutput>((resolve, reject) => {
    let out: EngineOutput | undefined;
    worker.on('message', (m: { progress?: [string, number, number]; out?: EngineOutput }) => {
      if (m.progress) onProgress?.(...m.progress);
      else out = m.out;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (out && code === 0 ? resolve(out) : reject(new Error(`the linkage worker stopped with exit code ${code} before it finished`))));
  });
}
