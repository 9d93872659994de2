// The pure linkage pipeline: records in → scored pairs, people (clusters), explanations out.
// Training is unsupervised (u by random sampling, m by EM per training rule, λ from the candidates).
import type { IdentityRecord } from './types.ts';
import { encodeRecords } from './encode.ts';
import type { EncodedRecords } from './encode.ts';
import { COMPARISONS, FIELD_COUNT, LEVEL_COUNTS, NHS, NI, UPN, compareAll } from './comparisons.ts';
import { DEFAULT_BLOCKING_RULES, DEFAULT_TRAINING_RULES, blockPairCount, buildBlocks, seenEarlier } from './blocking.ts';
import type { BlockingRule, Blocks } from './blocking.ts';
import {
  DEFAULT_TF_WEIGHTS, PatternCounts, buildTfTables, buildWeights, estimateLambda, expectationMaximisation,
  explainLevels, initialM, probabilityToWeight, uFromCounts, weightToProbability,
} from './model.ts';
import type { ModelParams, PairExplanation, Weights } from './model.ts';
import { PairBuffer, Scorer, scoreBlocks } from './score.ts';
import type { PairFilter } from './score.ts';
import { clusterPairs, dropWeakBridges } from './cluster.ts';
import type { ScoredPairs } from './cluster.ts';

export interface LinkThresholds {
  /** match probability at or above which a pair links automatically */
  autoLink: number;
  /**
   * match probability at or above which a link stands on its own; weaker links between two records
   * that each have other links but share no linked neighbour are dropped as likely chaining errors
   */
  strongLink: number;
  /** match probability at or above which an unlinked pair goes to human review */
  review: number;
}

export const DEFAULT_THRESHOLDS: LinkThresholds = { autoLink: 0.9, strongLink: 0.999, review: 0.5 };

export interface LinkOptions {
  thresholds: LinkThresholds;
  /** link only across sources (no de-duplication inside a source) */
  linkOnly: boolean;
  blockingRules: readonly BlockingRule[];
  trainingRules: readonly BlockingRule[];
  maxBlockSize: number;
  /** random pairs drawn to estimate u */
  uSamplePairs: number;
  /** pairs per EM training session (sampled evenly from the rule's blocks) */
  trainPairsPerRule: number;
  /** candidate pairs sampled to estimate λ */
  lambdaSamplePairs: number;
  /** keep scored pairs down to this match probability (≤ review); lets callers re-cluster at other thresholds */
  keepProbability?: number;
  seed: number;
  /** a trained model to reuse (skips training), e.g. for incremental deliveries */
  model?: ModelParams;
  tfWeights: readonly number[];
  /** progress: stage name, done, total */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** parallel scorer, e.g. worker threads; defaults to scoring in this thread */
  scoreInParallel?: (job: ScoreJob) => Promise<ScoredPairs & { compared: number }>;
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  thresholds: DEFAULT_THRESHOLDS,
  linkOnly: false,
  blockingRules: DEFAULT_BLOCKING_RULES,
  trainingRules: DEFAULT_TRAINING_RULES,
  maxBlockSize: 400,
  uSamplePairs: 1_000_000,
  trainPairsPerRule: 400_000,
  lambdaSamplePairs: 400_000,
  seed: 42,
  tfWeights: DEFAULT_TF_WEIGHTS,
};

/** Options as callers pass them: any subset, thresholds included. */
export type LinkSettings = Partial<Omit<LinkOptions, 'thresholds'>> & { thresholds?: Partial<LinkThresholds> };

function withDefaults(options: LinkSettings): LinkOptions {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  if (options.thresholds?.strongLink === undefined) thresholds.strongLink = Math.max(thresholds.strongLink, thresholds.autoLink);
  if (!(thresholds.review <= thresholds.autoLink && thresholds.autoLink <= thresholds.strongLink)) {
    throw new Error('thresholds must satisfy review ≤ autoLink ≤ strongLink');
  }
  return { ...DEFAULT_LINK_OPTIONS, ...options, thresholds } as LinkOptions;
}

/** What a parallel scorer needs to score a set of blocks. */
export interface ScoreJob {
  encoded: EncodedRecords;
  blocks: readonly Blocks[];
  weights: Weights;
  filter: PairFilter;
  minWeight: number;
}

