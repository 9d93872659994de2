// Builds the Fastify app from a container, without listening: main.ts listens, tests inject.
// Plugin order is the request's path through the app: ids → security headers → cookies →
// body parsing → static assets → views → who is signed in → CSRF → routes → errors.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import nunjucks from 'nunjucks';
import type { Container } from '../app/container.ts';
import { ROLE_LABELS, type Actor, type Permission, type RequestContext } from '../auth/permissions.ts';
import { AppError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { formatDate, formatDateTime } from '../platform/dates.ts';
import { errorList } from './forms.ts';
import { navigationFor } from './navigation.ts';
import { registerRoutes } from './routes.ts';
import { formatPounds } from '../platform/money.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The signed-in person and this request's correlation id; 404 if nobody is signed in. */
    context(): RequestContext;
  }
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
    flash(type: 'success' | 'important', text: string, title?: string): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in. */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'hearth_session';
const FLASH_COOKIE = 'hearth_flash';
const root = fileURLToPath(new URL('../..', import.meta.url));

export function nunjucksEnvironment(): nunjucks.Environment {
  const env = nunjucks.configure(
    [`${root}src/web/views`, `${root}src/domains`, `${root}node_modules/govuk-frontend/dist`, `${root}node_modules/@ministryofjustice/frontend`],
    { autoescape: true, throwOnUndefined: false, noCache: false },
  );
  env.addFilter('date', (value: string | Date | null) => formatDate(value));
  env.addFilter('dateTime', (value: string | Date | null) => formatDateTime(value));
  const numbers = new Intl.NumberFormat('en-GB');
  env.addFilter('number', (value: number | null | undefined) => (value === null || value === undefined ? '' : numbers.format(Number(value))));
  env.addFilter('pounds', (pence: number | null | undefined) => (pence === null || pence === undefined ? '' : formatPounds(Number(pence))));
  const mojFilters = createRequire(import.meta.url)('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<string, (...args: unknown[]) => unknown>;
  const mojDate = mojFilters().mojDate;
  if (mojDate) env.addFilter('mojDate', mojDate);
  env.addFilter('json', (value: unknown) => JSON.stringify(value));
  return env;
}

export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { config, services } = container;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.env === 'production',
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  await app.register(csrf, {
    cookieKey: 'hearth_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
  });

  await app.register(fastifyStatic, {
    root: [`${root}node_modules/govuk-frontend/dist/govuk/assets`, `${root}node_modules/@ministryofjustice/frontend/moj/assets`],
    prefix: '/assets/govuk/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [`${root}node_modules/govuk-frontend/dist/govuk`, `${root}node_modules/@ministryofjustice/frontend/moj`, `${root}src/web/assets`],
    prefix: '/assets/js/',
    decorateReply: false,
    allowedPath: (path) => /^\/(govuk-frontend\.min\.js|moj-frontend\.min\.js|app\.js)$/.test(path),
  });
  await app.register(fastifyStatic, { root: `${root}public`, prefix: '/assets/', decorateReply: false, index: false, wildcard: false });

  const env = nunjucksEnvironment();
  const councilNames = new Map<string, string>();

  app.decorateRequest('actor', null);
  app.decorateRequest('context', function (this: FastifyRequest): RequestContext {
    if (!this.actor) throw new NotFoundError();
    return { actor: this.actor, correlationId: this.id };
  });

  app.decorateReply('flash', function (this: FastifyReply, type: 'success' | 'important', text: string, title?: string) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ type, text, title: title ?? (type === 'success' ? 'Success' : 'Important') }), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      signed: true,
      maxAge: 60,
    });
    return this;
  });

  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const actor = request.actor;
    let flash: unknown = null;
    const rawFlash = request.cookies[FLASH_COOKIE];
    if (rawFlash) {
      const unsigned = request.unsignCookie(rawFlash);
      if (unsigned.valid && unsigned.value) flash = JSON.parse(unsigned.value);
      this.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    let councilName: string | undefined;
    if (actor) {
      councilName = councilNames.get(actor.localAuthorityId);
      if (!councilName) {
        councilName = (await services.tenancy.council({ actor, correlationId: request.id }))?.name ?? '';
        councilNames.set(actor.localAuthorityId, councilName);
      }
    }
    const html = env.render(template, {
      actor,
      roleLabel: actor ? ROLE_LABELS[actor.role] : '',
      councilName,
      navigation: navigationFor(actor, request.url.split('?')[0] ?? '/'),
      csrfToken: this.generateCsrf(),
      cspNonce: this.cspNonce.script,
      showDemoBanner: config.loadDemo,
      currentUrl: request.url,
      flash,
      ...data,
      errorList: errorList(data.errors as Record<string, string> | undefined),
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  // Who is signed in: every route needs someone unless its config says public.
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      request.actor = unsigned.valid && unsigned.value ? await services.auth.resolveSession(unsigned.value) : null;
      if (!request.actor) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    const isPublic = request.routeOptions.config?.public === true || request.url.startsWith('/assets/');
    if (!isPublic && !request.actor) {
      if (request.method === 'GET') {
        const returnTo = encodeURIComponent(request.url);
        return reply.redirect(`/sign-in?returnTo=${returnTo}`, 303);
      }
      return reply.code(401).page('pages/error.njk', { pageTitle: 'Sign in again', heading: 'You have been signed out', paragraphs: ['Your session ended. Sign in again to continue.'] });
    }
  });

  // Every form post carries a CSRF token (JSON API routes opt out and authenticate by token instead).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    if ((request.routeOptions.config as { api?: boolean } | undefined)?.api) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).page('pages/error.njk', { pageTitle: 'Page not found', heading: 'Page not found', paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'] }),
  );

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof NotFoundError) {
      return reply.code(404).page('pages/error.njk', { pageTitle: 'Page not found', heading: 'Page not found', paragraphs: ['If you typed the web address, check it is correct.'] });
    }
    if (error instanceof ValidationError || error.code === 'FST_ERR_VALIDATION') {
      return reply.code(400).page('pages/error.njk', { pageTitle: 'There is a problem', heading: 'There is a problem', paragraphs: [error.message] });
    }
    if (error instanceof AppError) {
      return reply.code(error.status).page('pages/error.njk', { pageTitle: 'There is a problem', heading: 'There is a problem', paragraphs: [error.message] });
    }
    if (error.code?.startsWith('FST_CSRF')) {
      return reply.code(403).page('pages/error.njk', { pageTitle: 'Form expired', heading: 'This form has expired', paragraphs: ['For your security the form could not be sent. Go back, reload the page and try again. Nothing was saved.'] });
    }
    if (error.statusCode === 429) {
      return reply.code(429).page('pages/error.njk', { pageTitle: 'Too many attempts', heading: 'Too many attempts', paragraphs: ['You have tried too many times. Wait a minute and try again.'] });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).page('pages/error.njk', { pageTitle: 'There is a problem', heading: 'There is a problem', paragraphs: ['The request could not be understood. Go back and try again.'] });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).page('pages/error.njk', {
      pageTitle: 'Sorry, there is a problem with the service',
      heading: 'Sorry, there is a problem with the service',
      paragraphs: ['Try again later. Anything you were entering has not been saved.'],
      correlationId: request.id,
    });
  });

  await registerRoutes(app, container);
  return app;
}

/** preHandler for routes: someone signed in with this permission, else the same 404 as a missing page. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest) => {
    if (!request.actor || !request.actor.permissions.has(permission)) throw new NotFoundError();
  };
}
