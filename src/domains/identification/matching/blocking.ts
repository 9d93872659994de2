// Blocking: each rule gives every record a key (0 = the record takes no part); records sharing a
// key form a block, and only pairs inside a block are compared. Several cheap rules keep recall high;
// a pair found by an earlier rule is not generated again by a later one. Blocks larger than a cap
// are left out (the other rules still see their records).
import type { EncodedRecords } from './encode.ts';
import { ADDRESS, DOB, FAMILY, GIVEN, NHS, NI, POSTCODE, SEX, UPN, UPRN } from './comparisons.ts';

export interface BlockingRule {
  name: string;
  /** comparison fields the rule makes agree (left out of EM when training on this rule's pairs) */
  fields: readonly number[];
  /** largest block this rule compares (coarse rules get small caps so pairs grow close to linearly with records) */
  maxBlockSize?: number;
  /** training only: fields whose m this session alone decides (its pairs are near-certain matches) */
  authoritativeFor?: readonly number[];
  /** a numeric key for record i, 0 when the record cannot be blocked by this rule */
  key: (e: EncodedRecords, i: number) => number;
}

const K = 2 ** 26;
/** Combine two non-negative ids (< 2^26) into one key; 0 if either is 0. */
function pair(a: number, b: number): number { return a === 0 || b === 0 ? 0 : a * K + b; }
/** An order-insensitive pair key (catches swapped given and family names). */
function unordered(a: number, b: number): number { return a < b ? pair(a, b) : pair(b, a); }
const year = (e: EncodedRecords, i: number): number => Math.floor(e.dob[i]! / 10000);
const firstLetter = (e: EncodedRecords, i: number): number => (e.names[e.givenFirst[i]!] ?? '').charCodeAt(0) || 0;

export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'nhs_number', fields: [NHS], key: (e, i) => e.nhs[i]! },
  { name: 'upn', fields: [UPN], key: (e, i) => e.upn[i]! },
  { name: 'ni_number', fields: [NI], key: (e, i) => e.ni[i]! },
  { name: 'family phonetic + date of birth', fields: [DOB], key: (e, i) => pair(e.familyPhon[i]!, e.dob[i]!) },
  { name: 'given phonetic + date of birth', fields: [DOB], key: (e, i) => pair(e.givenPhon[i]!, e.dob[i]!) },
  { name: 'names phonetic (either order) + birth year', maxBlockSize: 60, fields: [], key: (e, i) => { const y = year(e, i); return y ? unordered(e.givenPhon[i]!, e.familyPhon[i]!) * 4096 + (y % 4096) : 0; } },
  { name: 'family phonetic + postcode', maxBlockSize: 60, fields: [POSTCODE], key: (e, i) => pair(e.familyPhon[i]!, e.pcFull[i]!) },
  { name: 'given phonetic + postcode', maxBlockSize: 60, fields: [POSTCODE], key: (e, i) => pair(e.givenPhon[i]!, e.pcFull[i]!) },
  { name: 'date of birth + postcode district', maxBlockSize: 100, fields: [DOB], key: (e, i) => pair(e.dob[i]!, e.pcDistrict[i]!) },
  { name: 'uprn + given initial', maxBlockSize: 100, fields: [UPRN], key: (e, i) => pair(e.uprn[i]!, firstLetter(e, i)) },
  { name: 'address + given initial', maxBlockSize: 100, fields: [ADDRESS], key: (e, i) => pair(e.addr[i]!, firstLetter(e, i)) },
  { name: 'names phonetic (either order)', maxBlockSize: 30, fields: [], key: (e, i) => unordered(e.givenPhon[i]!, e.familyPhon[i]!) },
  // single fields, small blocks only: cheap on small or diverse data, capped away on common values
  { name: 'date of birth', maxBlockSize: 40, fields: [DOB], key: (e, i) => e.dob[i]! % 100 === 0 ? 0 : e.dob[i]! },
  { name: 'given name', maxBlockSize: 40, fields: [GIVEN], key: (e, i) => e.givenFirst[i]! },
  { name: 'family name', maxBlockSize: 40, fields: [FAMILY], key: (e, i) => e.family[i]! },
  { name: 'family name + given initial + birth decade', maxBlockSize: 30, fields: [FAMILY], key: (e, i) => { const y = year(e, i); return y ? pair(e.family[i]!, firstLetter(e, i)) * 512 + Math.floor(y / 10) % 512 : 0; } },
];

