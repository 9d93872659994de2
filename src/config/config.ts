// The only reader of process.env. Every setting is parsed and checked once, at start-up,
// and a bad value stops Hearth with a message that names the variable and what it expects.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Display name on the sign-in button, e.g. "Sign in with Somerset Council". */
  label: string;
  /** Accept an http:// issuer (only for tests and local development). */
  allowInsecure: boolean;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'pg'; url: string };
  dataDir: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  secureCookies: boolean;
  loadDemo: boolean;
  runJobsInProcess: boolean;
  oidc: OidcConfig | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  signInRateLimitPerMinute: number;
  gitRef: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** In development the session secret is made once and kept in the data folder, so restarts keep people signed in. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function oidcConfig(env: Env): OidcConfig | null {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return null;
  for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI']) {
    if (!env[name]) throw new ConfigError(name, 'must be set when OIDC_ISSUER is set');
  }
  try {
    new URL(issuer);
    new URL(env.OIDC_REDIRECT_URI as string);
  } catch {
    throw new ConfigError('OIDC_ISSUER', 'and OIDC_REDIRECT_URI must be absolute URLs');
  }
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID as string,
    clientSecret: env.OIDC_CLIENT_SECRET as string,
    redirectUri: env.OIDC_REDIRECT_URI as string,
    label: env.OIDC_LABEL || 'Sign in with your council account',
    allowInsecure: boolean(env, 'OIDC_ALLOW_INSECURE', false),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = resolve(env.HEARTH_DATA_DIR || 'data');
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '' && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql://, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const sessionSecret = env.SESSION_SECRET || (nodeEnv === 'production' ? '' : developmentSecret(dataDir));
  if (sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be set to at least 32 characters in production');
  }
  const embedded = !url;
  return {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    database: embedded ? { kind: 'pglite', dataDir: join(dataDir, 'pglite') } : { kind: 'pg', url: url as string },
    dataDir,
    sessionSecret,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 60, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 10, 1, 24 * 7),
    secureCookies: boolean(env, 'SECURE_COOKIES', nodeEnv === 'production'),
    loadDemo: boolean(env, 'HEARTH_DEMO', embedded && nodeEnv !== 'production'),
    runJobsInProcess: boolean(env, 'HEARTH_JOBS_IN_PROCESS', true),
    oidc: oidcConfig(env),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    signInRateLimitPerMinute: integer(env, 'SIGN_IN_RATE_LIMIT', 10, 1, 10_000),
    gitRef: env.GIT_REF || 'unknown',
  };
}
