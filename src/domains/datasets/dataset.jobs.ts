// The background import: a browser upload or an API delivery queues 'datasets.import'; the job runs
// the same import service as the CLI and puts { href, summary } in its result for /jobs/:id.
import { rm } from 'node:fs/promises';
import type { Container } from '../../app/container.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { PermanentJobError } from '../../jobs/queue.ts';
import { userRepository } from '../tenancy/user.repository.ts';
import { IMPORT_JOB } from './dataset.service.ts';
import { ImportRefused, type ImportOrigin } from './import.service.ts';

export function registerDatasetJobs(container: Container): void {
  const { services, database } = container;
  container.jobs.register(IMPORT_JOB, async (payload, ctx) => {
    const { sourceId, path, fileName, origin, runId } = payload as { sourceId: string; path: string; fileName: string; origin: ImportOrigin; runId: string };
    const user = ctx.createdBy ? await withTenant(database.db, ctx.localAuthorityId, (tx) => userRepository.findById(tx, ctx.createdBy as string)) : undefined;
    const actor = { localAuthorityId: ctx.localAuthorityId, userId: ctx.createdBy, name: user ? `${user.display_name} <${user.email}>` : origin === 'api' ? 'API delivery' : 'Import job', correlationId: `job:${ctx.jobId}` };
    // PGlite has one connection, held by the import's transaction: progress can only be written between runs there.
    let last = 0;
    const onProgress = database.kind === 'pg'
      ? async (done: number, total: number) => {
          const now = Date.now();
          if (now - last < 500 && done < total) return;
          last = now;
          await ctx.progress(done, total, `${done.toLocaleString('en-GB')} rows read`);
        }
      : undefined;
    // The delivery's records count for people once linked: queue linkage with the run (one waiting
    // linkage job serves every delivery that lands before it starts).
    const queued: { linkJobId: string | null } = { linkJobId: null };
    const onLanded = async (tx: Tx, counts: { accepted: number }) => {
      if (counts.accepted > 0) queued.linkJobId = await services.datasets.queueLinkageAfterDelivery(tx, ctx.localAuthorityId, ctx.createdBy);
    };
    try {
      const result = await services.datasets.imports.importDelivery({ actor, source: { id: sourceId }, path, fileName, origin, runId, jobId: ctx.jobId, onLanded, ...(onProgress ? { onProgress } : {}) });
      await rm(path, { force: true });
      const href = `/data/runs/${result.runId}`;
      if (result.status === 'failed') throw new PermanentJobError(result.error ?? 'The import failed; nothing was kept.');
      await ctx.progress(result.rowsTotal, result.rowsTotal, 'Finished');
      const summary = result.status === 'duplicate'
        ? `${fileName} was already imported for ${result.sourceName}; nothing was changed.`
        : `${result.rowsTotal.toLocaleString('en-GB')} rows of ${fileName} imported into ${result.sourceName}: ${result.rowsAccepted.toLocaleString('en-GB')} accepted, ${result.rowsRejected.toLocaleString('en-GB')} in quarantine.${queued.linkJobId ? ' Linkage is queued to link the new records to people.' : ''}`;
      const followUp = queued.linkJobId ? { href: `/jobs/${queued.linkJobId}`, text: 'Follow the linkage of these records' } : undefined;
      return { href, summary, runId: result.runId, status: result.status, rowsAccepted: result.rowsAccepted, rowsRejected: result.rowsRejected, ...(followUp ? { followUp, linkJobId: queued.linkJobId } : {}) };
    } catch (error) {
      if (error instanceof ImportRefused) {
        await rm(path, { force: true });
        throw new PermanentJobError(error.message);
      }
      if (error instanceof PermanentJobError) {
        await rm(path, { force: true });
      }
      throw error;
    }
  });
}
