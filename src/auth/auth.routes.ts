import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../app/container.ts';
import { ValidationError } from '../platform/errors.ts';
import { SESSION_COOKIE } from '../web/build-app.ts';
import { readForm, readQuery } from '../web/forms.ts';
import { homeFor } from '../web/navigation.ts';
import { createOidc } from './oidc.ts';
import type { SignedIn } from './auth.service.ts';

const OIDC_COOKIE = 'hearth_oidc';

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
export function safeReturnTo(value: string | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

export function authRoutes(app: FastifyInstance, container: Container): void {
  const { services, config } = container;
  const oidc = config.oidc ? createOidc(config.oidc) : null;
  const demoAccounts = config.loadDemo;

  const signedIn = (reply: FastifyReply, session: SignedIn, returnTo: string | null) => {
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      signed: true,
      maxAge: config.sessionAbsoluteHours * 3600,
    });
    return reply.redirect(returnTo ?? homeFor(session.actor), 303);
  };

  const renderSignIn = (reply: FastifyReply, data: Record<string, unknown>) =>
    reply.page('pages/sign-in.njk', { pageTitle: 'Sign in', oidcLabel: oidc?.label, demoAccounts, ...data });

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.actor) return reply.redirect(homeFor(request.actor), 303);
    return renderSignIn(reply, { returnTo: safeReturnTo(readQuery<'returnTo'>(request.query).returnTo) ?? '' });
  });

  app.post(
    '/sign-in',
    { config: { public: true, rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = readForm<'email' | 'password' | 'returnTo'>(request.body);
      try {
        const session = await services.auth.signInWithPassword(form.email, form.password, request.id);
        return signedIn(reply, session, safeReturnTo(form.returnTo));
      } catch (error) {
        if (error instanceof ValidationError) {
          return renderSignIn(reply.code(400), { errors: error.fields, values: { email: form.email }, returnTo: safeReturnTo(form.returnTo) ?? '' });
        }
        throw error;
      }
    },
  );

  app.post('/sign-out', { config: { public: true } }, async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE];
    const token = raw ? request.unsignCookie(raw).value : null;
    await services.auth.signOut(token ?? '', request.actor, request.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    request.actor = null;
    return reply.page('pages/signed-out.njk', { pageTitle: 'You have signed out' });
  });

  if (!oidc) return;

  app.get('/auth/oidc/start', { config: { public: true } }, async (request, reply) => {
    const start = await oidc.start(safeReturnTo(readQuery<'returnTo'>(request.query).returnTo) ?? '');
    reply.setCookie(OIDC_COOKIE, JSON.stringify(start.pending), { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true, maxAge: 600 });
    return reply.redirect(start.url, 303);
  });

  app.get('/auth/oidc/callback', { config: { public: true } }, async (request, reply) => {
    const raw = request.cookies[OIDC_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    reply.clearCookie(OIDC_COOKIE, { path: '/auth/oidc' });
    const failed = (message: string) => renderSignIn(reply.code(400), { errors: { oidc: message }, returnTo: '' });
    if (!unsigned?.valid || !unsigned.value) return failed('Your sign-in took too long or was started elsewhere. Try again.');
    const pending = JSON.parse(unsigned.value) as { verifier: string; state: string; nonce: string; returnTo: string };
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let claims;
    try {
      claims = await oidc.finish(query, pending);
    } catch (error) {
      request.log.warn({ err: error }, 'OIDC sign-in failed');
      return failed('Your council account could not be checked. Try again, or sign in with your email address and password.');
    }
    const session = await services.auth.signInWithOidc(claims, request.id);
    if (!session) return failed('Your council account is not set up for Hearth. Ask your administrator to add you.');
    return signedIn(reply, session, safeReturnTo(pending.returnTo));
  });
}
