// Clustering scored pairs into people. Edges at or above the threshold are merged strongest first
// (union–find); a merge is refused when it would put two different values of a trusted identifier
// (NHS number, UPN, NI number) into one person through records that do not carry it, so one bad link
// cannot chain two people together. A direct link between two records whose identifiers differ is
// allowed when its score is high enough anyway: identifiers are strong evidence, not gospel.

export interface ScoredPairs {
  i: Int32Array;
  j: Int32Array;
  weight: Float32Array;
  count: number;
}

export interface ClusterResult {
  /** dense cluster id per record, 0..clusters-1 */
  clusterOf: Int32Array;
  clusters: number;
  /** edges at or above the threshold that were refused because of a contradiction */
  refused: number;
}

export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    let r = x;
    while (p[r] !== r) r = p[r]!;
    while (p[x] !== r) { const nx = p[x]!; p[x] = r; x = nx; }
    return r;
  }
  /** Join the sets of a and b; returns the new root. */
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

/** Edge indices with weight ≥ threshold, strongest first (ties by index, so results are deterministic). */
export function sortedEdges(pairs: ScoredPairs, threshold: number): Uint32Array {
  const keys = new Float64Array(pairs.count);
  let k = 0;
  for (let e = 0; e < pairs.count; e++) {
    const w = pairs.weight[e]!;
    if (w < threshold) continue;
    // quantise the weight to 1/1024 and pack (descending weight, edge index) into one number
    const q = Math.round((256 - Math.min(Math.max(w, -255), 255)) * 1024);
    keys[k++] = q * 2 ** 27 + e;
  }
  const used = keys.subarray(0, k).sort();
  const out = new Uint32Array(k);
  for (let x = 0; x < k; x++) out[x] = used[x]! % 2 ** 27;
  return out;
}

/**
 * Cluster n records from scored pairs. `conflictKeys` are per-record id columns (0 = none) that
 * must not disagree inside a cluster. `initial` optionally pre-joins records (known persons).
 * A key marked `strict` is a veto even on a direct link; otherwise a direct link between two
 * records with different values may stand (its score already counted the disagreement).
 */
export function clusterPairs(
  n: number, pairs: ScoredPairs, threshold: number, conflictKeys: readonly Int32Array[] = [], initial?: Int32Array,
  strict: readonly boolean[] = [],
): ClusterResult {
  const uf = new UnionFind(n);
  // per root, the identifier value held for each conflict key (0 = none yet)
  const held = conflictKeys.map((col) => Int32Array.from(col));
  const merge = (a: number, b: number): boolean => {
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra === rb) return true;
    for (let k = 0; k < held.length; k++) {
      const h = held[k]!;
      const va = h[ra]!;
      const vb = h[rb]!;
      if (va !== 0 && vb !== 0 && va !== vb) {
        // allowed only when the edge itself compared two different values (the score already
        // weighed that disagreement); a chain through records without the identifier is refused
        if (strict[k]) return false;
        const col = conflictKeys[k]!;
        const ia = col[a]!;
        const ib = col[b]!;
        if (ia === 0 || ib === 0 || ia === ib) return false;
      }
    }
    const r = uf.union(ra, rb);
    const other = r === ra ? rb : ra;
    for (const h of held) if (h[r] === 0) h[r] = h[other]!;
    return true;
  };
  if (initial) {
    const firstOf = new Map<number, number>();
    for (let x = 0; x < n; x++) {
      const c = initial[x]!;
      if (c < 0) continue;
      const f = firstOf.get(c);
      if (f === undefined) firstOf.set(c, x);
      else {
        // known persons are kept whole even if their identifiers disagree
        const ra = uf.find(f);
        const rb = uf.find(x);
        const r = uf.union(ra, rb);
        const other = r === ra ? rb : ra;
        for (const h of held) if (h[r] === 0) h[r] = h[other]!;
      }
    }
  }
  let refused = 0;
  for (const e of sortedEdges(pairs, threshold)) {
    if (!merge(pairs.i[e]!, pairs.j[e]!)) refused++;
  }
  const clusterOf = new Int32Array(n);
  const dense = new Int32Array(n).fill(-1);
  let clusters = 0;
  for (let x = 0; x < n; x++) {
    const r = uf.find(x);
    if (dense[r] === -1) dense[r] = clusters++;
    clusterOf[x] = dense[r]!;
  }
  return { clusterOf, clusters, refused };
}

