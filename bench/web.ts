// Web figures for the foundation: cold start of `npm start` to a served /health on PGlite, and
// the caseload page's latency under 20 concurrent users against a bare Fastify route in the same
// process (the ratio is Hearth's own overhead). Prints figures; asserts nothing.
//   node bench/web.ts [--seconds 10] [--connections 20] [--server postgres://postgres@127.0.0.1:5432/test]
// With --server the latency part runs on a fresh database on that PostgreSQL server (made and dropped here).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { createContainer } from '../src/app/container.ts';
import { ensureDemoCouncil } from '../src/app/demo.ts';
import { DEMO_PASSWORD } from '../src/app/demo-council.ts';
import { buildApp } from '../src/web/build-app.ts';
import { startHearthProcess, stopHearthProcess } from './support/hearth-process.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' }, server: { type: 'string' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const root = new URL('..', import.meta.url).pathname;

async function coldStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const hearth = await startHearthProcess({ HEARTH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' });
  const secs = (performance.now() - started) / 1000;
  await stopHearthProcess(hearth);
  return secs;
}

interface Latency { requests: number; perSecond: number; median: number; p95: number; p99: number; non2xx: number; errors: number }

async function load(url: string, cookie: string): Promise<Latency> {
  const child = spawn(process.execPath, [join(root, 'bench/support/load.ts'), url, String(connections), String(seconds), cookie], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as Latency;
}

// 1. Cold start: a fresh data folder (generate + load the demo) and a restart on the same folder.
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
const fresh = await coldStart(dataDir);
const restart = await coldStart(dataDir);
console.log(`npm start to a served /health (PGlite): fresh data folder ${fresh.toFixed(2)} s, restart ${restart.toFixed(2)} s`);

// 2. Caseload page against a bare route, same process, demo council.
let serverDatabase: { url: string; drop: () => Promise<void> } | null = null;
if (values.server) {
  const name = `hearth_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: values.server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(values.server);
  url.pathname = `/${name}`;
  serverDatabase = {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: values.server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
const config = loadConfig({ HEARTH_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SIGN_IN_RATE_LIMIT: '1000', ...(serverDatabase ? { DATABASE_URL: serverDatabase.url } : {}) });
const container = await createContainer(config);
await ensureDemoCouncil(container);
const app = await buildApp(container);
app.get('/bench/constant', { config: { public: true } }, async () => 'ok');
const base = await app.listen({ host: '127.0.0.1', port: 0 });

const signInPage = await fetch(`${base}/sign-in`);
const csrfCookie = signInPage.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const token = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())?.[1] ?? '';
const signIn = await fetch(`${base}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
  body: new URLSearchParams({ _csrf: token, email: 'keyworker@demo.hearth.test', password: DEMO_PASSWORD }),
});
const session = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => c?.startsWith('hearth_session')).join('; ');
if (!session) throw new Error(`sign-in failed: ${signIn.status}`);

const bare = await load(`${base}/bench/constant`, '');
const caseload = await load(`${base}/caseload`, session);
const fmt = (l: Latency) => `median ${l.median.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, ${Math.round(l.perSecond)} req/s${l.non2xx || l.errors ? ` (${l.non2xx} non-2xx, ${l.errors} errors)` : ''}`;
console.log(`${connections} concurrent users for ${seconds} s on ${container.database.kind}:`);
console.log(`  bare Fastify route: ${fmt(bare)}`);
console.log(`  caseload page:      ${fmt(caseload)}`);
console.log(`  ratio caseload/bare: median ${(caseload.median / bare.median).toFixed(1)}×, p95 ${(caseload.p95 / bare.p95).toFixed(1)}×, throughput ${(bare.perSecond / caseload.perSecond).toFixed(1)}× lower`);
await app.close();
await container.close();
await serverDatabase?.drop();
rmSync(dataDir, { recursive: true, force: true });