export interface LinkStats {
  records: number;
  candidatePairs: number;
  keptPairs: number;
  linkedPairs: number;
  refusedLinks: number;
  reviewPairs: number;
  persons: number;
  oversizedBlocks: number;
  seconds: Record<string, number>;
}

export interface LinkResult {
  /** the distinct identities linked (exact repeats of a record are linked once): "rows" */
  encoded: EncodedRecords;
  model: ModelParams;
  weights: Weights;
  /** scored pairs with match probability ≥ keepProbability (row indices i < j) */
  pairs: ScoredPairs;
  /** person (cluster) index per input record */
  personOf: Int32Array;
  /** row of `encoded` per input record */
  rowOf: Int32Array;
  /** first input record of each row */
  rowRecord: Int32Array;
  /** person index per row */
  rowPersonOf: Int32Array;
  persons: number;
  thresholds: LinkThresholds;
  /** indices into `pairs` of pairs in the review band whose records ended in different people */
  review: number[];
  stats: LinkStats;
}

/** A small fast seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** u probabilities from randomly drawn pairs (across sources when linkOnly). */
export function estimateU(e: EncodedRecords, samplePairs: number, linkOnly: boolean, seed: number): number[][] {
  const counts = LEVEL_COUNTS.map((k) => new Array<number>(k).fill(0));
  const random = rng(seed);
  const levels = new Int8Array(FIELD_COUNT);
  const n = e.n;
  if (n < 2) return uFromCounts(counts);
  const possible = (n * (n - 1)) / 2;
  // small inputs need fewer draws (the first calls also pay the JIT's warm-up)
  const draws = Math.min(samplePairs, Math.max(20 * n, 20_000), possible * 2);
  for (let d = 0, tries = 0; d < draws && tries < draws * 20; tries++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j) continue;
    if (linkOnly && e.source[i] === e.source[j]) continue;
    compareAll(e, i, j, levels);
    for (let f = 0; f < FIELD_COUNT; f++) { const l = levels[f]!; if (l >= 0) counts[f]![l]!++; }
    d++;
  }
  return uFromCounts(counts);
}

function possiblePairs(e: EncodedRecords, linkOnly: boolean): number {
  const n = e.n;
  if (!linkOnly) return (n * (n - 1)) / 2;
  const per = new Map<number, number>();
  for (let i = 0; i < n; i++) per.set(e.source[i]!, (per.get(e.source[i]!) ?? 0) + 1);
  let same = 0;
  for (const c of per.values()) same += (c * (c - 1)) / 2;
  return (n * (n - 1)) / 2 - same;
}

/**
 * Visit the pairs of every `blockStride`-th block of rule r (after the filters; with `dedupe`, pairs an
 * earlier rule generates are skipped). Returns the number of pairs visited.
 */
function visitPairs(
  e: EncodedRecords, all: readonly Blocks[], r: number, filter: PairFilter, dedupe: boolean, blockStride: number,
  visit: (i: number, j: number) => void,
): number {
  const b = all[r]!;
  let seen = 0;
  for (let x = 0; x < b.count; x += blockStride) {
    const s0 = b.start[x]!;
    const s1 = b.start[x + 1]!;
    for (let p = s0; p < s1; p++) {
      const i = b.members[p]!;
      for (let q = p + 1; q < s1; q++) {
        const j = b.members[q]!;
        if (filter.linkOnly && e.source[i] === e.source[j]) continue;
        if (filter.newFrom > 0 && i < filter.newFrom && j < filter.newFrom) continue;
        if (dedupe && r > 0 && seenEarlier(all, r, i, j)) continue;
        visit(i, j);
        seen++;
      }
    }
  }
  return seen;
}

/** Every k-th block, so that about `target` pairs are visited (at least 1). */
function strideFor(b: Blocks, target: number): number {
  return Math.max(1, Math.floor(blockPairCount(b) / Math.max(target, 1)));
}

function observed(patterns: PatternCounts, f: number): number {
  let n = 0;
  for (let p = 0; p < patterns.size; p++) if (patterns.levels[p]![f]! >= 0) n += patterns.counts[p]!;
  return n;
}

