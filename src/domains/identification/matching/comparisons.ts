// Comparison levels per field. Each comparison turns a pair of encoded records into a level code:
// -1 = a value is missing on either side (no evidence), 0 = disagree, higher = stronger agreement.
import type { EncodedRecords } from './encode.ts';
import { jaroWinkler, sortedJaccard, withinOneEdit } from './string-similarity.ts';
import { areNicknames } from './nicknames.ts';

export interface ComparisonSpec {
  field: string;
  /** labels of levels 0..k-1 (index = level code) */
  levels: readonly string[];
  /** the level at which a term-frequency adjustment applies (exact agreement), or -1 */
  tfLevel: number;
}

export const GIVEN = 0;
export const FAMILY = 1;
export const DOB = 2;
export const SEX = 3;
export const POSTCODE = 4;
export const ADDRESS = 5;
export const UPRN = 6;
export const NHS = 7;
export const UPN = 8;
export const NI = 9;
export const FIELD_COUNT = 10;

export const COMPARISONS: readonly ComparisonSpec[] = [
  { field: 'given_name', tfLevel: 5, levels: ['different', 'Jaro–Winkler ≥ 0.75 or initial', 'phonetic or Jaro–Winkler ≥ 0.88', 'nickname', 'Jaro–Winkler ≥ 0.94 or same first name', 'exact', 'given and family names swapped'] },
  { field: 'family_name', tfLevel: 4, levels: ['different', 'Jaro–Winkler ≥ 0.75', 'phonetic, Jaro–Winkler ≥ 0.88 or shared part of a double-barrelled name', 'Jaro–Winkler ≥ 0.94', 'exact'] },
  { field: 'date_of_birth', tfLevel: 6, levels: ['more than 10 years apart', 'within 10 years', 'within a year', 'one digit different or transposed digits', 'day and month transposed', 'partial date agrees', 'exact'] },
  { field: 'sex', tfLevel: -1, levels: ['different', 'same'] },
  { field: 'postcode', tfLevel: 4, levels: ['different area', 'same area', 'same district', 'same sector', 'exact'] },
  { field: 'address', tfLevel: 4, levels: ['different', 'token overlap ≥ 0.3', 'token overlap ≥ 0.5', 'token overlap ≥ 0.75', 'exact'] },
  { field: 'uprn', tfLevel: -1, levels: ['different', 'exact'] },
  { field: 'nhs_number', tfLevel: -1, levels: ['different', 'one character different', 'exact'] },
  { field: 'upn', tfLevel: -1, levels: ['different', 'one character different', 'exact'] },
  { field: 'ni_number', tfLevel: -1, levels: ['different', 'one character different', 'exact'] },
];

export const LEVEL_COUNTS: readonly number[] = COMPARISONS.map((c) => c.levels.length);

/** Thresholds used by the levels (exported so tests and docs quote the same numbers). */
export const NAME_JW_HIGH = 0.94;
export const NAME_JW_MID = 0.88;
export const NAME_JW_LOW = 0.75;

export function compareGivenName(e: EncodedRecords, i: number, j: number): number {
  const a = e.given[i]!;
  const b = e.given[j]!;
  if (a === 0 || b === 0) return -1;
  if (a === b) return 5;
  const fa = e.family[i]!;
  const fb = e.family[j]!;
  if (fa !== 0 && a === fb && b === fa) return 6;
  const firstA = e.givenFirst[i]!;
  const firstB = e.givenFirst[j]!;
  if (firstA === firstB) return 4;
  const sa = e.names[firstA]!;
  const sb = e.names[firstB]!;
  const jw = jaroWinkler(sa, sb);
  if (jw >= NAME_JW_HIGH) return 4;
  const na = e.givenNick[i]!;
  if ((na !== 0 && na === e.givenNick[j]) || (na !== 0 && e.givenNick[j] !== 0 && areNicknames(sa, sb))) return 3;
  if (jw >= NAME_JW_MID || e.givenPhon[i] === e.givenPhon[j]) return 2;
  if (jw >= NAME_JW_LOW) return 1;
  // an initial against a full name ('j' / 'john')
  if ((sa.length === 1 || sb.length === 1) && sa.charCodeAt(0) === sb.charCodeAt(0)) return 1;
  return 0;
}

