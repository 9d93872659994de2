// Sign-in through a council's identity provider (OpenID Connect, authorisation code with PKCE).
import * as client from 'openid-client';
import type { OidcConfig } from '../config/config.ts';

export interface OidcStart {
  url: string;
  /** Kept in a signed, short-lived cookie until the provider sends the person back. */
  pending: { verifier: string; state: string; nonce: string; returnTo: string };
}

export function createOidc(settings: OidcConfig) {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  return {
    label: settings.label,

    async start(returnTo: string): Promise<OidcStart> {
      const config = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, pending: { verifier, state, nonce, returnTo } };
    },

    /** Exchange the code for tokens and return the verified ID token claims. */
    async finish(callbackQuery: string, pending: OidcStart['pending']) {
      const config = await configuration();
      const current = new URL(settings.redirectUri);
      current.search = callbackQuery;
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('The identity provider returned no ID token');
      return {
        sub: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        email_verified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
      };
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;
