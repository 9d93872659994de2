// `hearth link`: link source records into people (and households) from files, no database.
//   hearth link --input DIR --output FILE [--households FILE] [options]
// DIR holds one CSV per source (file name less .csv = source name) with the header
// record_id,given_name,family_name,date_of_birth,sex,address,postcode,uprn,nhs_number,upn,ni_number,
// or is a `hearth synth` output directory (it has manifest.json).
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startProgress } from './progress.ts';
import type { Progress } from './progress.ts';
import { parseCsv } from '../domains/identification/matching/csv.ts';
import { IDENTITY_FIELDS } from '../domains/identification/matching/types.ts';
import type { IdentityRecord } from '../domains/identification/matching/types.ts';
import { DEFAULT_THRESHOLDS, linkRecords } from '../domains/identification/matching/link.ts';
import { buildHouseholds } from '../domains/identification/matching/households.ts';
import { scoreInWorkers } from '../domains/identification/matching/parallel.ts';

const HELP = `Usage: hearth link --input DIR --output FILE [--households FILE] [options]

Link source records into people. DIR holds one CSV per source (the file name, less .csv, is the
source name) with the header
  ${IDENTITY_FIELDS.join(',')}
(any value may be blank), or is the output directory of \`hearth synth\` (it has manifest.json).

Options:
  --input DIR          the sources (required)
  --output FILE        write source,record_id,person_id (required)
  --households FILE    also write source,record_id,person_id,household_id
  --review FILE        also write pairs for human review: source_a,record_id_a,source_b,record_id_b,match_probability
  --auto-link P        match probability at or above which records link (default ${DEFAULT_THRESHOLDS.autoLink})
  --review-from P      match probability at or above which unlinked pairs go to review (default ${DEFAULT_THRESHOLDS.review})
  --link-only          only link across sources (no de-duplication inside a source)
  --workers N          scoring threads (default 2; 1 = this thread only; inputs under 50,000 records use one)
  --quiet              no progress or summary on stderr
  -h, --help           this help`;

class UsageError extends Error {}

/** Inputs smaller than this are scored in the main thread whatever --workers says. */
const PARALLEL_FROM = 50_000;

function probability(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const p = Number(raw);
  if (!Number.isFinite(p) || p <= 0 || p >= 1) throw new UsageError(`--${name} must be a probability between 0 and 1 (exclusive), got "${raw}"`);
  return p;
}