function sharesNamePart(a: string, b: string): boolean {
  if (a.indexOf(' ') < 0 && b.indexOf(' ') < 0) return false;
  const ta = a.split(' ');
  for (const t of b.split(' ')) if (t.length > 1 && ta.includes(t)) return true;
  return false;
}

export function compareFamilyName(e: EncodedRecords, i: number, j: number): number {
  const a = e.family[i]!;
  const b = e.family[j]!;
  if (a === 0 || b === 0) return -1;
  if (a === b) return 4;
  // swapped given/family names are scored once, on the given-name comparison
  const ga = e.given[i]!;
  if (ga !== 0 && a === e.given[j] && b === ga) return -1;
  const sa = e.names[a]!;
  const sb = e.names[b]!;
  const jw = jaroWinkler(sa, sb);
  if (jw >= NAME_JW_HIGH) return 3;
  if (jw >= NAME_JW_MID || e.familyPhon[i] === e.familyPhon[j] || sharesNamePart(sa, sb)) return 2;
  if (jw >= NAME_JW_LOW) return 1;
  return 0;
}

/** Number of differing decimal digits between two yyyymmdd integers, 9 when they differ beyond one adjacent swap. */
function digitEdits(a: number, b: number): number {
  let diff = 0;
  let firstPos = -1;
  let secondPos = -1;
  let x = a;
  let y = b;
  for (let p = 0; p < 8; p++) {
    if (x % 10 !== y % 10) {
      diff++;
      if (firstPos < 0) firstPos = p; else secondPos = p;
    }
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
  }
  if (diff === 2 && secondPos === firstPos + 1) {
    const pa = Math.floor(a / 10 ** firstPos) % 100;
    const pb = Math.floor(b / 10 ** firstPos) % 100;
    if (Math.floor(pa / 10) === pb % 10 && pa % 10 === Math.floor(pb / 10)) return 1;
  }
  return diff;
}

function dayNumber(d: number): number {
  const y = Math.floor(d / 10000);
  const m = Math.floor(d / 100) % 100 || 7;
  const day = d % 100 || 1;
  return y * 372 + (m - 1) * 31 + (day - 1);
}

export function compareDateOfBirth(e: EncodedRecords, i: number, j: number): number {
  return compareDates(e.dob[i]!, e.dob[j]!);
}

/** Level of two dates of birth held as yyyymmdd integers with 00 for unknown parts (0 = blank). */
export function compareDates(a: number, b: number): number {
  if (a === 0 || b === 0) return -1;
  if (a === b) return (a % 100 === 0) ? 5 : 6; // equal but partial: partial agreement
  const ya = Math.floor(a / 10000);
  const yb = Math.floor(b / 10000);
  const ma = Math.floor(a / 100) % 100;
  const mb = Math.floor(b / 100) % 100;
  const da = a % 100;
  const db = b % 100;
  const partial = ma === 0 || mb === 0 || da === 0 || db === 0;
  if (partial) {
    if (ya === yb && (ma === 0 || mb === 0 || (ma === mb && (da === 0 || db === 0)))) return 5;
  } else {
    if (ya === yb && ma === db && da === mb) return 4;
    if (digitEdits(a, b) <= 1) return 3;
  }
  const days = Math.abs(dayNumber(a) - dayNumber(b));
  if (days <= 372) return 2;
  if (Math.abs(ya - yb) <= 10) return 1;
  return 0;
}

export function compareSex(e: EncodedRecords, i: number, j: number): number {
  const a = e.sex[i]!;
  const b = e.sex[j]!;
  if (a === 0 || b === 0) return -1;
  return a === b ? 1 : 0;
}

