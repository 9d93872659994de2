// The Fellegi–Sunter model: m and u probabilities per comparison level, the prior λ, term-frequency
// adjustments, match weights (log2 Bayes factors) and per-field contributions for explanations.
import { COMPARISONS, FIELD_COUNT, LEVEL_COUNTS, termFrequency } from './comparisons.ts';
import type { EncodedRecords } from './encode.ts';

/** Largest number of levels of any comparison; weight tables are laid out field × (MAX_LEVELS + 1). */
export const MAX_LEVELS = Math.max(...LEVEL_COUNTS);
export const STRIDE = MAX_LEVELS + 1;

export interface ModelParams {
  /** probability that two records drawn at random are the same person */
  lambda: number;
  /** m[field][level] = P(level | same person) */
  m: number[][];
  /** u[field][level] = P(level | different people) */
  u: number[][];
  /** term-frequency adjustment strength per field (0 = off, 1 = full); applied at the field's exact level */
  tfWeight: number[];
}

export const DEFAULT_TF_WEIGHTS: readonly number[] = COMPARISONS.map((c) => (c.tfLevel >= 0 ? 1 : 0));

const MIN_P = 1e-6;

export function log2(x: number): number { return Math.log(x) / Math.LN2; }
export function weightToProbability(w: number): number { return 1 / (1 + 2 ** -w); }
export function probabilityToWeight(p: number): number { return log2(p / (1 - p)); }

/** m probabilities to start EM from: agreement much likelier among matches. */
export function initialM(): number[][] {
  return LEVEL_COUNTS.map((k, f) => {
    const top = COMPARISONS[f]!.tfLevel >= 0 ? COMPARISONS[f]!.tfLevel : k - 1;
    const raw = Array.from({ length: k }, (_, l) => (l === top ? 20 : l === 0 ? 0.5 : 1 + l));
    const s = raw.reduce((a, b) => a + b, 0);
    return raw.map((x) => x / s);
  });
}

export interface Weights {
  params: ModelParams;
  /** log2 prior odds */
  prior: number;
  /** log2(m/u) at [field * STRIDE + level + 1]; the slot for level -1 (missing) is 0 */
  table: Float64Array;
  /** per field, the u of the exact level (for term-frequency adjustments) */
  uExact: Float64Array;
}

export function buildWeights(params: ModelParams): Weights {
  const table = new Float64Array(FIELD_COUNT * STRIDE);
  const uExact = new Float64Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const m = params.m[f]!;
    const u = params.u[f]!;
    for (let l = 0; l < LEVEL_COUNTS[f]!; l++) {
      table[f * STRIDE + l + 1] = log2(Math.max(m[l]!, MIN_P) / Math.max(u[l]!, MIN_P));
    }
    const tl = COMPARISONS[f]!.tfLevel;
    uExact[f] = tl >= 0 ? Math.max(u[tl]!, MIN_P) : 0;
  }
  return { params, prior: log2(params.lambda / (1 - params.lambda)), table, uExact };
}

/** Fewer non-blank values than this in a field and term-frequency adjustments are off for it. */
export const MIN_TF_VALUES = 1000;

function tfTotal(e: EncodedRecords, field: number): number {
  return [e.givenTotal, e.familyTotal, e.dobTotal, 0, e.pcTotal, e.addrTotal][field] ?? 0;
}

/** Term-frequency adjustment (log2) for agreeing on record i's value of `field`. */
export function tfAdjustment(w: Weights, e: EncodedRecords, field: number, i: number): number {
  const tw = w.params.tfWeight[field] ?? 0;
  if (tw === 0 || tfTotal(e, field) < MIN_TF_VALUES) return 0;
  const tf = termFrequency(e, field, i);
  if (tf <= 0) return 0;
  const adj = tw * log2(w.uExact[field]! / tf);
  // bounded: one extremely rare or common value should not dominate the pair
  return adj > 8 ? 8 : adj < -8 ? -8 : adj;
}

/** Precomputed term-frequency adjustments per value id for the fields that have them. */
export interface TfTables { given: Float64Array; family: Float64Array; dob: Float64Array; postcode: Float64Array; address: Float64Array }

export function buildTfTables(w: Weights, e: EncodedRecords): TfTables {
  const make = (field: number, count: Int32Array, total: number): Float64Array => {
    const out = new Float64Array(count.length);
    const tw = w.params.tfWeight[field] ?? 0;
    // value frequencies from a handful of records say nothing about the population: no adjustment
    if (tw === 0 || total < MIN_TF_VALUES) return out;
    const ue = w.uExact[field]!;
    for (let v = 1; v < count.length; v++) {
      const c = count[v]!;
      if (c === 0) continue;
      const adj = tw * log2(ue / (c / total));
      out[v] = adj > 8 ? 8 : adj < -8 ? -8 : adj;
    }
    return out;
  };
  return {
    given: make(0, e.givenCount, e.givenTotal),
    family: make(1, e.familyCount, e.familyTotal),
    dob: make(2, e.dobCount, e.dobTotal),
    postcode: make(4, e.pcCount, e.pcTotal),
    address: make(5, e.addrCount, e.addrTotal),
  };
}

