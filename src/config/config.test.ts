import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-config-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const base = { HEARTH_DATA_DIR: dataDir };

test('defaults to embedded PGlite in the data folder, with the demo loaded', () => {
  const config = loadConfig(base);
  assert.equal(config.database.kind, 'pglite');
  assert.equal(config.loadDemo, true);
  assert.equal(config.port, 3000);
  assert.ok(config.sessionSecret.length >= 32);
  assert.equal(loadConfig(base).sessionSecret, config.sessionSecret, 'the development secret is kept between starts');
});

test('DATABASE_URL selects server mode and turns the demo off', () => {
  const config = loadConfig({ ...base, DATABASE_URL: 'postgres://u@localhost/db' });
  assert.deepEqual(config.database, { kind: 'pg', url: 'postgres://u@localhost/db' });
  assert.equal(config.loadDemo, false);
});

const bad: Array<[string, Record<string, string>, RegExp]> = [
  ['port not a number', { PORT: 'eighty' }, /PORT must be a whole number, got "eighty"/],
  ['port out of range', { PORT: '70000' }, /PORT must be between 0 and 65535/],
  ['database url scheme', { DATABASE_URL: 'mysql://root:secret@x/db' }, /DATABASE_URL must start with postgres:\/\/.*\*\*\*/],
  ['boolean', { HEARTH_DEMO: 'perhaps' }, /HEARTH_DEMO must be true or false/],
  ['node env', { NODE_ENV: 'staging' }, /NODE_ENV must be one of development, production, test/],
  ['production needs a secret', { NODE_ENV: 'production' }, /SESSION_SECRET must be set/],
  ['oidc needs a client', { OIDC_ISSUER: 'https://idp.example' }, /OIDC_CLIENT_ID must be set when OIDC_ISSUER is set/],
  ['idle minutes', { SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES must be between 1 and 1440/],
];
for (const [name, env, message] of bad) {
  test(`fails fast with a clear message: ${name}`, () => {
    assert.throws(() => loadConfig({ ...base, ...env }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
  });
}
