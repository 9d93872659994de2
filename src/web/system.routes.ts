import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Container } from '../app/container.ts';
import { ping } from '../db/database.ts';
import { homeFor } from './navigation.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export function systemRoutes(app: FastifyInstance, container: Container): void {
  app.get('/health', { config: { public: true } }, async (_request, reply) => {
    const ok = await ping(container.database.db).catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'UP' : 'DOWN', database: ok ? 'UP' : 'DOWN' });
  });

  app.get('/info', { config: { public: true } }, async (request, reply) => {
    const info = { name: pkg.name, version: pkg.version, gitRef: container.config.gitRef, database: container.database.kind, node: process.version };
    if (request.headers.accept?.includes('application/json')) return reply.send(info);
    return reply.page('pages/info.njk', { pageTitle: 'Service information', info });
  });

  app.get('/', async (request, reply) => reply.redirect(homeFor(request.context().actor), 303));
}
