// `hearth relink [--council CODE] [--full]`: links a council's source records to people in the
// database, as the 'identification.link' job does, in this process with a progress bar, and prints
// the run's summary (see /data/linkage/runs/<id> in the browser). `hearth link` is the file mode.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { createContainer, type Container } from '../app/container.ts';
import { withSystem } from '../db/tenant.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { ROUTE_LABELS } from '../domains/identification/linkage.service.ts';
import { startProgress, type Progress } from './progress.ts';

const HELP = `Usage: hearth relink [--council CODE] [--full] [--quiet]

Links the council's source records to people in the database: records not yet linked are linked
against the people already known (new people are created for the rest), the events of each record
get its person, uncertain pairs go to the review queue, and people are grouped into households.
Reviewers' decisions and links a person made (splits, merges) are always kept.

Options:
  --council CODE   council code (default: the demo council, DEMO)
  --full           link every record again, not only new ones (e.g. after changing the thresholds)
  --quiet          no progress bar
  -h, --help       this help`;

/** The linkage job's work in this process, with a progress bar unless quiet (also `hearth import --link`). */
export async function linkWithBar(container: Container, councilId: string, mode: 'incremental' | 'full', quiet: boolean) {
  let bar: Progress | null = null;
  const result = await container.services.linkage.runLinkage(councilId, {
    mode, requestedBy: null,
    onProgress: (done, total, message) => {
      if (quiet) return;
      bar ??= startProgress('Linking', total);
      bar.update(done, message);
    },
  });
  (bar as Progress | null)?.finish();
  return result;
}

export default async function relink(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { council: { type: 'string' }, full: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`hearth relink: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) { console.log(HELP); return 0; }
  const container = await createContainer(loadConfig());
  try {
    const code = values.council ?? 'DEMO';
    const council = await withSystem(container.database.db, (tx) => tenancyRepository.findCouncilByCode(tx, code));
    if (!council) { console.error(`hearth relink: no council with code ${code}`); return 1; }
    const result = await linkWithBar(container, council.id, values.full ? 'full' : 'incremental', values.quiet ?? false);
    console.log(`Run ${result.runId}: ${result.recordsIncoming} records linked in ${result.seconds.toFixed(1)} s; ${result.peopleCreated} new people; ${result.eventsLinked} events given a person; ${result.reviewPairs} pairs to review; ${result.households} households of two or more.`);
    for (const [route, n] of Object.entries(result.byRoute).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(8)}  ${ROUTE_LABELS[route] ?? route}`);
    return 0;
  } finally {
    await container.close();
  }
}
