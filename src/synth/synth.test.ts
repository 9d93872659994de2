// End-to-end checks on a small county: same seed → same bytes; every source reads back through
// the manifest; truth covers every row; identifiers in truth are valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidNhsNumber, isValidNiNumber, isValidUpn, normalisePostcode } from '../platform/identifiers.ts';
import { parseIso } from './dates.ts';
import { generate } from './generate.ts';
import { readIdentityRecords, readManifest, readSourceRows } from './read.ts';

const from = parseIso('2022-04-01') as number;
const to = parseIso('2025-03-31') as number;

function hashDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(rel + e.name, createHash('sha256').update(readFileSync(join(d, e.name))).digest('hex'));
    }
  };
  walk(dir, '');
  return out;
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
}

const base = mkdtempSync(join(tmpdir(), 'synth-test-'));
const a = join(base, 'a');
const b = join(base, 'b');
const c = join(base, 'c');

void test('synth end to end on a small county', async (t) => {
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const s = await generate({ people: 1500, seed: 'test', out: a, errorRate: 0.1, from, to });
  await generate({ people: 1500, seed: 'test', out: b, errorRate: 0.1, from, to });
  await generate({ people: 1500, seed: 'other', out: c, errorRate: 0.1, from, to });

  await t.test('the same seed gives the same bytes, another seed different ones', () => {
    const ha = hashDir(a), hb = hashDir(b), hc = hashDir(c);
    assert.ok(ha.has('sources/housing.xlsx'));
    assert.ok(ha.size >= 22, `files: ${[...ha.keys()].join(' ')}`);
    assert.deepEqual([...ha], [...hb]);
    assert.notEqual(ha.get('truth/people.csv'), hc.get('truth/people.csv'));
  });

  await t.test('exactly the people asked for, each with valid identifiers', () => {
    assert.equal(s.people, 1500);
    const rows = csvRows(join(a, 'truth/people.csv')).slice(1);
    assert.equal(rows.length, 1500);
    for (const r of rows) {
      assert.ok(isValidNhsNumber(r[8] as string), `nhs ${r[8]}`);
      if (r[9]) assert.ok(isValidUpn(r[9]), `upn ${r[9]}`);
      if (r[10]) assert.ok(isValidNiNumber(r[10]), `ni ${r[10]}`);
    }
    const households = readFileSync(join(a, 'truth/households.csv'), 'utf8').trim().split('\n').slice(1);
    for (const h of households) {
      const pc = /,(NM\d+ \d[A-Z]{2}),/.exec(h)?.[1];
      assert.ok(pc && normalisePostcode(pc) === pc, h);
    }
  });

  await t.test('manifest lists every source with its columns; every readable row has a truth record', async () => {
    const m = await readManifest(a);
    assert.equal(m.generator, 'hearth synth');
    assert.equal(m.sources.length, 11);
    const truth = new Map<string, string>();
    let malformed = 0;
    for (const r of csvRows(join(a, 'truth/records.csv')).slice(1)) {
      truth.set(`${r[0]}:${r[1]}`, r[2] as string);
      if (r[r.length - 1] === '1') malformed++;
    }
    let n = 0;
    const sources = new Set<string>();
    for await (const rec of readIdentityRecords(a)) {
      n++;
      sources.add(rec.source);
      assert.ok(truth.has(`${rec.source}:${rec.record_id}`), `${rec.source}:${rec.record_id}`);
      assert.match(rec.date_of_birth, /^(\d{4}(-\d{2}(-\d{2})?)?)?$/);
      assert.match(rec.sex, /^[MF]?$/);
    }
    assert.equal(sources.size, 11);
    assert.equal(n, truth.size - malformed);
  });

  await t.test('a source reads back with identity as written (school census)', async () => {
    const people = new Map(csvRows(join(a, 'truth/people.csv')).slice(1).map((r) => [r[0] as string, r]));
    const truth = new Map(csvRows(join(a, 'truth/records.csv')).slice(1).map((r) => [r[1] as string, r]));
    let clean = 0;
    for await (const rec of readIdentityRecords(a, 'school_census')) {
      const tr = truth.get(rec.record_id) as string[];
      if (tr[4] !== '') continue; // errors planted
      const p = people.get(tr[2] as string) as string[];
      assert.equal(rec.upn, p[9]);
      assert.equal(rec.given_name, p[1]);
      assert.equal(rec.date_of_birth, p[6]);
      clean++;
    }
    assert.ok(clean > 100);
  });

  await t.test('the XLSX variant holds the same rows as the CSV', async () => {
    const m = await readManifest(a);
    const housing = m.sources.find((x) => x.name === 'housing');
    const variant = housing?.variants?.[0];
    assert.ok(housing && variant);
    const csv: Record<string, string>[] = [];
    for await (const r of readSourceRows(a, housing)) csv.push(r);
    const xlsx: Record<string, string>[] = [];
    for await (const r of readSourceRows(a, { ...housing, format: 'xlsx', file: variant.file })) xlsx.push(r);
    assert.ok(csv.length > 5);
    const byRef = new Map(xlsx.map((r) => [r.CaseRef, r]));
    for (const r of csv) assert.deepEqual(byRef.get(r.CaseRef), r);
  });

  await t.test('a person can belong to several families (non-resident parents)', () => {
    const rows = csvRows(join(a, 'truth/family_members.csv')).slice(1);
    const fams = new Map<string, Set<string>>();
    for (const r of rows) fams.set(r[1] as string, (fams.get(r[1] as string) ?? new Set()).add(r[0] as string));
    assert.ok([...fams.values()].some((f) => f.size >= 2));
    assert.ok(rows.some((r) => r[2] === 'non_resident_parent'));
  });

  await t.test('needs: a minority of families with dependent children have two or more', () => {
    const [one, two] = s.needs.sf2022 as [number, number, number];
    assert.ok(s.familiesWithDependentChildren > 100);
    assert.ok(two > 0 && two < one);
    assert.ok(two / s.familiesWithDependentChildren < 0.15);
  });
});
