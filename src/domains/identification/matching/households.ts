// Households: people grouped by the address they are most often recorded at (UPRN where known,
// else normalised address + postcode), joined by relationships the sources state. Addresses with
// more people than a household plausibly holds (care homes, hostels, unknown-address codes) are
// treated as communal and group no one.
import type { EncodedRecords } from './encode.ts';
import { UnionFind } from './cluster.ts';

export interface HouseholdOptions {
  /** more people than this at one address → communal, not a household */
  maxHouseholdSize: number;
}

export const DEFAULT_HOUSEHOLD_OPTIONS: HouseholdOptions = { maxHouseholdSize: 12 };

/** A relationship a source states between two records (parent/child, partners, siblings…). */
export interface StatedRelationship { a: number; b: number; kind?: string }

export interface HouseholdResult {
  /** household id per person (dense, 0..households-1) */
  householdOfPerson: Int32Array;
  households: number;
  communalAddresses: number;
}

/** The address key of record i: UPRN if present, else the address with the full postcode (0 = none). */
function addressKey(e: EncodedRecords, i: number): number {
  const u = e.uprn[i]!;
  if (u !== 0) return u * 2 + 1;
  const a = e.addr[i]!;
  if (a === 0) return 0;
  return (a * 2 ** 24 + e.pcFull[i]!) * 2;
}

export function buildHouseholds(
  e: EncodedRecords, personOf: Int32Array, persons: number,
  relationships: readonly StatedRelationship[] = [], options: HouseholdOptions = DEFAULT_HOUSEHOLD_OPTIONS,
  /** how many records each row stands for (a row matched once for its identical repeats); 1 without */
  times?: Int32Array,
): HouseholdResult {
  // count records per (person, address)
  const perPerson: Map<number, number>[] = Array.from({ length: persons }, () => new Map());
  for (let i = 0; i < e.n; i++) {
    const k = addressKey(e, i);
    if (k === 0) continue;
    const m = perPerson[personOf[i]!]!;
    m.set(k, (m.get(k) ?? 0) + (times?.[i] ?? 1));
  }
  // each person's main address: the most frequent (ties: the smallest key, for determinism)
  const mainAddress = new Float64Array(persons);
  for (let p = 0; p < persons; p++) {
    let best = 0;
    let bestCount = 0;
    for (const [k, c] of perPerson[p]!) if (c > bestCount || (c === bestCount && k < best)) { best = k; bestCount = c; }
    mainAddress[p] = best;
  }
  const occupants = new Map<number, number[]>();
  for (let p = 0; p < persons; p++) {
    const k = mainAddress[p]!;
    if (k === 0) continue;
    const list = occupants.get(k);
    if (list) list.push(p); else occupants.set(k, [p]);
  }
  const uf = new UnionFind(persons);
  let communal = 0;
  for (const list of occupants.values()) {
    if (list.length > options.maxHouseholdSize) { communal++; continue; }
    for (let x = 1; x < list.length; x++) uf.union(list[0]!, list[x]!);
  }
  for (const r of relationships) uf.union(personOf[r.a]!, personOf[r.b]!);
  const householdOfPerson = new Int32Array(persons);
  const dense = new Int32Array(persons).fill(-1);
  let households = 0;
  for (let p = 0; p < persons; p++) {
    const r = uf.find(p);
    if (dense[r] === -1) dense[r] = households++;
    householdOfPerson[p] = dense[r]!;
  }
  return { householdOfPerson, households, communalAddresses: communal };
}
