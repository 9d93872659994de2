// `--past-needs`: families whose needs were about two years before --to and have gone since. The
// option only adds rows (every other row is the same bytes), and the truth says when each need was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIso } from './dates.ts';
import { generate } from './generate.ts';

const from = parseIso('2022-04-01') as number;
const to = parseIso('2026-11-23') as number;
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

void test('past needs add rows only, and are over by --to', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'synth-past-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const plain = await generate({ people: 2000, seed: '42', out: join(base, 'plain'), errorRate: 0.1, from, to });
  const past = await generate({ people: 2000, seed: '42', out: join(base, 'past'), errorRate: 0.1, from, to, pastNeeds: 0.06 });
  assert.equal(existsSync(join(base, 'plain', 'truth', 'past_needs.csv')), false);
  assert.equal(plain.familiesWithPastNeeds, undefined);
  assert.ok((past.familiesWithPastNeeds ?? 0) >= 3, `families: ${past.familiesWithPastNeeds}`);
  for (const file of ['police_domestic_abuse.csv', 'housing.csv', 'dwp_benefits.csv', 'school_census.csv']) {
    const a = lines(join(base, 'plain', 'sources', file));
    const b = new Set(lines(join(base, 'past', 'sources', file)));
    assert.ok(a.every((row) => b.has(row)), `${file}: every row without the option is there with it`);
  }
  assert.deepEqual(lines(join(base, 'past', 'truth', 'needs.csv')), lines(join(base, 'plain', 'truth', 'needs.csv')), 'the needs at --to are unchanged');
  const rows = lines(join(base, 'past', 'truth', 'past_needs.csv')).slice(1).map((l) => l.split(','));
  const byFamily = new Map<string, string[][]>();
  for (const r of rows) byFamily.set(r[0] as string, [...(byFamily.get(r[0] as string) ?? []), r]);
  for (const [family, needs] of byFamily) {
    assert.ok(new Set(needs.map((n) => n[2])).size >= 3, `${family} had at least three needs`);
    const latestStart = needs.map((n) => n[4] as string).sort().at(-1) as string;
    const earliestEnd = needs.map((n) => n[5] as string).sort()[0] as string;
    assert.ok(latestStart < earliestEnd, `${family}: all its needs were present at once`);
    assert.ok(needs.every((n) => (n[5] as string) < '2026-05-01'), `${family}: every need over more than six months before --to`);
  }
});
