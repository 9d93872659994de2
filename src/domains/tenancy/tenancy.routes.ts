import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ROLE_LABELS, isRole } from '../../auth/permissions.ts';
import { requirePermission } from '../../web/build-app.ts';

export function tenancyRoutes(app: FastifyInstance, { services }: Container): void {
  app.get('/admin/users', { preHandler: requirePermission('users:manage') }, async (request, reply) => {
    const users = await services.tenancy.users(request.context());
    return reply.page('tenancy/views/users.njk', {
      pageTitle: 'Users',
      users: users.map((u) => ({ ...u, roleLabel: isRole(u.role) ? ROLE_LABELS[u.role] : u.role })),
    });
  });
}