export function comparePostcode(e: EncodedRecords, i: number, j: number): number {
  const fa = e.pcFull[i]!;
  const fb = e.pcFull[j]!;
  const da = e.pcDistrict[i]!;
  const db = e.pcDistrict[j]!;
  if ((fa === 0 && da === 0) || (fb === 0 && db === 0)) return -1;
  if (fa !== 0 && fa === fb) return 4;
  const sa = e.pcSector[i]!;
  if (sa !== 0 && sa === e.pcSector[j]) return 3;
  if (da !== 0 && da === db) return 2;
  const aa = e.pcArea[i]!;
  if (aa !== 0 && aa === e.pcArea[j]) return 1;
  return 0;
}

export function compareAddress(e: EncodedRecords, i: number, j: number): number {
  const a = e.addr[i]!;
  const b = e.addr[j]!;
  if (a === 0 || b === 0) return -1;
  if (a === b) return 4;
  const off = e.addrTokOff;
  const s = sortedJaccard(e.addrTok, off[i]!, off[i + 1]!, off[j]!, off[j + 1]!);
  if (s >= 0.75) return 3;
  if (s >= 0.5) return 2;
  if (s >= 0.3) return 1;
  return 0;
}

function compareIdentifier(ids: Int32Array, dict: string[], i: number, j: number, typoLevel: boolean): number {
  const a = ids[i]!;
  const b = ids[j]!;
  if (a === 0 || b === 0) return -1;
  if (a === b) return typoLevel ? 2 : 1;
  if (typoLevel && withinOneEdit(dict[a]!, dict[b]!)) return 1;
  return 0;
}

/**
 * Where two records live is one piece of evidence, not three: household members share UPRN,
 * address and postcode, and counting each would weigh the same fact three times. So the
 * strongest available measure speaks alone: the UPRN when both records have one; else the
 * address, with the postcode only when the addresses are not (nearly) the same.
 */
export function compareResidence(e: EncodedRecords, i: number, j: number, out: Int8Array): void {
  const u = compareIdentifier(e.uprn, e.identifiers, i, j, false);
  out[UPRN] = u;
  if (u >= 0) { out[ADDRESS] = -1; out[POSTCODE] = -1; return; }
  const a = compareAddress(e, i, j);
  out[ADDRESS] = a;
  out[POSTCODE] = a >= 3 ? -1 : comparePostcode(e, i, j);
}

/** All comparison levels of a pair, written into `out` (length FIELD_COUNT). */
export function compareAll(e: EncodedRecords, i: number, j: number, out: Int8Array): void {
  out[GIVEN] = compareGivenName(e, i, j);
  out[FAMILY] = compareFamilyName(e, i, j);
  out[DOB] = compareDateOfBirth(e, i, j);
  out[SEX] = compareSex(e, i, j);
  compareResidence(e, i, j, out);
  out[NHS] = compareIdentifier(e.nhs, e.identifiers, i, j, true);
  out[UPN] = compareIdentifier(e.upn, e.identifiers, i, j, true);
  out[NI] = compareIdentifier(e.ni, e.identifiers, i, j, true);
}

/** Per-field term frequency of the agreeing value at the tf level (probability a random record has it), or 0. */
export function termFrequency(e: EncodedRecords, field: number, i: number): number {
  switch (field) {
    case GIVEN: return e.givenTotal ? e.givenCount[e.given[i]!]! / e.givenTotal : 0;
    case FAMILY: return e.familyTotal ? e.familyCount[e.family[i]!]! / e.familyTotal : 0;
    case DOB: return e.dobTotal ? e.dobCount[e.dobId[i]!]! / e.dobTotal : 0;
    case POSTCODE: return e.pcTotal ? e.pcCount[e.pcFull[i]!]! / e.pcTotal : 0;
    case ADDRESS: return e.addrTotal ? e.addrCount[e.addr[i]!]! / e.addrTotal : 0;
    default: return 0;
  }
}