/** Train m and λ (u given) by EM over pairs of the training rules, then λ over all candidates. */
export function trainModel(
  e: EncodedRecords, blocks: readonly Blocks[], options: LinkOptions, filter: PairFilter,
): { params: ModelParams; candidatePairs: number } {
  const progress = options.onProgress ?? (() => {});
  progress('estimating u', 0, 1);
  const u = estimateU(e, options.uSamplePairs, options.linkOnly, options.seed);
  const levels = new Int8Array(FIELD_COUNT);
  const sums = LEVEL_COUNTS.map((k) => new Array<number>(k).fill(0));
  const sessions = new Array<number>(FIELD_COUNT).fill(0);
  const authoritative = new Map<number, number[]>();
  options.trainingRules.forEach((rule, t) => {
    progress('EM training', t, options.trainingRules.length);
    const tb = [buildBlocks(e, rule, options.maxBlockSize)];
    const patterns = new PatternCounts();
    visitPairs(e, tb, 0, filter, false, strideFor(tb[0]!, options.trainPairsPerRule), (i, j) => { compareAll(e, i, j, levels); patterns.add(levels); });
    if (patterns.total < 50) return;
    const em = expectationMaximisation(patterns, u, initialM(), rule.fields);
    for (const f of rule.authoritativeFor ?? []) {
      // only when the session saw the field on enough pairs to say anything
      if (observed(patterns, f) >= 30) authoritative.set(f, em.m[f]!);
    }
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (rule.fields.includes(f) || rule.authoritativeFor?.includes(f)) continue;
      sessions[f]!++;
      for (let l = 0; l < LEVEL_COUNTS[f]!; l++) sums[f]![l]! += em.m[f]![l]!;
    }
  });
  const start = initialM();
  const m = sums.map((row, f) => authoritative.get(f) ?? (sessions[f]! > 0 ? row.map((x) => x / sessions[f]!) : start[f]!));
  // λ: over all candidate pairs
  progress('estimating λ', 0, 1);
  // λ from a sample of whole blocks of every rule (every k-th block), each pair standing for k
  const rawTotal = blocks.reduce((x, b) => x + blockPairCount(b), 0);
  const patterns = new PatternCounts();
  blocks.forEach((b, r) => {
    const share = rawTotal > 0 ? blockPairCount(b) / rawTotal : 0;
    const stride = strideFor(b, Math.ceil(options.lambdaSamplePairs * share));
    visitPairs(e, blocks, r, filter, true, stride, (i, j) => { compareAll(e, i, j, levels); patterns.add(levels, stride); });
  });
  const candidatePairs = patterns.total;
  const lambda = estimateLambda(patterns, m, u, candidatePairs, possiblePairs(e, options.linkOnly));
  return { params: { lambda, m, u, tfWeight: [...options.tfWeights] }, candidatePairs };
}

/** An identifier whose values rarely differ for the same person (m of 'different' under 2%) vetoes any merge across two values. */
export const STRICT_IDENTIFIER_M = 0.02;

/** Per trusted identifier (NHS number, UPN, NI number): is it reliable enough in this data to veto? */
export function identifierStrictness(params: ModelParams): boolean[] {
  return [NHS, UPN, NI].map((f) => (params.m[f]![0] ?? 1) < STRICT_IDENTIFIER_M);
}

function now(): number { return performance.now() / 1000; }