/** Rules for EM training sessions: each leaves different fields free to estimate. */
export const DEFAULT_TRAINING_RULES: readonly BlockingRule[] = [
  // same full name and full date of birth: nearly all the same person, so how often their trusted
  // identifiers disagree here is how fallible those identifiers are in this data
  {
    name: 'given + family + date of birth', fields: [GIVEN, FAMILY, DOB, SEX], authoritativeFor: [NHS, UPN, NI],
    key: (e, i) => { const d = e.dob[i]!; return d % 100 === 0 ? 0 : pair(pair(e.given[i]!, e.family[i]!) % 2 ** 26, d); },
  },
  { name: 'date of birth', fields: [DOB], key: (e, i) => e.dob[i]! % 100 === 0 ? 0 : e.dob[i]! },
  { name: 'family name + given name', fields: [FAMILY, GIVEN], key: (e, i) => pair(e.family[i]!, e.givenFirst[i]!) },
  { name: 'postcode + given name', fields: [POSTCODE, GIVEN], key: (e, i) => pair(e.pcFull[i]!, e.givenFirst[i]!) },
];

export interface Blocks {
  rule: BlockingRule;
  /** block id per record (0 = none, or its block was too large) */
  keyOf: Int32Array;
  /** records ordered by block */
  members: Int32Array;
  /** block b holds members[start[b] .. start[b + 1]) */
  start: Int32Array;
  /** number of blocks */
  count: number;
  /** blocks left out for being larger than the cap */
  oversized: number;
}

/** Group records into blocks for one rule (blocks of one record are dropped). */
export function buildBlocks(e: EncodedRecords, rule: BlockingRule, maxBlockSizeDefault: number): Blocks {
  const n = e.n;
  const maxBlockSize = Math.min(rule.maxBlockSize ?? maxBlockSizeDefault, maxBlockSizeDefault);
  const raw = new Int32Array(n);
  const ids = new Map<number, number>();
  const sizes: number[] = [0];
  for (let i = 0; i < n; i++) {
    const k = rule.key(e, i);
    if (k === 0 || !Number.isFinite(k)) continue;
    let id = ids.get(k);
    if (id === undefined) { id = sizes.length; ids.set(k, id); sizes.push(0); }
    raw[i] = id;
    sizes[id]!++;
  }
  // renumber blocks of size 2..max densely; others become 0
  const dense = new Int32Array(sizes.length);
  let count = 0;
  let oversized = 0;
  for (let b = 1; b < sizes.length; b++) {
    const s = sizes[b]!;
    if (s >= 2 && s <= maxBlockSize) dense[b] = ++count;
    else if (s > maxBlockSize) oversized++;
  }
  const keyOf = new Int32Array(n);
  const start = new Int32Array(count + 2);
  for (let i = 0; i < n; i++) {
    const d = dense[raw[i]!]!;
    keyOf[i] = d;
    if (d) start[d + 1]!++;
  }
  for (let b = 1; b <= count + 1; b++) start[b]! += start[b - 1]!;
  const fill = start.slice();
  const members = new Int32Array(start[count + 1]!);
  for (let i = 0; i < n; i++) {
    const d = keyOf[i]!;
    if (d) members[fill[d]!++] = i;
  }
  // blocks are numbered from 1; shift so block b (0-based) spans start[b+1]..start[b+2] → expose 0-based
  return { rule, keyOf, members, start: start.subarray(1), count, oversized };
}

/** True when an earlier rule (index < r) already produced the pair (i, j). */
export function seenEarlier(all: readonly Blocks[], r: number, i: number, j: number): boolean {
  for (let q = 0; q < r; q++) {
    const k = all[q]!.keyOf;
    const a = k[i]!;
    if (a !== 0 && a === k[j]) return true;
  }
  return false;
}

/** Number of candidate pairs a set of blocks would generate before de-duplication across rules. */
export function blockPairCount(b: Blocks): number {
  let total = 0;
  for (let x = 0; x < b.count; x++) {
    const s = b.start[x + 1]! - b.start[x]!;
    total += (s * (s - 1)) / 2;
  }
  return total;
}
