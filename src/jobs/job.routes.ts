// The progress page every background job shares: /jobs/:id shows status and progress, refreshes
// itself with a little JavaScript (and has a link to refresh without it), and links to the result.
import type { FastifyInstance } from 'fastify';
import type { Container } from '../app/container.ts';
import { NotFoundError } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';

export function jobRoutes(app: FastifyInstance, { queue }: Container): void {
  const load = async (localAuthorityId: string, actorId: string, canManageData: boolean, id: string) => {
    if (!isUuid(id)) throw new NotFoundError('Job');
    const job = await queue.status(localAuthorityId, id);
    // People see their own jobs; data managers see every job of their council.
    if (!job || (job.created_by !== actorId && !canManageData)) throw new NotFoundError('Job');
    const percent = job.progress_total > 0 ? Math.min(100, Math.floor((job.progress_done / job.progress_total) * 100)) : job.status === 'succeeded' ? 100 : 0;
    const result = (job.result ?? {}) as { href?: string; summary?: string; followUp?: { href?: unknown; text?: unknown } };
    const followUp = result.followUp && typeof result.followUp.href === 'string' && result.followUp.href.startsWith('/') && typeof result.followUp.text === 'string' ? { href: result.followUp.href, text: result.followUp.text } : null;
    return {
      id: job.id,
      name: job.name,
      status: job.status,
      done: job.progress_done,
      total: job.progress_total,
      percent,
      message: job.message,
      error: job.error,
      attempts: job.attempts,
      resultHref: typeof result.href === 'string' && result.href.startsWith('/') ? result.href : null,
      resultSummary: typeof result.summary === 'string' ? result.summary : null,
      /** A job this one started (linkage after an import), to follow next. */
      followUp,
      finished: job.status === 'succeeded' || job.status === 'failed',
    };
  };

  app.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const { actor } = request.context();
    const job = await load(actor.localAuthorityId, actor.id, actor.permissions.has('data:manage'), request.params.id);
    return reply.page('views/job.njk', { pageTitle: job.finished ? 'Job finished' : 'Job in progress', job });
  });

  app.get<{ Params: { id: string } }>('/jobs/:id/status.json', async (request, reply) => {
    const { actor } = request.context();
    const job = await load(actor.localAuthorityId, actor.id, actor.permissions.has('data:manage'), request.params.id);
    return reply.header('cache-control', 'no-store').send(job);
  });
}
