import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../web/build-app.ts';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../test/support/factories.ts';
import { startFakeProvider, type FakeProvider } from '../../test/support/fake-oidc.ts';
import { WebSession, text } from '../../test/support/web.ts';

let provider: FakeProvider;
let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;

before(async () => {
  provider = await startFakeProvider('hearth-client');
  harness = await createTestContainer({
    env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'hearth-client', OIDC_CLIENT_SECRET: 'secret', OIDC_REDIRECT_URI: 'http://localhost:3000/auth/oidc/callback', OIDC_ALLOW_INSECURE: 'true', OIDC_LABEL: 'Sign in with Test Council' },
  });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'OIDC');
});
after(async () => {
  await app.close();
  await harness.close();
  await provider.close();
});

/** Follows the round trip a browser would make: Hearth → provider → Hearth's callback. */
async function signInThroughProvider(session: WebSession) {
  const start = await session.get('/auth/oidc/start?returnTo=%2Ffamilies');
  assert.equal(start.statusCode, 303);
  const authorise = new URL(String(start.headers.location));
  assert.equal(authorise.origin, provider.issuer);
  assert.equal(authorise.searchParams.get('code_challenge_method'), 'S256');
  const back = await fetch(authorise, { redirect: 'manual' });
  const callback = new URL(String(back.headers.get('location')));
  return session.get(`${callback.pathname}${callback.search}`);
}

test('the sign-in page offers the council identity provider', async () => {
  const page = text((await new WebSession(app).get('/sign-in')).body);
  assert.match(page, /Sign in with Test Council/);
});

test('a known person signs in through the provider, matched by verified email', async () => {
  provider.setUser({ sub: 'idp-123', email: council.users.keyworker.email, email_verified: true });
  const session = new WebSession(app);
  const response = await signInThroughProvider(session);
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/families');
  assert.equal((await session.get('/caseload')).statusCode, 200);
});

test('the next sign-in is matched by subject even if the email changed', async () => {
  provider.setUser({ sub: 'idp-123', email: 'renamed@elsewhere.test', email_verified: true });
  const response = await signInThroughProvider(new WebSession(app));
  assert.equal(response.statusCode, 303);
});

test('someone without a Hearth account is told so and not signed in', async () => {
  provider.setUser({ sub: 'idp-999', email: 'stranger@nowhere.test', email_verified: true });
  const session = new WebSession(app);
  const response = await signInThroughProvider(session);
  assert.equal(response.statusCode, 400);
  assert.match(text(response.body), /not set up for Hearth/);
  assert.equal((await session.get('/caseload')).statusCode, 303);
});

test('an unverified email is not trusted', async () => {
  provider.setUser({ sub: 'idp-555', email: council.users.manager.email, email_verified: false });
  const response = await signInThroughProvider(new WebSession(app));
  assert.equal(response.statusCode, 400);
});

test('a callback with a tampered state is refused', async () => {
  provider.setUser({ sub: 'idp-123', email: council.users.keyworker.email, email_verified: true });
  const session = new WebSession(app);
  const start = await session.get('/auth/oidc/start');
  const back = await fetch(new URL(String(start.headers.location)), { redirect: 'manual' });
  const callback = new URL(String(back.headers.get('location')));
  callback.searchParams.set('state', 'forged');
  const response = await session.get(`${callback.pathname}${callback.search}`);
  assert.equal(response.statusCode, 400);
  assert.match(text(response.body), /could not be checked/);
});

test('a callback without the start cookie is refused', async () => {
  const response = await new WebSession(app).get('/auth/oidc/callback?code=x&state=y');
  assert.equal(response.statusCode, 400);
  assert.match(text(response.body), /took too long or was started elsewhere/);
});
