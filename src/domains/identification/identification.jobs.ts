// The evaluation job: runs an evaluation run chunk by chunk, reporting progress, and links to
// the run's summary when done. Idempotent: a finished run is not evaluated again.
import type { Container } from '../../app/container.ts';
import { PermanentJobError } from '../../jobs/queue.ts';
import { runEvaluation } from './evaluation.engine.ts';
import { EVALUATE_JOB } from './identification.service.ts';

export function registerIdentificationJobs(container: Container): void {
  container.jobs.register(EVALUATE_JOB, async (payload, ctx) => {
    const runId = typeof payload.runId === 'string' ? payload.runId : '';
    if (!runId) throw new PermanentJobError('No evaluation run given');
    const result = await runEvaluation(container.database.db, ctx.localAuthorityId, runId, {
      concurrency: container.database.kind === 'pg' ? 4 : 1,
      onProgress: (done, total) => ctx.progress(done, total, 'family units evaluated'),
    });
    return {
      href: `/identify/runs/${runId}`,
      summary: `${result.families.toLocaleString('en-GB')} family units evaluated; ${result.eligible.toLocaleString('en-GB')} meet the family rule.`,
      ...result,
    };
  });
}