/** Agreement patterns with their counts, for EM. Levels are stored field-major per pattern. */
export class PatternCounts {
  private readonly index = new Map<number, number>();
  levels: Int8Array[] = [];
  counts: number[] = [];
  total = 0;
  /** Count one pattern (`weight` times, for a pair standing for others in a sample). */
  add(levels: Int8Array, weight = 1): void {
    let code = 0;
    for (let f = 0; f < FIELD_COUNT; f++) code = code * (MAX_LEVELS + 1) + (levels[f]! + 1);
    const at = this.index.get(code);
    if (at === undefined) {
      this.index.set(code, this.levels.length);
      this.levels.push(Int8Array.from(levels));
      this.counts.push(weight);
    } else {
      this.counts[at]! += weight;
    }
    this.total += weight;
  }
  get size(): number { return this.levels.length; }
}

export interface EmResult { m: number[][]; lambda: number; iterations: number }

/**
 * Expectation–maximisation for m (and the in-sample match proportion) with u fixed, over pattern counts.
 * Fields in `exclude` (those fixed by the blocking rule that produced the pairs) take no part.
 */
export function expectationMaximisation(
  patterns: PatternCounts, u: number[][], mStart: number[][], exclude: readonly number[], maxIterations = 40,
): EmResult {
  const active: number[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) if (!exclude.includes(f)) active.push(f);
  const m = mStart.map((row) => row.slice());
  let lambda = 0.1;
  const P = patterns.size;
  const post = new Float64Array(P);
  let it = 0;
  for (; it < maxIterations; it++) {
    let matched = 0;
    for (let p = 0; p < P; p++) {
      const lv = patterns.levels[p]!;
      let lm = 1;
      let lu = 1;
      for (const f of active) {
        const l = lv[f]!;
        if (l < 0) continue;
        lm *= Math.max(m[f]![l]!, MIN_P);
        lu *= Math.max(u[f]![l]!, MIN_P);
      }
      const a = lambda * lm;
      const q = a / (a + (1 - lambda) * lu);
      post[p] = q;
      matched += q * patterns.counts[p]!;
    }
    const newLambda = Math.min(Math.max(matched / patterns.total, 1e-9), 1 - 1e-9);
    const next = m.map((row) => row.map(() => 0));
    const denom = new Float64Array(FIELD_COUNT);
    for (let p = 0; p < P; p++) {
      const lv = patterns.levels[p]!;
      const w = post[p]! * patterns.counts[p]!;
      for (const f of active) {
        const l = lv[f]!;
        if (l < 0) continue;
        next[f]![l]! += w;
        denom[f]! += w;
      }
    }
    let delta = Math.abs(newLambda - lambda);
    for (const f of active) {
      const d = denom[f]!;
      if (d <= 0) continue;
      const k = LEVEL_COUNTS[f]!;
      for (let l = 0; l < k; l++) {
        // a little Laplace smoothing keeps never-seen levels finite
        const v = (next[f]![l]! + 0.01) / (d + 0.01 * k);
        delta = Math.max(delta, Math.abs(v - m[f]![l]!));
        m[f]![l] = v;
      }
    }
    lambda = newLambda;
    if (delta < 1e-5) { it++; break; }
  }
  return { m, lambda, iterations: it };
}

/** u from counts of levels over randomly drawn pairs (smoothed). */
export function uFromCounts(levelCounts: number[][]): number[][] {
  return levelCounts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (c + 0.5) / (total + 0.5 * row.length));
  });
}

/**
 * λ for all possible pairs: the expected number of matches among the candidate pairs (sampled
 * patterns scaled up to the full candidate count), over the number of possible pairs.
 */
export function estimateLambda(patterns: PatternCounts, m: number[][], u: number[][], candidatePairs: number, possiblePairs: number): number {
  const P = patterns.size;
  const bf = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const lv = patterns.levels[p]!;
    let r = 1;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = lv[f]!;
      if (l < 0) continue;
      r *= Math.max(m[f]![l]!, MIN_P) / Math.max(u[f]![l]!, MIN_P);
    }
    bf[p] = r;
  }
  const scale = patterns.total > 0 ? candidatePairs / patterns.total : 0;
  let lambda = Math.min(0.5, Math.max(1e-12, candidatePairs / Math.max(possiblePairs, 1) / 10));
  for (let it = 0; it < 100; it++) {
    const odds = lambda / (1 - lambda);
    let expected = 0;
    for (let p = 0; p < P; p++) {
      const o = odds * bf[p]!;
      expected += (o / (1 + o)) * patterns.counts[p]!;
    }
    const next = Math.min(0.5, Math.max(1e-12, (expected * scale) / Math.max(possiblePairs, 1)));
    if (Math.abs(next - lambda) / lambda < 1e-6) { lambda = next; break; }
    lambda = next;
  }
  return lambda;
}

