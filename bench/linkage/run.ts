// Record-linkage benchmarks: `node bench/linkage/run.ts [--quick] [--no-scale] [--people 50000,125000]`
//  1. the public data sets (FEBRL 3, FEBRL 4, fake_1000, historical_50k) converted to file mode and
//     linked by `hearth link` end to end (median wall time of 3 runs, 1 with --quick; peak RSS),
//     pairwise precision/recall/F1 against the truth, F1 at several thresholds, the naive council
//     baseline, and Splink 4's figures from docs/BENCHMARKS.md beside ours as ratios;
//  2. `hearth synth` output at several sizes: seconds, peak MB, accuracy (the scaling curve).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fake1000, febrl3, febrl4, hist50k, writeFileMode } from './datasets.ts';
import type { Dataset } from './datasets.ts';
import { naiveClusters, readKeyed, scoreFiles, scoreLabels } from './evaluate.ts';
import { linkRecords, personsAt } from '../../src/domains/identification/matching/link.ts';
import { pairwiseScores } from '../../src/domains/identification/matching/cluster.ts';
import { weightToProbability } from '../../src/domains/identification/matching/model.ts';
import type { IdentityRecord } from '../../src/domains/identification/matching/types.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TMP = join(ROOT, 'tmp/linkage');
const { values: opts } = parseArgs({ options: { quick: { type: 'boolean' }, 'no-scale': { type: 'boolean' }, 'no-public': { type: 'boolean' }, people: { type: 'string' } } });
const runs = opts.quick ? 1 : 3;
const THRESHOLDS = [0.5, 0.9, 0.99];

