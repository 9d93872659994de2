// Makes sure the demo council exists: generates the synthetic county once (kept in the data
// folder) and loads it. Used by `npm start` on the embedded database and by `hearth seed`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container } from './container.ts';
import { isoDate } from '../platform/clock.ts';
import { DEMO_COUNCIL_CODE, loadDemoCouncil, type DemoSummary } from './demo-council.ts';
import { withSystem } from '../db/tenant.ts';
import { tenancyRepository } from '../domains/tenancy/tenancy.repository.ts';
import { importSynthDeliveries } from '../domains/datasets/synth-deliveries.ts';
import { runEvaluation } from '../domains/identification/evaluation.engine.ts';
import { permissionsFor, type RequestContext } from '../auth/permissions.ts';
import { loadDemoCasework } from './demo-casework.ts';

export const DEMO_PEOPLE = 2000;
export const DEMO_SEED = 42;
/** Share of the demo's families with needs two years ago that have since gone (the families Prove can claim for). */
export const DEMO_PAST_NEEDS = 0.06;

export async function ensureDemoCouncil(container: Container, log: (line: string) => void = () => undefined): Promise<DemoSummary> {
  const dir = join(container.config.dataDir, 'demo-synth');
  if (!existsSync(join(dir, 'manifest.json'))) {
    log(`Generating the synthetic demo county (${DEMO_PEOPLE} people) in ${dir}`);
    const synth = await import('../cli/synth.ts');
    const code = await synth.default(['--people', String(DEMO_PEOPLE), '--seed', String(DEMO_SEED), '--out', dir, '--to', isoDate(container.clock.now()), '--past-needs', String(DEMO_PAST_NEEDS), '--quiet']);
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
      // The casework on the demo's cases, recorded through the services on the days it happened.
      if (summary.casework) {
        const started = performance.now();
        const work = await loadDemoCasework(container, summary.casework, isoDate(container.clock.now()));
        log(`Recorded the casework: ${work.assessments} assessments with ${work.needs} needs, ${work.goals} goals (${work.goalsAchieved} met), ${work.contacts} contacts, ${work.meetings} TAF meetings, ${work.reviews} reviews, ${work.closures} closures in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      // Prove: the illustrative unit costs (each marked so), and the date the partner data start from.
      const dataManager = summary.casework?.accounts['data@demo.hearth.test'];
      if (dataManager) {
        const ctx: RequestContext = { actor: { id: dataManager.id, localAuthorityId: council.id, displayName: 'Dana Data', email: 'data@demo.hearth.test', role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'demo-load' };
        const costs = await container.services.economics.loadIllustrative(ctx);
        const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { from?: string };
        await container.services.outcomes.saveSettings(ctx, { claimsEnabled: 'yes', programmeCost: '', programmeCostSource: '', costDataFrom: manifest.from ?? '' });
        log(`Loaded ${costs} illustrative unit costs; agency data held from ${manifest.from ?? 'unknown'}`);
      }
    }
  }
  return summary;
}