async function runPipeline(
  e: EncodedRecords, options: LinkOptions, filter: PairFilter, initial: Int32Array | undefined, conflictExtra: Int32Array[],
): Promise<LinkResult> {
  const seconds: Record<string, number> = {};
  const progress = options.onProgress ?? (() => {});
  let t = now();
  const blocks = options.blockingRules.map((rule) => buildBlocks(e, rule, options.maxBlockSize));
  seconds.blocking = now() - t;
  t = now();
  let params = options.model;
  if (!params) params = trainModel(e, blocks, options, filter).params;
  seconds.training = now() - t;
  t = now();
  const weights = buildWeights(params);
  const keepP = Math.min(options.keepProbability ?? options.thresholds.review, options.thresholds.review);
  const minWeight = probabilityToWeight(keepP);
  let pairs: ScoredPairs;
  let compared = 0;
  if (options.scoreInParallel) {
    const res = await options.scoreInParallel({ encoded: e, blocks, weights, filter, minWeight });
    pairs = res;
    compared = res.compared;
  } else {
    const scorer = new Scorer(e, weights, buildTfTables(weights, e));
    const out = new PairBuffer();
    const totalBlocks = blocks.reduce((a, b) => a + b.count, 0);
    let done = 0;
    for (let r = 0; r < blocks.length; r++) {
      const b = blocks[r]!;
      for (let x = 0; x < b.count; x += 5000) {
        const to = Math.min(b.count, x + 5000);
        compared += scoreBlocks(scorer, blocks, r, x, to, filter, minWeight, out);
        done += to - x;
        progress('scoring', done, totalBlocks);
      }
    }
    pairs = out;
  }
  seconds.scoring = now() - t;
  t = now();
  const conflictKeys = [e.nhs, e.upn, e.ni, ...conflictExtra];
  const strict = [...identifierStrictness(params), ...conflictExtra.map(() => true)];
  const autoWeight = probabilityToWeight(options.thresholds.autoLink);
  const bridges = dropWeakBridges(e.n, pairs, autoWeight, probabilityToWeight(options.thresholds.strongLink));
  const clustered = clusterPairs(e.n, bridges.pairs, autoWeight, conflictKeys, initial, strict);
  const reviewWeight = probabilityToWeight(options.thresholds.review);
  const review: number[] = [];
  let linkedPairs = 0;
  for (let x = 0; x < pairs.count; x++) {
    const w = pairs.weight[x]!;
    if (w >= autoWeight) linkedPairs++;
    if (w >= reviewWeight && clustered.clusterOf[pairs.i[x]!] !== clustered.clusterOf[pairs.j[x]!]) review.push(x);
  }
  seconds.clustering = now() - t;
  const identity = Int32Array.from({ length: e.n }, (_, x) => x);
  return {
    encoded: e, model: params, weights, pairs, personOf: clustered.clusterOf, rowOf: identity, rowRecord: identity,
    rowPersonOf: clustered.clusterOf, persons: clustered.clusters, review, thresholds: options.thresholds,
    stats: {
      records: e.n, candidatePairs: compared, keptPairs: pairs.count, linkedPairs, refusedLinks: clustered.refused + bridges.dropped,
      reviewPairs: review.length, persons: clustered.clusters, oversizedBlocks: blocks.reduce((a, b) => a + b.oversized, 0), seconds,
    },
  };
}

/**
 * Exact repeats of an identity (a pupil's row in every termly census) are linked once: returns the
 * distinct records and, per input record, its row. Sources are kept apart when linking only across them.
 */
export function distinctIdentities(records: readonly IdentityRecord[], bySource: boolean): { rows: IdentityRecord[]; rowOf: Int32Array; rowRecord: Int32Array } {
  const seen = new Map<string, number>();
  const rows: IdentityRecord[] = [];
  const first: number[] = [];
  const rowOf = new Int32Array(records.length);
  records.forEach((r, x) => {
    const key = `${bySource ? r.source : ''}\u0001${r.given_name}\u0001${r.family_name}\u0001${r.date_of_birth}\u0001${r.sex}\u0001${r.address}\u0001${r.postcode}\u0001${r.uprn}\u0001${r.nhs_number}\u0001${r.upn}\u0001${r.ni_number}`;
    let row = seen.get(key);
    if (row === undefined) { row = rows.length; seen.set(key, row); rows.push(r); first.push(x); }
    rowOf[x] = row;
  });
  return { rows, rowOf, rowRecord: Int32Array.from(first) };
}

/** Link a set of records into people. */
export async function linkRecords(records: Iterable<IdentityRecord>, options: LinkSettings = {}): Promise<LinkResult> {
  const opts = withDefaults(options);
  const list = Array.isArray(records) ? (records as IdentityRecord[]) : [...records];
  const t = now();
  const { rows, rowOf, rowRecord } = distinctIdentities(list, opts.linkOnly);
  const e = encodeRecords(rows);
  const encodeSeconds = now() - t;
  const result = await runPipeline(e, opts, { linkOnly: opts.linkOnly, newFrom: 0 }, undefined, []);
  result.stats.seconds = { normalising: encodeSeconds, ...result.stats.seconds };
  result.stats.records = list.length;
  const personOf = new Int32Array(list.length);
  for (let x = 0; x < list.length; x++) personOf[x] = result.rowPersonOf[rowOf[x]!]!;
  return { ...result, personOf, rowOf, rowRecord };
}