async function readFileMode(dir: string): Promise<IdentityRecord[]> {
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  if (files.length === 0) throw new UsageError(`no .csv files in ${dir}`);
  const records: IdentityRecord[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const rows = parseCsv(await readFile(path, 'utf8'));
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const missing = IDENTITY_FIELDS.filter((f) => !header.includes(f));
    if (missing.length > 0) throw new UsageError(`${path}: header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    const at = IDENTITY_FIELDS.map((f) => header.indexOf(f));
    const source = basename(file).replace(/\.csv$/i, '');
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const v = (k: number): string => (row[at[k]!] ?? '').trim();
      records.push({
        source, record_id: v(0), given_name: v(1), family_name: v(2), date_of_birth: v(3), sex: v(4), address: v(5),
        postcode: v(6), uprn: v(7), nhs_number: v(8), upn: v(9), ni_number: v(10),
      });
    }
  }
  return records;
}

/**
 * Synth output: the manifest says how to read each source, and synth's own `identityMapper` turns a
 * row into an IdentityRecord (the same mapping `readIdentityRecords` applies). CSV sources are parsed
 * whole with the fast parser here (rows whose field count differs from the header are skipped, as
 * readIdentityRecords does); other formats go through synth's streaming reader.
 */
async function readSynth(dir: string): Promise<IdentityRecord[]> {
  // loaded only for synth output (it pulls in the spreadsheet reader)
  const { readManifest, identityMapper, readSourceRows } = await import('../synth/read.ts');
  const manifest = await readManifest(dir);
  const records: IdentityRecord[] = [];
  for (const src of manifest.sources) {
    const map = identityMapper(src);
    if (src.format !== 'csv') {
      for await (const row of readSourceRows(dir, src)) records.push(map(row));
      continue;
    }
    const rows = parseCsv(await readFile(join(dir, src.file), 'utf8'), src.delimiter);
    const header = rows[0] ?? [];
    // the mapper reads only the identity columns (and a coded sex column): copy just those
    const wanted = new Set<string>(Object.values(src.identity).flat().filter((c): c is string => typeof c === 'string'));
    const cols = header.map((h, c) => [h, c] as const).filter(([h]) => wanted.has(h));
    for (let r = 1; r < rows.length; r++) {
      const fields = rows[r]!;
      if (fields.length !== header.length) continue;
      const row: Record<string, string> = {};
      for (const [h, c] of cols) row[h] = fields[c]!;
      records.push(map(row));
    }
  }
  return records;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export default async function link(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' }, output: { type: 'string' }, households: { type: 'string' }, review: { type: 'string' },
        'auto-link': { type: 'string' }, 'review-from': { type: 'string' }, 'link-only': { type: 'boolean' },
        workers: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true, allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`hearth link: ${error instanceof Error ? error.message : String(error)} (see hearth link --help)`);
    return 2;
  }
  if (args.help) { console.log(HELP); return 0; }
  const log = (s: string): void => { if (!args.quiet) process.stderr.write(`${s}\n`); };
  try {
    if (!args.input) throw new UsageError('--input DIR is required (see hearth link --help)');
    if (!args.output) throw new UsageError('--output FILE is required (see hearth link --help)');
    if (!existsSync(args.input) || !statSync(args.input).isDirectory()) throw new UsageError(`--input ${args.input}: no such directory`);
    const autoLink = probability('auto-link', args['auto-link'], DEFAULT_THRESHOLDS.autoLink);
    const review = probability('review-from', args['review-from'], Math.min(DEFAULT_THRESHOLDS.review, autoLink));
    if (review > autoLink) throw new UsageError('--review-from must not be above --auto-link');
    const workers = args.workers === undefined ? 2 : Number(args.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got "${args.workers}"`);

    // millions of short-lived strings and rows: a larger young generation halves the time spent in GC
    setFlagsFromString('--max-semi-space-size=64');
    const t0 = performance.now();
    const synth = existsSync(join(args.input, 'manifest.json'));
    log(`hearth link: reading ${synth ? 'synth output' : 'sources'} in ${args.input}`);
    const records = synth ? await readSynth(args.input) : await readFileMode(args.input);
    const tRead = performance.now();
    if (records.length === 0) throw new UsageError(`${args.input}: no records`);
    let bar: Progress | undefined;
    let stage = '';
    const result = await linkRecords(records, {
      thresholds: { autoLink, review, strongLink: Math.max(DEFAULT_THRESHOLDS.strongLink, autoLink) },
      linkOnly: Boolean(args['link-only']),
      // threads pay for themselves only on larger inputs (each loads the modules and copies the columns)
      ...(workers > 1 && records.length >= PARALLEL_FROM ? { scoreInParallel: (job) => scoreInWorkers(job, workers) } : {}),
      onProgress: args.quiet ? undefined : (name, done, total) => {
        if (name !== stage) {
          bar?.finish();
          stage = name;
          bar = startProgress(name, total);
        }
        bar?.update(done);
      },
    });
    bar?.finish();
    const lines: string[] = ['source,record_id,person_id'];
    const e = result.encoded;
    const width = String(result.persons).length;
    const pid = (p: number): string => `P${String(p + 1).padStart(width, '0')}`;
    for (let x = 0; x < records.length; x++) lines.push(`${csvField(records[x]!.source)},${csvField(records[x]!.record_id)},${pid(result.personOf[x]!)}`);
    await writeFile(args.output, lines.join('\n') + '\n');
    if (args.households) {
      const h = buildHouseholds(e, result.rowPersonOf, result.persons);
      const out: string[] = ['source,record_id,person_id,household_id'];
      const hw = String(h.households).length;
      for (let x = 0; x < records.length; x++) {
        const p = result.personOf[x]!;
        out.push(`${csvField(records[x]!.source)},${csvField(records[x]!.record_id)},${pid(p)},H${String(h.householdOfPerson[p]! + 1).padStart(hw, '0')}`);
      }
      await writeFile(args.households, out.join('\n') + '\n');
      log(`hearth link: ${h.households} households (${h.communalAddresses} communal addresses left ungrouped)`);
    }
    if (args.review) {
      const out: string[] = ['source_a,record_id_a,source_b,record_id_b,match_probability'];
      for (const k of result.review) {
        const i = result.rowRecord[result.pairs.i[k]!]!;
        const j = result.rowRecord[result.pairs.j[k]!]!;
        const p = 1 / (1 + 2 ** -result.pairs.weight[k]!);
        out.push(`${csvField(records[i]!.source)},${csvField(records[i]!.record_id)},${csvField(records[j]!.source)},${csvField(records[j]!.record_id)},${p.toFixed(4)}`);
      }
      await writeFile(args.review, out.join('\n') + '\n');
    }
    const s = result.stats;
    const secs = (performance.now() - t0) / 1000;
    const phases = Object.entries({ reading: (tRead - t0) / 1000, ...s.seconds }).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(', ');
    log(`hearth link: ${s.records} records (${e.n} distinct) → ${s.persons} people; ${s.candidatePairs} candidate pairs, ${s.linkedPairs} links, ${s.refusedLinks} refused as contradictory or weak bridges, ${s.reviewPairs} for review; ${secs.toFixed(1)}s (${phases}); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) { console.error(`hearth link: ${error.message}`); return 2; }
    throw error;
  }
}
