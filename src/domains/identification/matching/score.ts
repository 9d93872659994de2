// The hot loop: candidate pairs from the blocks, each scored by summing precomputed log2 weights of
// its comparison levels (plus term-frequency adjustments). No objects are allocated per pair.
import type { EncodedRecords } from './encode.ts';
import type { Blocks } from './blocking.ts';
import { seenEarlier } from './blocking.ts';
import {
  ADDRESS, DOB, FAMILY, GIVEN, NHS, NI, POSTCODE, SEX, UPN, UPRN, LEVEL_COUNTS,
  compareAddress, compareDateOfBirth, compareFamilyName, compareGivenName, comparePostcode, compareSex,
} from './comparisons.ts';
import { withinOneEdit } from './string-similarity.ts';
import { GUARD_CAP_WEIGHT, STRIDE, householdGuard } from './model.ts';
import type { TfTables, Weights } from './model.ts';

/** Growable arrays of scored pairs. */
export class PairBuffer {
  i = new Int32Array(1 << 16);
  j = new Int32Array(1 << 16);
  weight = new Float32Array(1 << 16);
  count = 0;
  push(a: number, b: number, w: number): void {
    if (this.count === this.i.length) {
      const cap = this.i.length * 2;
      const ni = new Int32Array(cap); ni.set(this.i); this.i = ni;
      const nj = new Int32Array(cap); nj.set(this.j); this.j = nj;
      const nw = new Float32Array(cap); nw.set(this.weight); this.weight = nw;
    }
    this.i[this.count] = a;
    this.j[this.count] = b;
    this.weight[this.count] = w;
    this.count++;
  }
  append(other: { i: Int32Array; j: Int32Array; weight: Float32Array; count: number }): void {
    for (let x = 0; x < other.count; x++) this.push(other.i[x]!, other.j[x]!, other.weight[x]!);
  }
}

export interface PairFilter {
  /** only pairs across sources */
  linkOnly: boolean;
  /** only pairs where at least one record index is ≥ this (incremental linking); 0 = all */
  newFrom: number;
}

function idLevel(ids: Int32Array, dict: string[], i: number, j: number): number {
  const a = ids[i]!;
  const b = ids[j]!;
  if (a === 0 || b === 0) return -1;
  if (a === b) return 2;
  return withinOneEdit(dict[a]!, dict[b]!) ? 1 : 0;
}

/** Scores pairs; keeps those with weight ≥ minWeight. */
export class Scorer {
  readonly e: EncodedRecords;
  readonly t: Float64Array;
  readonly prior: number;
  readonly tf: TfTables;
  readonly maxNames: number;
  constructor(e: EncodedRecords, w: Weights, tf: TfTables) {
    this.e = e;
    this.t = w.table;
    this.prior = w.prior;
    this.tf = tf;
    const maxOf = (f: number): number => {
      let m = 0;
      for (let l = 0; l <= LEVEL_COUNTS[f]!; l++) m = Math.max(m, w.table[f * STRIDE + l]!);
      return m;
    };
    this.maxNames = maxOf(GIVEN) + maxOf(FAMILY) + 16;
  }

  /** The match weight of (i, j), or -Infinity as soon as it cannot reach minWeight. */
  score(i: number, j: number, minWeight: number): number {
    const e = this.e;
    const t = this.t;
    let s = this.prior;
    let l = idLevel(e.nhs, e.identifiers, i, j);
    s += t[NHS * STRIDE + l + 1]!;
    let idAgrees = l === 2;
    l = idLevel(e.upn, e.identifiers, i, j);
    s += t[UPN * STRIDE + l + 1]!;
    idAgrees ||= l === 2;
    l = idLevel(e.ni, e.identifiers, i, j);
    s += t[NI * STRIDE + l + 1]!;
    idAgrees ||= l === 2;
    const dobLevel = compareDateOfBirth(e, i, j);
    s += t[DOB * STRIDE + dobLevel + 1]!;
    if (dobLevel === 6) s += this.tf.dob[e.dobId[i]!]!;
    l = compareSex(e, i, j);
    s += t[SEX * STRIDE + l + 1]!;
    // residence: one piece of evidence (see compareResidence)
    const ua = e.uprn[i]!;
    const ub = e.uprn[j]!;
    let uprnLevel = -1;
    let addrLevel = -1;
    let pcLevel = -1;
    if (ua !== 0 && ub !== 0) {
      uprnLevel = ua === ub ? 1 : 0;
      s += t[UPRN * STRIDE + uprnLevel + 1]!;
    } else {
      addrLevel = compareAddress(e, i, j);
      s += t[ADDRESS * STRIDE + addrLevel + 1]!;
      if (addrLevel === 4) s += this.tf.address[e.addr[i]!]!;
      if (addrLevel < 3) {
        pcLevel = comparePostcode(e, i, j);
        s += t[POSTCODE * STRIDE + pcLevel + 1]!;
        if (pcLevel === 4) s += this.tf.postcode[e.pcFull[i]!]!;
      }
    }
    if (s + this.maxNames < minWeight) return -Infinity;
    const givenLevel = compareGivenName(e, i, j);
    s += t[GIVEN * STRIDE + givenLevel + 1]!;
    if (givenLevel === 5) s += this.tf.given[e.given[i]!]!;
    const familyLevel = compareFamilyName(e, i, j);
    s += t[FAMILY * STRIDE + familyLevel + 1]!;
    if (familyLevel === 4) s += this.tf.family[e.family[i]!]!;
    if (s > GUARD_CAP_WEIGHT && householdGuard(givenLevel, familyLevel, dobLevel, pcLevel, addrLevel, uprnLevel, idAgrees)) s = GUARD_CAP_WEIGHT;
    return s;
  }
}

/**
 * Score every candidate pair of blocks `all[r]` for r in rules, blocks [from, to) of each rule,
 * pushing pairs with weight ≥ minWeight. Returns the number of candidate pairs compared.
 */
export function scoreBlocks(
  scorer: Scorer, all: readonly Blocks[], r: number, from: number, to: number, filter: PairFilter, minWeight: number, out: PairBuffer,
): number {
  const b = all[r]!;
  const e = scorer.e;
  const src = e.source;
  const members = b.members;
  const start = b.start;
  let compared = 0;
  for (let x = from; x < to; x++) {
    const s0 = start[x]!;
    const s1 = start[x + 1]!;
    for (let p = s0; p < s1; p++) {
      const i = members[p]!;
      for (let q = p + 1; q < s1; q++) {
        const j = members[q]!;
        if (filter.linkOnly && src[i] === src[j]) continue;
        if (filter.newFrom > 0 && i < filter.newFrom && j < filter.newFrom) continue;
        if (r > 0 && seenEarlier(all, r, i, j)) continue;
        compared++;
        const w = scorer.score(i, j, minWeight);
        if (w >= minWeight) {
          if (i < j) out.push(i, j, w); else out.push(j, i, w);
        }
      }
    }
  }
  return compared;
}
