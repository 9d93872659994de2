// `hearth evaluate --framework sf2022 --date 2025-03-31 [--council CODE]`: evaluates a framework's
// latest published version over a council's linked population at a date, with a progress bar,
// and records the run like one started in the browser (requested by the system).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { createContainer } from '../app/container.ts';
import { withSystem } from '../db/tenant.ts';
import { isRealDate } from '../platform/dates.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { runEvaluation } from '../domains/identification/evaluation.engine.ts';
import { startProgress } from './progress.ts';

const HELP = `Usage: hearth evaluate --framework CODE --date YYYY-MM-DD [--council CODE]

Evaluates the latest published version of a framework (tf2012, tf2015, sf2022 or a council's
own) over every family unit of a council at the date, and records the results as an evaluation
run (see /identify in the browser).

Options:
  --framework CODE   framework code (required)
  --date DATE        evaluation date, yyyy-mm-dd (required)
  --council CODE     council code (default: the demo council, DEMO)
  --quiet            no progress bar
  -h, --help         this help`;

export default async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { framework: { type: 'string' }, date: { type: 'string' }, council: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) { console.log(HELP); return 0; }
  if (!values.framework || !values.date) { console.error(`hearth evaluate: --framework and --date are required\n\n${HELP}`); return 2; }
  if (!isRealDate(values.date)) { console.error(`hearth evaluate: --date must be a real date yyyy-mm-dd, not "${values.date}"`); return 2; }
  const container = await createContainer(loadConfig());
  try {
    const code = values.council ?? 'DEMO';
    const council = await withSystem(container.database.db, (tx) => tenancyRepository.findCouncilByCode(tx, code));
    if (!council) { console.error(`hearth evaluate: no council with code ${code}`); return 1; }
    const versionId = await container.services.frameworks.publishedVersionId(council.id, values.framework);
    if (!versionId) { console.error(`hearth evaluate: no published framework "${values.framework}" for ${code}`); return 1; }
    const runId = await container.services.identification.createSystemRun(council.id, versionId, values.date);
    let bar: ReturnType<typeof startProgress> | null = null;
    const result = await runEvaluation(container.database.db, council.id, runId, {
      concurrency: container.database.kind === 'pg' ? 4 : 1,
      onProgress: (done, total) => {
        if (values.quiet) return;
        bar ??= startProgress('Evaluating', total);
        bar.update(done, 'family units');
      },
    });
    (bar as ReturnType<typeof startProgress> | null)?.finish();
    console.log(`Run ${runId}: ${result.families} family units evaluated, ${result.eligible} meet the family rule, in ${result.seconds.toFixed(1)} s.`);
    console.log(`Result fingerprint ${result.hash}`);
    return 0;
  } finally {
    await container.close();
  }
}
