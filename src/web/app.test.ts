import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './build-app.ts';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, createFamily, TEST_PASSWORD, type TestCouncil } from '../../test/support/factories.ts';
import { WebSession, text } from '../../test/support/web.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock('2026-11-23T10:00:00Z');
let harness: TestContainer;
let app: FastifyInstance;
let council: TestCouncil;

before(async () => {
  harness = await createTestContainer({ clock, env: { SIGN_IN_RATE_LIMIT: '12', SESSION_IDLE_MINUTES: '30' } });
  app = await buildApp(harness.container);
  council = await createCouncil(harness.container.database.db, 'WEB');
  await createFamily(harness.container.database.db, council, {
    name: 'Test family',
    members: [{ given: 'Ann', family: 'Test', dob: '1990-01-01', role: 'parent' }],
    case: { status: 'open', keyworkerId: council.users.keyworker.id, teamId: council.teamId },
  });
});
after(async () => {
  await app.close();
  await harness.close();
});

describe('outside sign-in', () => {
  test('/health reports the database', async () => {
    const response = await app.inject('/health');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'UP', database: 'UP' });
  });

  test('/info names the service and database mode', async () => {
    const response = await app.inject({ url: '/info', headers: { accept: 'application/json' } });
    assert.equal(response.json().name, 'hearth');
    assert.equal(response.json().database, process.env.DATABASE_URL ? 'pg' : 'pglite');
  });

  test('every other page sends you to sign in, keeping where you were going', async () => {
    const response = await app.inject('/caseload');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?returnTo=%2Fcaseload');
  });

  test('pages carry security headers with a CSP nonce and no GOV.UK crown', async () => {
    const response = await app.inject('/sign-in');
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /script-src 'self' 'nonce-[^']+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(response.headers['x-request-id']);
    assert.match(response.body, /govuk-generic-header/);
    assert.doesNotMatch(response.body, /govuk-header__logotype|GOV\.UK<\/span>/);
  });

  test('an unknown page is a GOV.UK 404 page', async () => {
    const session = new WebSession(app);
    await session.signIn(council.users.keyworker.email, TEST_PASSWORD);
    const response = await session.get('/no-such-page');
    assert.equal(response.statusCode, 404);
    assert.match(text(response.body), /Page not found/);
  });
});

describe('signing in and out', () => {
  test('a wrong password shows the GOV.UK error summary, keeps the email and signs nobody in', async () => {
    const session = new WebSession(app);
    await session.get('/sign-in');
    const response = await session.post('/sign-in', { email: council.users.keyworker.email, password: 'wrong' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /Enter a correct email address and password/);
    assert.match(response.body, new RegExp(`value="${council.users.keyworker.email}"`));
    assert.equal((await session.get('/caseload')).statusCode, 303);
  });

  test('empty fields get a message each', async () => {
    const session = new WebSession(app);
    await session.get('/sign-in');
    const response = await session.post('/sign-in', { email: '', password: '' });
    assert.match(response.body, /Enter your email address/);
    assert.match(response.body, /Enter your password/);
  });

  test('a keyworker signs in, lands on their caseload and signs out', async () => {
    const session = new WebSession(app);
    const signIn = await session.signIn(council.users.keyworker.email, TEST_PASSWORD);
    assert.equal(signIn.headers.location, '/caseload');
    const cookie = signIn.cookies.find((c) => c.name === 'hearth_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    const caseload = await session.get('/caseload');
    assert.equal(caseload.statusCode, 200);
    assert.match(text(caseload.body), /Test family/);
    const out = await session.post('/sign-out', {});
    assert.match(text(out.body), /You have signed out/);
    assert.equal((await session.get('/caseload')).statusCode, 303);
  });

  test('a safe return address is honoured and an off-site one ignored', async () => {
    const session = new WebSession(app);
    await session.get('/sign-in');
    const good = await session.post('/sign-in', { email: council.users.keyworker.email, password: TEST_PASSWORD, returnTo: '/families' });
    assert.equal(good.headers.location, '/families');
    const other = new WebSession(app);
    await other.get('/sign-in');
    const bad = await other.post('/sign-in', { email: council.users.keyworker.email, password: TEST_PASSWORD, returnTo: '//evil.example/' });
    assert.equal(bad.headers.location, '/caseload');
  });

  test('a session ends after the idle limit', async () => {
    const session = new WebSession(app);
    await session.signIn(council.users.keyworker.email, TEST_PASSWORD);
    assert.equal((await session.get('/caseload')).statusCode, 200);
    clock.advanceMinutes(31);
    assert.equal((await session.get('/caseload')).statusCode, 303);
  });

  test('a form without its CSRF token is refused and changes nothing', async () => {
    const session = new WebSession(app);
    await session.get('/sign-in');
    const response = await session.post('/sign-in', { email: council.users.keyworker.email, password: TEST_PASSWORD }, { csrf: null });
    assert.equal(response.statusCode, 403);
    assert.match(text(response.body), /This form has expired/);
    assert.equal(response.cookies.find((c) => c.name === 'hearth_session'), undefined);
  });

  test('sign-in is rate limited', async () => {
    const session = new WebSession(app);
    await session.get('/sign-in');
    let last = 0;
    for (let i = 0; i < 14; i++) last = (await session.post('/sign-in', { email: 'nobody@x.test', password: 'nope' })).statusCode;
    assert.equal(last, 429);
  });
});
