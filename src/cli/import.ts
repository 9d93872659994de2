// `hearth import --source NAME --file PATH [--council CODE] [--link]`: imports one delivery in this
// process with the same service the browser's background job uses, showing a progress bar; with
// --link it then links the new records to people, as `hearth relink` does.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { loadConfig } from '../config/config.ts';
import { createContainer } from '../app/container.ts';
import { withSystem } from '../db/tenant.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { ImportRefused } from '../domains/datasets/import.service.ts';
import { startProgress, type Progress } from './progress.ts';
import { linkWithBar } from './relink.ts';

const HELP = `Usage: hearth import --source NAME --file PATH [--council CODE] [--link]

Imports one delivery (CSV or XLSX) of a registered data source, all or nothing, with the source's
latest mapping. The source needs a current data-sharing agreement. Importing a file that was
already imported changes nothing. The new records count for people once linkage has linked them:
pass --link to link them straight after the import, or run hearth relink later.

Options:
  --source NAME    the data source's short name (required)
  --file PATH      the delivered file (required)
  --council CODE   the council (default DEMO)
  --link           link the new records to people after the import
  --quiet          no progress bar
  -h, --help       this help`;

export default async function importVerb(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { source: { type: 'string' }, file: { type: 'string' }, council: { type: 'string', default: 'DEMO' }, link: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    console.error(`hearth import: ${error instanceof Error ? error.message : String(error)} (see hearth import --help)`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (!args.source || !args.file) {
    console.error('hearth import: --source NAME and --file PATH are required (see hearth import --help)');
    return 2;
  }
  if (!existsSync(args.file)) {
    console.error(`hearth import: ${args.file}: no such file`);
    return 2;
  }
  const container = await createContainer(loadConfig());
  try {
    const code = args.council ?? 'DEMO';
    const council = await withSystem(container.database.db, (tx) => tenancyRepository.findCouncilByCode(tx, code));
    if (!council) {
      console.error(`hearth import: no council with code ${code}`);
      return 2;
    }
    let bar: Progress | null = null;
    const started = performance.now();
    const result = await container.services.datasets.imports.importDelivery({
      actor: { localAuthorityId: council.id, userId: null, name: `hearth import (${userInfo().username}@${hostname()})`, correlationId: `cli:${process.pid}` },
      source: { name: args.source },
      path: args.file,
      fileName: basename(args.file),
      origin: 'cli',
      onProgress: args.quiet
        ? undefined
        : (done, total) => {
            // The total is an estimate from the bytes read so far, and gets better as the file is read.
            bar ??= startProgress(`import ${args.source}`, total);
            bar.setTotal(total);
            bar.update(done);
          },
    });
    (bar as Progress | null)?.finish();
    const secs = (performance.now() - started) / 1000;
    if (result.status === 'failed') {
      console.error(`hearth import: ${result.error}\nNothing was imported (run ${result.runId}).`);
      return 1;
    }
    if (result.status === 'duplicate') {
      console.log(`hearth import: ${basename(args.file)} was already imported for ${result.sourceName}; nothing was changed.`);
      return 0;
    }
    console.log(`hearth import: ${result.rowsTotal} rows in ${secs.toFixed(1)} s: ${result.rowsAccepted} accepted, ${result.rowsRejected} in quarantine (run ${result.runId}).`);
    if (result.rowsAccepted === 0) return 0;
    if (!args.link) {
      console.log(`The new records count for people once linked: run hearth relink --council ${code}, or import with --link.`);
      return 0;
    }
    const linked = await linkWithBar(container, council.id, 'incremental', args.quiet ?? false);
    console.log(`hearth import: linked ${linked.recordsIncoming} records in ${linked.seconds.toFixed(1)} s; ${linked.peopleCreated} new people; ${linked.eventsLinked} events given a person; ${linked.reviewPairs} pairs to review (linkage run ${linked.runId}).`);
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused) {
      console.error(`hearth import: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await container.close();
  }
}