/**
 * Weak bridges: edges at or above `threshold` but below `strong` whose two records each have other
 * links yet share no linked neighbour. Such an edge is often the one bad link that would chain two
 * people together; dropping it before clustering keeps them apart. Returns the pairs without them.
 */
export function dropWeakBridges(n: number, pairs: ScoredPairs, threshold: number, strong: number): { pairs: ScoredPairs; dropped: number } {
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < pairs.count; e++) {
    if (pairs.weight[e]! < threshold) continue;
    deg[pairs.i[e]! + 1]!++;
    deg[pairs.j[e]! + 1]!++;
  }
  for (let x = 1; x <= n; x++) deg[x]! += deg[x - 1]!;
  const adj = new Int32Array(deg[n]!);
  const fill = deg.slice(0, n);
  for (let e = 0; e < pairs.count; e++) {
    if (pairs.weight[e]! < threshold) continue;
    const i = pairs.i[e]!;
    const j = pairs.j[e]!;
    adj[fill[i]!++] = j;
    adj[fill[j]!++] = i;
  }
  // neighbours sorted per node for a merge-style intersection
  for (let x = 0; x < n; x++) adj.subarray(deg[x]!, deg[x + 1]!).sort();
  const keep = new Uint8Array(pairs.count).fill(1);
  let dropped = 0;
  for (let e = 0; e < pairs.count; e++) {
    const w = pairs.weight[e]!;
    if (w < threshold || w >= strong) continue;
    const i = pairs.i[e]!;
    const j = pairs.j[e]!;
    const a0 = deg[i]!, a1 = deg[i + 1]!, b0 = deg[j]!, b1 = deg[j + 1]!;
    if (a1 - a0 < 2 || b1 - b0 < 2) continue;
    let p = a0;
    let q = b0;
    let common = false;
    while (p < a1 && q < b1) {
      const x = adj[p]!;
      const y = adj[q]!;
      if (x === y) { common = true; break; }
      if (x < y) p++; else q++;
    }
    if (!common) { keep[e] = 0; dropped++; }
  }
  if (dropped === 0) return { pairs, dropped };
  const count = pairs.count - dropped;
  const out: ScoredPairs = { i: new Int32Array(count), j: new Int32Array(count), weight: new Float32Array(count), count };
  let k = 0;
  for (let e = 0; e < pairs.count; e++) {
    if (!keep[e]) continue;
    out.i[k] = pairs.i[e]!; out.j[k] = pairs.j[e]!; out.weight[k] = pairs.weight[e]!; k++;
  }
  return { pairs: out, dropped };
}

/** Pairwise evaluation of a clustering against truth labels (any integers; negative = unknown). */
export interface PairwiseScores { truePairs: number; predictedPairs: number; correctPairs: number; precision: number; recall: number; f1: number }

export function pairwiseScores(predicted: ArrayLike<number>, truth: ArrayLike<number>, crossSourceOnly?: ArrayLike<number>): PairwiseScores {
  const n = predicted.length;
  const count = (keyOf: (x: number) => string): number => {
    const m = new Map<string, number>();
    for (let x = 0; x < n; x++) { const k = keyOf(x); m.set(k, (m.get(k) ?? 0) + 1); }
    let s = 0;
    for (const c of m.values()) s += (c * (c - 1)) / 2;
    return s;
  };
  const src = crossSourceOnly;
  // with sources given, count only pairs across sources: all pairs minus same-source pairs
  const pairsOf = (keyOf: (x: number) => string): number =>
    src ? count(keyOf) - count((x) => `${keyOf(x)}|${src[x]}`) : count(keyOf);
  const truePairs = pairsOf((x) => `${truth[x]}`);
  const predictedPairs = pairsOf((x) => `${predicted[x]}`);
  const correctPairs = pairsOf((x) => `${predicted[x]}:${truth[x]}`);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}