/** Re-cluster a result at another auto-link probability (pairs below keepProbability are gone): person index per input record. */
export function personsAt(result: LinkResult, autoLink: number): { personOf: Int32Array; persons: number } {
  const e = result.encoded;
  const w = probabilityToWeight(autoLink);
  const bridges = dropWeakBridges(e.n, result.pairs, w, probabilityToWeight(Math.max(autoLink, result.thresholds.strongLink)));
  const c = clusterPairs(e.n, bridges.pairs, w, [e.nhs, e.upn, e.ni], undefined, identifierStrictness(result.model));
  const personOf = new Int32Array(result.rowOf.length);
  for (let x = 0; x < personOf.length; x++) personOf[x] = c.clusterOf[result.rowOf[x]!]!;
  return { personOf, persons: c.clusters };
}

export interface KnownPeople {
  records: readonly IdentityRecord[];
  /** person id of each known record (same order) */
  personIds: readonly string[];
}

export interface IncrementalResult extends LinkResult {
  /** person id per record: known records keep theirs; new people get ids from `newPersonId` */
  personIds: string[];
  /** index of the first new record in `encoded` and `personIds` */
  newFrom: number;
  newPersons: number;
}

/**
 * Link a new delivery against people already known, without re-linking the world: only pairs with
 * at least one new record are compared; known people are never split, and two known people are
 * never merged automatically (such pairs go to review).
 */
export async function linkIncremental(
  known: KnownPeople, incoming: Iterable<IdentityRecord>, options: LinkSettings = {},
  newPersonId: (k: number) => string = (k) => `new-${k + 1}`,
): Promise<IncrementalResult> {
  const opts = withDefaults(options);
  const all: IdentityRecord[] = [...known.records];
  const newFrom = all.length;
  for (const r of incoming) all.push(r);
  const e = encodeRecords(all);
  const personIndex = new Map<string, number>();
  const initial = new Int32Array(e.n).fill(-1);
  const knownKey = new Int32Array(e.n);
  known.personIds.forEach((id, x) => {
    let p = personIndex.get(id);
    if (p === undefined) { p = personIndex.size; personIndex.set(id, p); }
    initial[x] = p;
    knownKey[x] = p + 1;
  });
  const result = await runPipeline(e, opts, { linkOnly: opts.linkOnly, newFrom }, initial, [knownKey]);
  // name the clusters: a known person's id where the cluster holds one, else a new id
  const nameOf = new Map<number, string>();
  for (let x = 0; x < newFrom; x++) nameOf.set(result.personOf[x]!, known.personIds[x]!);
  let newPersons = 0;
  const personIds: string[] = new Array<string>(e.n);
  for (let x = 0; x < e.n; x++) {
    const c = result.personOf[x]!;
    let id = nameOf.get(c);
    if (id === undefined) { id = newPersonId(newPersons++); nameOf.set(c, id); }
    personIds[x] = id;
  }
  return { ...result, personIds, newFrom, newPersons };
}

/** The waterfall for one pair of records (indices into `result.encoded`). */
export function explainPair(result: Pick<LinkResult, 'encoded' | 'weights'>, i: number, j: number): PairExplanation {
  const levels = new Int8Array(FIELD_COUNT);
  compareAll(result.encoded, i, j, levels);
  return explainLevels(result.weights, result.encoded, i, levels);
}

/** Human-readable summary of a trained model: per field and level, m, u and the weight. */
export function describeModel(params: ModelParams): { field: string; level: string; m: number; u: number; weight: number }[] {
  const w = buildWeights(params);
  const rows: { field: string; level: string; m: number; u: number; weight: number }[] = [];
  COMPARISONS.forEach((c, f) => c.levels.forEach((label, l) => {
    rows.push({ field: c.field, level: label, m: params.m[f]![l]!, u: params.u[f]![l]!, weight: w.table[f * (Math.max(...LEVEL_COUNTS) + 1) + l + 1]! });
  }));
  return rows;
}

export { weightToProbability, probabilityToWeight };
