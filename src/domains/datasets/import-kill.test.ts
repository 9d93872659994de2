// An import killed mid-run leaves nothing behind. `hearth import` runs as a real child process on
// the same database (a PostgreSQL server when DATABASE_URL is set, otherwise an embedded database
// on disk); once it reports rows written, it gets SIGKILL, with no chance to clean up. The
// database must then hold nothing of that run, and importing the same file again must work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../../config/config.ts';
import { createContainer, type Container } from '../../app/container.ts';
import { permissionsFor, type RequestContext } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../../test/support/factories.ts';
import { GOOD_ROWS, HEADER, SPEC } from './fixtures.ts';

const ROWS = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'hearth-import-kill-'));
const file = join(dir, 'delivery.csv');
const secret = 'kill-test-secret-that-is-long-enough-0123456789';
let database: TestDatabase | null = null;
let config: Config;
let env: Record<string, string>;
let council: TestCouncil;

async function open<T>(work: (container: Container) => Promise<T>): Promise<T> {
  const container = await createContainer(config);
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

async function writeDelivery(): Promise<void> {
  const out = createWriteStream(file);
  out.write(HEADER + '\n');
  for (let i = 0; i < ROWS; i++) {
    const line = `K${i},,,Given${i % 97},Family${i % 89},${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2012,${i % 2 ? 'F' : 'M'},NM${1 + (i % 9)} 4DB,CIN,01/09/2024,,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

before(async () => {
  await writeDelivery();
  const base = { NODE_ENV: 'test', SESSION_SECRET: secret, HEARTH_DEMO: 'false', LOG_LEVEL: 'silent' };
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase();
    config = database.config;
    env = { ...base, DATABASE_URL: (config.database as { url: string }).url };
  } else {
    env = { ...base, HEARTH_DATA_DIR: join(dir, 'data') };
    config = loadConfig(env);
  }
  council = await councilWithSource('KILL');
});

/** A council with the source `kill_test`: an agreement in force and the fixtures' mapping. */
function councilWithSource(code: string): Promise<TestCouncil> {
  return open(async (container) => {
    const c = await createCouncil(container.database.db, code);
    const ctx: RequestContext = { actor: { id: c.users.data.id, localAuthorityId: c.id, displayName: 'Data', email: c.users.data.email, role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'test' };
    const ds = container.services.datasets;
    const sourceId = await ds.createSource(ctx, { name: 'kill_test', organisation: "Children's services", kind: 'social_care', description: '', expectedFrequency: 'monthly', contacts: [] });
    await ds.addAgreement(ctx, sourceId, { reference: `ISA-${code}`, parties: 'Council', purposes: 'Testing', lawfulBasis: '6(1)(e)', dataItems: 'All', startDate: '2020-01-01', reviewDate: '2030-01-01', endDate: '' });
    await ds.saveMapping(ctx, sourceId, SPEC, 'kill test');
    return c;
  });
}

async function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

after(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function whatIsLeft() {
  return open((container) =>
    withTenant(container.database.db, council.id, async (tx) => {
      const r = await sql<{ records: number; events: number; quarantined: number; runs: number; succeeded: number }>`
        select (select count(*)::int from source_record) as records, (select count(*)::int from source_record where event_type is not null) as events,
               (select count(*)::int from quarantine_row) as quarantined, (select count(*)::int from import_run) as runs,
               (select count(*)::int from import_run where status = 'succeeded') as succeeded`.execute(tx);
      return r.rows[0]!;
    }),
  );
}

test('SIGKILL during `hearth import` leaves no rows of the run, and the same file then imports whole', { timeout: 180_000 }, async () => {
  const child = spawn(process.execPath, ['src/cli.ts', 'import', '--source', 'kill_test', '--file', file, '--council', 'KILL'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // The progress line comes after the first batch is written inside the import's transaction.
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/import kill_test: \d+\//.test(output)) resolve();
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    void exited.then(() => reject(new Error(`hearth import ended before it could be killed:\n${output}`)));
  });
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  assert.equal(signal, 'SIGKILL', `the import was still running when killed (exit ${code})`);

  assert.deepEqual(await whatIsLeft(), { records: 0, events: 0, quarantined: 0, runs: 0, succeeded: 0 });

  const again = await open((container) =>
    container.services.datasets.imports.importDelivery({ actor: { localAuthorityId: council.id, userId: null, name: 'test', correlationId: 'test' }, source: { name: 'kill_test' }, path: file, fileName: 'delivery.csv', origin: 'cli' }),
  );
  assert.equal(again.status, 'succeeded');
  assert.equal(again.rowsTotal, ROWS);
  const left = await whatIsLeft();
  assert.equal(left.records, ROWS);
  assert.equal(left.events, ROWS);
  assert.equal(left.succeeded, 1);
});

test('`hearth import --link` links the new records to people straight after; without it, it says how', { timeout: 120_000 }, async () => {
  const linking = await councilWithSource('CLIL');
  const small = join(dir, 'small.csv');
  writeFileSync(small, [HEADER, ...GOOD_ROWS].join('\n'));
  const plain = await runCli(['import', '--source', 'kill_test', '--file', small, '--council', 'CLIL', '--quiet']);
  assert.equal(plain.code, 0, plain.output);
  assert.match(plain.output, /2 rows in [\d.]+ s: 2 accepted, 0 in quarantine/);
  assert.match(plain.output, /The new records count for people once linked: run hearth relink --council CLIL, or import with --link\./);
  writeFileSync(small, [HEADER, ...GOOD_ROWS, 'R9,,,Nia,Linked,02/02/2013,F,NM4 4DB,CIN,01/03/2024,,'].join('\n'));
  const linked = await runCli(['import', '--source', 'kill_test', '--file', small, '--council', 'CLIL', '--quiet', '--link']);
  assert.equal(linked.code, 0, linked.output);
  assert.match(linked.output, /hearth import: linked 5 records in [\d.]+ s; \d+ new people; 5 events given a person/);
  const unlinked = await open((container) => withTenant(container.database.db, linking.id, async (tx) =>
    (await sql<{ n: number }>`select count(*)::int as n from source_record sr where not exists (select 1 from person_link pl where pl.source_record_id = sr.id)`.execute(tx)).rows[0]!.n));
  assert.equal(unlinked, 0);
});
