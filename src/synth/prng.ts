// A small seeded PRNG (sfc32) and the draws synth needs. No Math.random anywhere in synth:
// every stream is derived from (seed, purpose, index) so any part of the county can be
// regenerated on its own, in any order, on any thread, with the same result.

/** 32-bit FNV-1a hash of a string, for turning seeds and labels into numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for (seed, stream, index): e.g. new Rng(hashString(seed), 1, clusterIndex). */
  constructor(seed: number, stream = 0, index = 0) {
    this.a = mix(seed ^ 0x9e3779b9);
    this.b = mix((seed + Math.imul(stream + 1, 0x85ebca6b)) >>> 0);
    this.c = mix((index ^ 0xc2b2ae35) + Math.imul(stream, 0x27d4eb2f));
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  /** A normally distributed value (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson-distributed count (Knuth; fine for small means). */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > l);
    return k - 1;
  }

  /** A bound function returning floats, for APIs that take `() => number`. */
  fn(): () => number {
    return () => this.next();
  }
}

/** A weighted table sampled by binary search over cumulative weights. */
export class Weighted<T> {
  readonly items: T[];
  private readonly cum: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.cum = new Float64Array(entries.length);
    let t = 0;
    entries.forEach((e, i) => { t += e[1]; this.cum[i] = t; });
  }

  sample(rng: Rng): T {
    const x = rng.next() * (this.cum[this.cum.length - 1] as number);
    let lo = 0, hi = this.cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((this.cum[mid] as number) > x) hi = mid; else lo = mid + 1; }
    return this.items[lo] as T;
  }
}
