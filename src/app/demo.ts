// Makes sure the demo council exists: generates the synthetic county once (kept in the data
// folder) and loads it. Used by `npm start` on the embedded database and by `hearth seed`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Container } from './container.ts';
import { isoDate } from '../platform/clock.ts';
import { DEMO_COUNCIL_CODE, loadDemoCouncil, type DemoSummary } from './demo-council.ts';
import { withSystem } from '../db/tenant.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { importSynthDeliveries } from '../domains/datasets/synth-deliveries.ts';
import { runEvaluation } from '../domains/identification/evaluation.engine.ts';

export const DEMO_PEOPLE = 2000;
export const DEMO_SEED = 42;

export async function ensureDemoCouncil(container: Container, log: (line: string) => void = () => undefined): Promise<DemoSummary> {
  const dir = join(container.config.dataDir, 'demo-synth');
  if (!existsSync(join(dir, 'manifest.json'))) {
    log(`Generating the synthetic demo county (${DEMO_PEOPLE} people) in ${dir}`);
    const synth = await import('../cli/synth.ts');
    const code = await synth.default(['--people', String(DEMO_PEOPLE), '--seed', String(DEMO_SEED), '--out', dir, '--to', isoDate(container.clock.now()), '--quiet']);
    if (code !== 0) throw new Error(`hearth synth exited with ${code}`);
  }
  const summary = await loadDemoCouncil(container.database.db, dir, isoDate(container.clock.now()));
  if (summary.created) log(`Loaded the demo council: ${summary.people} people, ${summary.families} family units, ${summary.cases} cases`);
  if (summary.created) {
    const council = await withSystem(container.database.db, (tx) => tenancyRepository.findCouncilByCode(tx, DEMO_COUNCIL_CODE));
    if (council) {
      const deliveries = await importSynthDeliveries(container, council.id, dir);
      log(`Imported the partner deliveries: ${deliveries.sources} sources, ${deliveries.accepted} rows accepted, ${deliveries.rejected} in quarantine`);
      // Link the records to the people (in-process, not through the queue) so their events count.
      const linked = await container.services.linkage.runLinkage(council.id, { mode: 'incremental', requestedBy: null });
      log(`Linked ${linked.linksWritten} records in ${linked.seconds.toFixed(1)} s: ${linked.peopleCreated} new people, ${linked.reviewPairs} pairs to review`);
      // Evaluate the current framework once, so the candidate list has families on first start.
      const versionId = await container.services.frameworks.publishedVersionId(council.id, 'sf2022');
      if (versionId) {
        const runId = await container.services.identification.createSystemRun(council.id, versionId, isoDate(container.clock.now()));
        const evaluated = await runEvaluation(container.database.db, council.id, runId, { concurrency: 1 });
        log(`Evaluated Supporting Families 2022: ${evaluated.eligible} of ${evaluated.families} family units meet the family rule`);
      }
    }
  }
  return summary;
}
