// A fresh database for one test file: PGlite in memory, or, when DATABASE_URL is set, a new
// database on that server (created here, dropped at the end), so CI tests both modes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createContainer, type Container } from '../../src/app/container.ts';
import type { Clock } from '../../src/platform/clock.ts';

export interface TestDatabase {
  config: Config;
  drop(): Promise<void>;
}

export async function createTestDatabase(extraEnv: Record<string, string> = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
  const base = { NODE_ENV: 'test', HEARTH_DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-that-is-long-enough-0123456789', HEARTH_DEMO: 'false', SIGN_IN_RATE_LIMIT: '10000', ...extraEnv };
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const config = loadConfig(base);
    return { config: { ...config, database: { kind: 'pglite', dataDir: 'memory://' } }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `hearth_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const config = loadConfig({ ...base, DATABASE_URL: url.href });
  return {
    config,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestContainer {
  container: Container;
  close(): Promise<void>;
}

export async function createTestContainer(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestContainer> {
  const database = await createTestDatabase(options.env);
  const container = await createContainer(database.config, options.clock ? { clock: options.clock } : {});
  return {
    container,
    async close() {
      await container.close();
      await database.drop();
    },
  };
}
