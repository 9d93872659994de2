import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { isRealDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { CHRONOLOGY_KINDS, type ChronologyKind } from './chronology.ts';
import { readList } from './form-helpers.ts';

export function chronologyRoutes(app: FastifyInstance, { services }: Container): void {
  app.get<{ Params: { caseId: string }; Querystring: Record<string, string | string[]> }>('/cases/:caseId/chronology', { preHandler: requirePermission('family:read') }, async (request, reply) => {
    const q = request.query;
    const one = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
    const kinds = readList(q, 'kind').filter((k): k is ChronologyKind => (CHRONOLOGY_KINDS as readonly string[]).includes(k));
    const from = isRealDate(one('from')) ? one('from') : null;
    const to = isRealDate(one('to')) ? one('to') : null;
    const personId = one('person') || null;
    const view = await services.chronology.forCase(request.context(), request.params.caseId, { kinds, from, to, personId });
    return reply.page('cases/views/chronology.njk', { pageTitle: `Chronology: ${view.header.family.name}`, heading: 'Chronology', tab: 'chronology', ...view, filter: { kinds, from: from ?? '', to: to ?? '', person: personId ?? '' } });
  });
}