/**
 * Contradictions the independence assumption misses, because members of one household share
 * surname, address and sometimes birthday. Returns a reason when the pair must not link
 * automatically (its weight is capped at GUARD_CAP_WEIGHT, i.e. match probability 0.5, which sends
 * it to review), or '' when no guard applies. An agreeing trusted identifier overrides the guards.
 *  - twins: same family name and date of birth, same address or postcode, given names wholly different;
 *  - same name: same given and family name at the same address, dates of birth more than a typo
 *    apart (a father and son, a mother and daughter, siblings given the same name).
 */
export function householdGuard(given: number, family: number, dob: number, postcode: number, address: number, uprn: number, idAgrees: boolean): string {
  if (idAgrees) return '';
  const sameHome = postcode === 4 || address >= 3 || uprn === 1;
  if (!sameHome) return '';
  if (given === 0 && family >= 3 && dob >= 5) return 'twins: same surname, birthday and address, different given names';
  if (dob >= 0 && dob <= 2 && given >= 4 && given <= 5 && family >= 3) return 'same name and address, different birth dates: a parent and child or siblings';
  return '';
}

/** The weight a guarded pair is capped at (match probability 0.5). */
export const GUARD_CAP_WEIGHT = 0;

/**
 * Hand-set parameters for data too small to train on (tests, a first delivery of a few records):
 * roughly what training finds on `hearth synth` data. Levels as in COMPARISONS.
 */
export const DEFAULT_MODEL: ModelParams = {
  lambda: 0.01,
  m: [
    [0.03, 0.03, 0.05, 0.04, 0.08, 0.77, 0.002],
    [0.07, 0.02, 0.05, 0.06, 0.8],
    [0.004, 0.01, 0.02, 0.05, 0.01, 0.02, 0.886],
    [0.02, 0.98],
    [0.15, 0.05, 0.05, 0.05, 0.7],
    [0.15, 0.05, 0.05, 0.05, 0.7],
    [0.25, 0.75],
    [0.01, 0.01, 0.98],
    [0.01, 0.01, 0.98],
    [0.01, 0.01, 0.98],
  ],
  u: [
    [0.97, 0.015, 0.008, 0.002, 0.003, 0.01, 0.00005],
    [0.985, 0.01, 0.002, 0.001, 0.002],
    [0.75, 0.2, 0.04, 0.005, 0.00005, 0.0005, 0.0001],
    [0.5, 0.5],
    [0.9, 0.08, 0.015, 0.004, 0.001],
    [0.995, 0.003, 0.001, 0.0005, 0.0005],
    [0.9995, 0.0005],
    [0.9999, 0.00009, 0.00001],
    [0.9999, 0.00009, 0.00001],
    [0.9999, 0.00009, 0.00001],
  ],
  tfWeight: [...DEFAULT_TF_WEIGHTS],
};

export interface FieldContribution {
  field: string;
  level: number;
  label: string;
  /** log2(m/u) for the level, plus the term-frequency adjustment where applied */
  weight: number;
  tfAdjustment: number;
}

export interface PairExplanation {
  prior: number;
  fields: FieldContribution[];
  /** the household guard that capped the weight, or '' */
  guard: string;
  matchWeight: number;
  matchProbability: number;
}

/** A waterfall: the prior, then each field's contribution, summing to the match weight. */
export function explainLevels(w: Weights, e: EncodedRecords, i: number, levels: Int8Array): PairExplanation {
  let total = w.prior;
  const fields: FieldContribution[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) {
    const l = levels[f]!;
    const spec = COMPARISONS[f]!;
    const base = w.table[f * STRIDE + l + 1]!;
    const tf = l >= 0 && l === spec.tfLevel ? tfAdjustment(w, e, f, i) : 0;
    total += base + tf;
    fields.push({ field: spec.field, level: l, label: l < 0 ? 'missing' : spec.levels[l]!, weight: base + tf, tfAdjustment: tf });
  }
  const idAgrees = levels[7] === 2 || levels[8] === 2 || levels[9] === 2;
  const guard = householdGuard(levels[0]!, levels[1]!, levels[2]!, levels[4]!, levels[5]!, levels[6]!, idAgrees);
  if (guard && total > GUARD_CAP_WEIGHT) total = GUARD_CAP_WEIGHT;
  return { prior: w.prior, fields, guard, matchWeight: total, matchProbability: weightToProbability(total) };
}
