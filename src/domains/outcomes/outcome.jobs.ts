// Job handlers for outcomes: building a claim batch runs in the background (/jobs/:id shows it).
import type { Container } from '../../app/container.ts';
import { PermanentJobError } from '../../jobs/queue.ts';
import { CLAIM_BUILD_JOB } from './outcome.service.ts';

export function registerOutcomeJobs(container: Container): void {
  container.jobs.register(CLAIM_BUILD_JOB, async (payload, ctx) => {
    const batchId = typeof payload.batchId === 'string' ? payload.batchId : '';
    if (!batchId) throw new PermanentJobError('No batch to build');
    return container.services.outcomes.buildBatch(ctx.localAuthorityId, batchId, ctx.progress);
  });
}