interface Splink { f1: number; seconds: number | null; note?: string; naive: number | null }
const SPLINK: Record<string, Splink[]> = {
  febrl4: [{ f1: 0.9992, seconds: 4.0, naive: 0.60 }],
  febrl3: [{ f1: 0.9929, seconds: 3.5, naive: 0.46 }],
  fake1000: [{ f1: 0.806, seconds: null, naive: null }],
  hist50k: [{ f1: 0.600, seconds: 6.5, note: '4-rule', naive: 0.22 }, { f1: 0.748, seconds: 8.0, note: '10-rule', naive: 0.22 }],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Run `hearth link` under /usr/bin/time; returns wall seconds and peak RSS in MB. */
function runLink(input: string, output: string, extra: string[] = []): { seconds: number; peakMb: number; stderr: string } {
  const args = ['-f', '%e %M', process.execPath, join(ROOT, 'src/cli.ts'), 'link', '--input', input, '--output', output, '--quiet', ...extra];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`hearth link failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split('\n').pop()!.split(' ');
  return { seconds: Number(last[0]), peakMb: Math.round(Number(last[1]) / 1024), stderr: r.stderr };
}

function f(x: number | null | undefined, d = 4): string { return x === null || x === undefined ? '—' : x.toFixed(d); }

function records(d: Dataset): { recs: IdentityRecord[]; truth: string[] } {
  const recs: IdentityRecord[] = [];
  const truth: string[] = [];
  for (const [source, rows] of d.sources) for (const r of rows) { recs.push({ ...r, source }); truth.push(d.truth.get(`${source}|${r.record_id}`)!); }
  return { recs, truth };
}

/** F1 at several thresholds, from one in-process run: clusters (what `hearth link` outputs) and scored pairs (Splink's measure). */
async function sweep(recs: IdentityRecord[], truth: string[], linkOnly: boolean): Promise<{ t: number; cluster: number; pairs: number; p: number; r: number }[]> {
  const res = await linkRecords(recs, { linkOnly, keepProbability: Math.min(...THRESHOLDS) });
  const rowTruth = Array.from(res.rowRecord, (x) => truth[x]!);
  const intern = new Map<string, number>();
  const id = (x: string): number => { let v = intern.get(x); if (v === undefined) { v = intern.size; intern.set(x, v); } return v; };
  const tl = Int32Array.from(truth, id);
  const rl = Int32Array.from(rowTruth, id);
  const totalTrue = pairwiseScores(tl, tl).truePairs;
  return THRESHOLDS.map((t) => {
    const cs = pairwiseScores(personsAt(res, t).personOf, tl);
    let predicted = 0;
    let correct = 0;
    for (let x = 0; x < res.pairs.count; x++) {
      if (weightToProbability(res.pairs.weight[x]!) < t) continue;
      predicted++;
      if (rl[res.pairs.i[x]!] === rl[res.pairs.j[x]!]) correct++;
    }
    const p = predicted ? correct / predicted : 1;
    const r = correct / totalTrue;
    return { t, cluster: cs.f1, pairs: p + r ? (2 * p * r) / (p + r) : 0, p: cs.precision, r: cs.recall };
  });
}

const summary: Record<string, unknown> = {};

if (!opts['no-public']) {
  console.log('\n## Public benchmarks (hearth link, end to end, 2 cores)\n');
  const sets: [string, Dataset][] = [['febrl4', febrl4()], ['febrl3', febrl3()], ['fake1000', fake1000()], ['hist50k', hist50k()]];
  const table: string[] = [
    '| data set | records | Hearth P | Hearth R | Hearth F1 | Splink F1 | F1 ratio | Hearth s (median) | Splink s | Splink ÷ Hearth time | peak MB | naive F1: name+DOB or id | naive F1: name+DOB only | naive F1 (BENCHMARKS) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const sweepRows: string[] = ['| data set | threshold p | cluster P | cluster R | cluster F1 | pairs F1 (Splink\'s measure) |', '| --- | --- | --- | --- | --- | --- |'];
  for (const [key, d] of sets) {
    const dir = join(TMP, key);
    const input = join(dir, 'input');
    const truthFile = join(dir, 'truth.csv');
    writeFileMode(d, input, truthFile);
    const output = join(dir, 'persons.csv');
    const times: number[] = [];
    let peak = 0;
    for (let k = 0; k < runs; k++) {
      const r = runLink(input, output, d.linkOnly ? ['--link-only', '--auto-link', '0.5'] : ['--auto-link', '0.5']);
      times.push(r.seconds);
      peak = Math.max(peak, r.peakMb);
    }
    const s = scoreFiles(output, truthFile);
    const { recs, truth } = records(d);
    const naive = scoreLabels(naiveClusters(recs), truth);
    const naiveNames = scoreLabels(naiveClusters(recs, false), truth);
    const sw = await sweep(recs, truth, d.linkOnly);
    for (const x of sw) sweepRows.push(`| ${d.name} | ${x.t} | ${f(x.p)} | ${f(x.r)} | ${f(x.cluster)} | ${f(x.pairs)} |`);
    const secs = median(times);
    for (const sp of SPLINK[key]!) {
      table.push(`| ${d.name}${sp.note ? ` (vs Splink ${sp.note})` : ''} | ${recs.length} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${f(sp.f1)} | ${f(s.f1 / sp.f1, 3)} | ${f(secs, 2)} | ${f(sp.seconds, 1)} | ${sp.seconds ? f(sp.seconds / secs, 2) : '—'} | ${peak} | ${f(naive.f1, 3)} | ${f(naiveNames.f1, 3)} | ${f(sp.naive, 2)} |`);
    }
    summary[key] = { precision: s.precision, recall: s.recall, f1: s.f1, seconds: times, peakMb: peak, naiveF1: naive.f1, naiveNameDobF1: naiveNames.f1, sweep: sw };
    console.error(`  ${d.name}: F1 ${f(s.f1)} in ${f(secs, 2)} s`);
  }
  console.log(table.join('\n'));
  console.log('\nHearth F1 = pairwise over the people (clusters) `hearth link --auto-link 0.5` writes; Splink\'s figures are pairwise over its scored pairs at p ≥ 0.5.\n');
  console.log(sweepRows.join('\n'));
}

if (!opts['no-scale']) {
  console.log('\n## hearth synth scaling (default error rates, seed 1; `hearth link` end to end incl. reading the sources)\n');
  const people = (opts.people ?? (opts.quick ? '50000' : '50000,125000,250000,500000')).split(',').map(Number);
  const rows: string[] = ['| people | records | seconds | peak MB | records/s | precision | recall | F1 | households F1 | naive F1 |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const n of people) {
    const dir = join(ROOT, `tmp/synth-${n}`);
    if (!existsSync(join(dir, 'manifest.json'))) {
      console.error(`  generating ${dir} …`);
      const g = spawnSync(process.execPath, [join(ROOT, 'src/cli.ts'), 'synth', '--people', String(n), '--seed', '1', '--out', dir, '--quiet'], { stdio: ['ignore', 2, 2] });
      if (g.status !== 0) throw new Error('hearth synth failed');
    }
    mkdirSync(TMP, { recursive: true });
    const output = join(TMP, `synth-${n}-persons.csv`);
    const households = join(TMP, `synth-${n}-households.csv`);
    const r = runLink(dir, output, ['--households', households]);
    const s = scoreFiles(output, join(dir, 'truth/records.csv'));
    const predictedHh = readKeyed(households, 'household_id');
    const trueHh = readKeyed(join(dir, 'truth/records.csv'), 'household_id');
    const ph: string[] = [];
    const th: string[] = [];
    for (const [k, v] of predictedHh) { const t = trueHh.get(k); if (t) { ph.push(v); th.push(t); } }
    const hs = scoreLabels(ph, th);
    // the naive council method on the same records
    const { readIdentityRecords } = await import('../../src/synth/read.ts');
    const recs: IdentityRecord[] = [];
    const tl: string[] = [];
    const truthPerson = readKeyed(join(dir, 'truth/records.csv'), 'person_id');
    for await (const rec of readIdentityRecords(dir)) { recs.push(rec); tl.push(truthPerson.get(`${rec.source}|${rec.record_id}`) ?? `?${recs.length}`); }
    const naive = scoreLabels(naiveClusters(recs), tl);
    rows.push(`| ${n} | ${s.records} | ${f(r.seconds, 1)} | ${r.peakMb} | ${Math.round(s.records / r.seconds)} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${f(hs.f1, 3)} | ${f(naive.f1, 3)} |`);
    summary[`synth-${n}`] = { records: s.records, seconds: r.seconds, peakMb: r.peakMb, precision: s.precision, recall: s.recall, f1: s.f1, householdsF1: hs.f1, naiveF1: naive.f1 };
    console.error(`  synth ${n}: ${s.records} records in ${r.seconds} s, F1 ${f(s.f1)}`);
  }
  console.log(rows.join('\n'));
  console.log('\nHouseholds F1 compares `--households` groups with truth household_id (where the person lived on the row\'s date), so moves count against it.');
}

mkdirSync(TMP, { recursive: true });
writeFileSync(join(TMP, 'results.json'), JSON.stringify(summary, null, 2));
