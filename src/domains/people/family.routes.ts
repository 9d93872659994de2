import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readQuery } from '../../web/forms.ts';
import { ageOn } from '../../platform/dates.ts';
import { isoDate } from '../../platform/clock.ts';

const PAGE_SIZE = 25;

export function familyRoutes(app: FastifyInstance, { services, clock }: Container): void {
  app.get('/families', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const query = readQuery<'q' | 'page'>(request.query);
    const page = positiveInt(query.page, 1);
    const result = await services.families.search(request.context(), { text: query.q, page, pageSize: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (p: number) => `/families?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(p) })}`;
    return reply.page('people/views/families.njk', {
      pageTitle: 'Families',
      q: query.q,
      ...result,
      pagination: pages > 1 ? {
        ...(page > 1 ? { previous: { href: link(page - 1) } } : {}),
        ...(page < pages ? { next: { href: link(page + 1) } } : {}),
        items: Array.from({ length: pages }, (_, i) => i + 1)
          .filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2)
          .map((p) => ({ number: p, href: link(p), current: p === page })),
      } : null,
    });
  });

  app.get<{ Params: { familyId: string } }>('/families/:familyId', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const ctx = request.context();
    const record = await services.families.getFamilyRecord(ctx, request.params.familyId);
    const casework = await services.caseOverview.forFamily(ctx, request.params.familyId);
    const today = isoDate(clock.now());
    return reply.page('people/views/family.njk', {
      pageTitle: record.family.name,
      ...record,
      casework,
      members: record.members.map((m) => ({ ...m, age: m.date_of_birth ? ageOn(m.date_of_birth, today) : null })),
      canAllocate: ctx.actor.permissions.has('case:allocate'),
      teamId: ctx.actor.teamId,
    });
  });
}
