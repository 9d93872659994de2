// Pairwise precision, recall and F1 of a `hearth link` output file against a truth file, and the
// naive council baseline (same exact name and date of birth, or a shared identifier).
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/domains/identification/matching/csv.ts';
import { pairwiseScores, UnionFind } from '../../src/domains/identification/matching/cluster.ts';
import type { PairwiseScores } from '../../src/domains/identification/matching/cluster.ts';
import type { IdentityRecord } from '../../src/domains/identification/matching/types.ts';
import { normaliseName, parseDate, normaliseIdentifier } from '../../src/domains/identification/matching/normalise.ts';

/** source|record_id → column value, from a CSV with source and record_id columns. */
export function readKeyed(file: string, column: string): Map<string, string> {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const h = rows[0]!;
  const s = h.indexOf('source');
  const r = h.indexOf('record_id');
  const c = h.indexOf(column);
  if (s < 0 || r < 0 || c < 0) throw new Error(`${file}: needs source, record_id and ${column}`);
  const out = new Map<string, string>();
  for (let x = 1; x < rows.length; x++) out.set(`${rows[x]![s]}|${rows[x]![r]}`, rows[x]![c]!);
  return out;
}

/** Score predicted person ids against true ones over the records present in both. */
export function scoreFiles(outputFile: string, truthFile: string, truthColumn = 'person_id'): PairwiseScores & { records: number } {
  const predicted = readKeyed(outputFile, 'person_id');
  const truth = readKeyed(truthFile, truthColumn);
  const p: string[] = [];
  const t: string[] = [];
  for (const [k, v] of predicted) {
    const tv = truth.get(k);
    if (tv === undefined) continue;
    p.push(v);
    t.push(tv);
  }
  return { ...scoreLabels(p, t), records: p.length };
}

/** Pairwise scores for label arrays (strings interned to ints). */
export function scoreLabels(predicted: readonly string[], truth: readonly string[]): PairwiseScores {
  const intern = (xs: readonly string[]): Int32Array => {
    const m = new Map<string, number>();
    return Int32Array.from(xs, (x) => { let v = m.get(x); if (v === undefined) { v = m.size; m.set(x, v); } return v; });
  };
  return pairwiseScores(intern(predicted), intern(truth));
}

/** The usual council method: same normalised given name, family name and full date of birth, or a shared NHS number / UPN / NI number. */
export function naiveClusters(records: readonly IdentityRecord[], useIdentifiers = true): string[] {
  const uf = new UnionFind(records.length);
  const first = new Map<string, number>();
  const join = (key: string, x: number): void => {
    const f = first.get(key);
    if (f === undefined) first.set(key, x); else uf.union(f, x);
  };
  records.forEach((r, x) => {
    const g = normaliseName(r.given_name);
    const f = normaliseName(r.family_name);
    const d = parseDate(r.date_of_birth);
    if (g && f && d % 100 !== 0) join(`n|${g}|${f}|${d}`, x);
    if (!useIdentifiers) return;
    for (const [kind, v] of [['h', r.nhs_number], ['p', r.upn], ['i', r.ni_number]] as const) {
      const id = normaliseIdentifier(v);
      if (id) join(`${kind}|${id}`, x);
    }
  });
  return records.map((_, x) => String(uf.find(x)));
}
