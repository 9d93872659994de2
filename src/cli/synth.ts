// hearth synth: generate a synthetic county and the agency data sets a Supporting Families team receives.
import { parseArgs } from 'node:util';
import { parseIso } from '../synth/dates.ts';
import { generate } from '../synth/generate.ts';
import { startProgress } from './progress.ts';

const USAGE = `Usage: hearth synth --people N --seed S --out DIR [--error-rate R] [--from DATE --to DATE] [--past-needs R]

Writes DIR/sources/*.csv (one per agency, housing also as .xlsx), DIR/manifest.json and DIR/truth/.
The same seed gives the same bytes.

Options:
  --people N       number of people in the county (required)
  --seed S         seed, any string (required)
  --out DIR        output directory (required)
  --error-rate R   share of source rows with an identity error, 0–1 (default 0.1)
  --from DATE      first day of the events window, yyyy-mm-dd (default 2022-04-01)
  --to DATE        last day of the window, when needs are evaluated (default 2025-03-31)
  --past-needs R   share of families with no need at --to that had 3 or 4 needs about two years
                   earlier, since resolved (truth/past_needs.csv), 0–1 (default 0)
  --quiet          no progress output
  -h, --help       show this help`;

class UsageError extends Error {}

export default async function synth(argv: string[]): Promise<number> {
  let opts;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        people: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'error-rate': { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, 'past-needs': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) { console.log(USAGE); return 0; }
    opts = check(values);
  } catch (error) {
    const msg = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`hearth synth: ${msg} (see hearth synth --help)`);
    return 2;
  }
  const progress = opts.quiet ? null : startProgress('synth', opts.people);
  const summary = await generate({ ...opts, onProgress: progress ? (n) => progress.update(n) : undefined });
  progress?.finish();
  const sf = summary.needs.sf2022 ?? [0, 0, 0];
  const share = summary.familiesWithDependentChildren ? ((100 * sf[1]) / summary.familiesWithDependentChildren).toFixed(1) : '0';
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`hearth synth: ${summary.people} people, ${summary.households} households, ${summary.familiesWithDependentChildren} families with dependent children (${share}% with 2+ sf2022 needs), ${rows} source rows in ${opts.out}`);
  return 0;
}

interface Values { people?: string; seed?: string; out?: string; 'error-rate'?: string; from?: string; to?: string; 'past-needs'?: string; quiet?: boolean }

function check(v: Values): { people: number; seed: string; out: string; errorRate: number; from: number; to: number; pastNeeds: number; quiet: boolean } {
  if (v.people === undefined) throw new UsageError('--people is required');
  if (v.seed === undefined || v.seed === '') throw new UsageError('--seed is required');
  if (v.out === undefined || v.out === '') throw new UsageError('--out is required');
  if (!/^\d+$/.test(v.people) || Number(v.people) < 1 || Number(v.people) > 50_000_000) throw new UsageError(`--people must be a whole number from 1 to 50000000, not "${v.people}"`);
  const errorRate = v['error-rate'] === undefined ? 0.1 : Number(v['error-rate']);
  if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1 || v['error-rate']?.trim() === '') throw new UsageError(`--error-rate must be a number from 0 to 1, not "${v['error-rate']}"`);
  const from = parseIso(v.from ?? '2022-04-01');
  if (from === null) throw new UsageError(`--from must be a date yyyy-mm-dd, not "${v.from}"`);
  const to = parseIso(v.to ?? '2025-03-31');
  if (to === null) throw new UsageError(`--to must be a date yyyy-mm-dd, not "${v.to}"`);
  if (to - from < 365) throw new UsageError('--to must be at least a year after --from');
  const pastNeeds = v['past-needs'] === undefined ? 0 : Number(v['past-needs']);
  if (!Number.isFinite(pastNeeds) || pastNeeds < 0 || pastNeeds > 1 || v['past-needs']?.trim() === '') throw new UsageError(`--past-needs must be a number from 0 to 1, not "${v['past-needs']}"`);
  return { people: Number(v.people), seed: v.seed, out: v.out, errorRate, from, to, pastNeeds, quiet: v.quiet ?? false };
}
