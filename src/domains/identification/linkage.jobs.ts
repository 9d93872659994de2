// The linkage job ('identification.link'): links a council's records as a background job with a
// progress bar, and links to the run's summary. Also what dataset corrections enqueue (with the
// corrected records to link again). Idempotent: a run links only what is unlinked (or, in full
// mode, every automatic link again), so running it twice leaves the same links.
import type { Container } from '../../app/container.ts';
import { PermanentJobError } from '../../jobs/queue.ts';
import { LINK_JOB } from './linkage.service.ts';

export function registerLinkageJobs(container: Container): void {
  container.jobs.register(LINK_JOB, async (payload, ctx) => {
    const mode = payload.mode === undefined ? 'incremental' : payload.mode;
    if (mode !== 'incremental' && mode !== 'full') throw new PermanentJobError(`Unknown linkage mode "${String(mode)}"`);
    const relink = Array.isArray(payload.sourceRecordIds) ? payload.sourceRecordIds.filter((x): x is string => typeof x === 'string') : [];
    const result = await container.services.linkage.runLinkage(ctx.localAuthorityId, {
      mode, requestedBy: ctx.createdBy, jobId: ctx.jobId, relink,
      onProgress: (done, total, message) => ctx.progress(done, total, message),
    });
    const routes = Object.entries(result.byRoute).map(([k, v]) => `${v.toLocaleString('en-GB')} ${k.replace(/_/g, ' ')}`).join(', ');
    return {
      href: `/data/linkage/runs/${result.runId}`,
      summary: `${result.linksWritten.toLocaleString('en-GB')} records linked (${routes || 'none'}); ${result.peopleCreated.toLocaleString('en-GB')} new people; ${result.reviewPairs.toLocaleString('en-GB')} pairs to review.`,
      runId: result.runId,
      links: result.linksWritten,
      seconds: result.seconds,
    };
  });
}
