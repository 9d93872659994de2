// A fake OpenID Connect provider for tests: discovery, JWKS, an authorisation endpoint that
// signs the person straight in, and a token endpoint issuing RS256 ID tokens.
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';

export interface FakeProvider {
  issuer: string;
  /** Who the provider will say is signing in next. */
  setUser(claims: { sub: string; email?: string; email_verified?: boolean }): void;
  close(): Promise<void>;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export async function startFakeProvider(clientId: string): Promise<FakeProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const codes = new Map<string, { nonce: string; user: { sub: string; email?: string; email_verified?: boolean } }>();
  let user: { sub: string; email?: string; email_verified?: boolean } = { sub: 'nobody' };
  const app = Fastify();
  await app.register(formbody);
  let issuer = '';

  app.get('/.well-known/openid-configuration', async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  }));
  app.get('/jwks', async () => ({ keys: [jwk] }));
  app.get<{ Querystring: Record<string, string> }>('/authorize', async (request, reply) => {
    const code = randomBytes(12).toString('hex');
    codes.set(code, { nonce: request.query.nonce ?? '', user });
    const back = new URL(request.query.redirect_uri ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', request.query.state ?? '');
    return reply.redirect(back.href, 302);
  });
  app.post<{ Body: Record<string, string> }>('/token', async (request, reply) => {
    const grant = codes.get(request.body.code ?? '');
    if (!grant) return reply.code(400).send({ error: 'invalid_grant' });
    codes.delete(request.body.code ?? '');
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }));
    const payload = b64url(JSON.stringify({ iss: issuer, aud: clientId, iat: now, exp: now + 300, nonce: grant.nonce, ...grant.user }));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
    return { access_token: 'access', token_type: 'Bearer', expires_in: 300, id_token: `${header}.${payload}.${b64url(signature)}` };
  });

  issuer = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  return { issuer, setUser: (claims) => (user = claims), close: () => app.close() };
}
