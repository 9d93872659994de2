import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { requirePermission } from '../../web/build-app.ts';
import { AREA_LABELS, SHAREABLE_AREAS } from './case.access.ts';
import { formOf, handleForm } from './case.web.ts';
import { readList } from './form-helpers.ts';
import type { CaseworkSettings } from './settings.repository.ts';

const areas = SHAREABLE_AREAS.map((a) => ({ value: a, text: AREA_LABELS[a] }));

function valuesOf(s: CaseworkSettings): Record<string, string> {
  const v: Record<string, string> = {};
  for (const [k, x] of Object.entries(s)) if (typeof x === 'number') v[k] = String(x);
  v.follow_up_months = s.follow_up_months.join(', ');
  v.budget_limit = (s.budget_limit_pence / 100).toFixed(2);
  return v;
}

export function settingsRoutes(app: FastifyInstance, { services }: Container): void {
  app.get('/settings', { preHandler: requirePermission('settings:manage') }, async (request, reply) => {
    const s = await services.settings.get(request.context());
    return reply.page('cases/views/settings.njk', { pageTitle: 'Casework settings', values: valuesOf(s), sharing: s.partner_sharing, areas, updatedAt: s.updated_at });
  });
  app.post('/settings', { preHandler: requirePermission('settings:manage') }, async (request, reply) => {
    const ctx = request.context();
    const form = formOf(request.body);
    const sharing = readList(request.body, 'partner_sharing');
    return handleForm(
      reply,
      () => services.settings.save(ctx, form, sharing),
      async (errors) => reply.page('cases/views/settings.njk', { pageTitle: 'Casework settings', values: form, sharing, areas, errors }),
      () => {
        reply.flash('success', 'Settings saved. They apply from now on.');
        return reply.redirect('/settings', 303);
      },
    );
  });
}
