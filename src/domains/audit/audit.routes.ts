import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { isRealDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readQuery } from '../../web/forms.ts';

const PAGE_SIZE = 50;

export function auditRoutes(app: FastifyInstance, { services }: Container): void {
  app.get('/admin/audit', { preHandler: requirePermission('audit:view') }, async (request, reply) => {
    const q = readQuery<'actor' | 'action' | 'subjectType' | 'subjectId' | 'from' | 'to' | 'page'>(request.query);
    const errors: Record<string, string> = {};
    if (q.from && !isRealDate(q.from)) errors.from = 'From date must be a real date, like 2026-11-23';
    if (q.to && !isRealDate(q.to)) errors.to = 'To date must be a real date, like 2026-11-23';
    const page = positiveInt(q.page, 1);
    const filter = {
      actor: q.actor || undefined,
      action: q.action || undefined,
      subjectType: q.subjectType || undefined,
      subjectId: q.subjectId || undefined,
      from: errors.from ? undefined : q.from || undefined,
      to: errors.to ? undefined : q.to || undefined,
      page,
      pageSize: PAGE_SIZE,
    };
    const result = await services.audit.list(request.context(), filter);
    const params = (p: number) => new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([k, v]) => v && k !== 'page')), page: String(p) }).toString();
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return reply.code(Object.keys(errors).length ? 400 : 200).page('audit/views/audit.njk', {
      pageTitle: 'Audit log',
      ...result,
      values: q,
      errors,
      pagination: pages > 1 ? { ...(page > 1 ? { previous: { href: `/admin/audit?${params(page - 1)}` } } : {}), ...(page < pages ? { next: { href: `/admin/audit?${params(page + 1)}` } } : {}) } : null,
    });
  });
}
