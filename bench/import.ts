// Import benchmark: a 1,000,000-row source (our own generator: the school-census shape of
// `hearth synth`, valid NHS numbers and pupil numbers, ~3% planted errors) into a fresh PostgreSQL
// database on 127.0.0.1:5432 with validation on, by `hearth import` in a process of its own (as a
// data manager runs it). Prints its rows/s from start to exit, its peak memory (VmHWM), the CPU
// seconds of Hearth and of the server's backends (from /proc), the rows/s of a raw parse of the same
// file by the same CSV reader alone, and the ratio of the two. It also runs the import's reader
// (parse, map, validate, encode) alone, without a database, to show Hearth's share of the work.
// With --api it also sends the same file to the deliveries API of Hearth's web process (`npm start`
// on the same server, jobs in process) and times upload and import to the job's end, with how long
// the job's status took to answer meanwhile (the web stays responsive while it imports).
//   node bench/import.ts [--rows N] [--url postgres://postgres@127.0.0.1:5432/postgres] [--api] [--keep-file] [--keep-database] [--show-output]
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { createContainer } from '../src/app/container.ts';
import { withSystem, withTenant } from '../src/db/tenant.ts';
import { tenancyRepository } from '../src/domains/tenancy/tenancy.repository.ts';
import { userRepository } from '../src/domains/tenancy/user.repository.ts';
import { permissionsFor, type RequestContext } from '../src/auth/permissions.ts';
import { generateNhsNumber, generateUpn } from '../src/platform/identifiers.ts';
import type { MappingSpec } from '../src/domains/datasets/mapping.ts';
import { readDelivery } from '../src/domains/datasets/delivery.ts';
import { readEncodedBatches } from '../src/domains/datasets/delivery-reader.ts';
import { startHearthProcess, stopHearthProcess } from './support/hearth-process.ts';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' }, api: { type: 'boolean' }, 'keep-file': { type: 'boolean' }, 'keep-database': { type: 'boolean' }, 'show-output': { type: 'boolean' } } });
const ROWS = Number(args.rows);
const dir = join(import.meta.dirname, '..', 'tmp', 'bench-import');
mkdirSync(dir, { recursive: true });
const file = join(dir, `census-${ROWS}.csv`);

const COLUMNS = ['RecordID', 'UPN', 'NHSNo', 'Surname', 'Forename', 'DOB', 'Gender', 'AddressLine1', 'Town', 'Postcode', 'UPRN', 'SchoolDfE', 'NCYear', 'Term', 'TermStart', 'TermEnd', 'SessionsPossible', 'SessionsMissed'];
const SPEC: MappingSpec = {
  format: 'csv', delimiter: ',', encoding: 'utf-8', dateFormat: 'DD/MM/YYYY', columns: COLUMNS,
  identity: { record_id: 'RecordID', upn: 'UPN', nhs_number: 'NHSNo', family_name: 'Surname', given_name: 'Forename', date_of_birth: 'DOB', sex: 'Gender', address: ['AddressLine1', 'Town'], postcode: 'Postcode', uprn: 'UPRN' },
  required: [], codes: {},
  event: { type: 'school.attendance', date: 'TermStart', end_date: 'TermEnd', values: { school: 'SchoolDfE', nc_year: 'NCYear', term: 'Term', sessions_possible: 'SessionsPossible', sessions_missed: 'SessionsMissed' }, numeric: ['nc_year', 'sessions_possible', 'sessions_missed'] },
};

async function generate(): Promise<void> {
  let seed = 42;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const given = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Noah', 'Oliver', 'George', 'Arthur', 'Muhammad', 'Leo', 'Precious', 'Zain', 'Wika', 'Thomas'];
  const family = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Boateng', 'Khan', 'Kowalczyk', 'Okoro'];
  const streets = ['Victoria Lane', 'Hawthorn Street', 'Moor Lane', 'Tannery Way', 'Heather Place'];
  const towns = ['Brackenford', 'Ashby Cross', 'Dunsford', 'Elmstead'];
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write(COLUMNS.join(',') + '\n');
  for (let i = 0; i < ROWS; i++) {
    const y = 2008 + Math.floor(rand() * 12);
    const dob = `${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}/${y}`;
    let nhs = generateNhsNumber(rand);
    let postcode = `NM${1 + Math.floor(rand() * 12)} ${Math.floor(rand() * 10)}${pick(['AB', 'DE', 'ZQ', 'TW', 'EL'])}`;
    const r = rand();
    if (r < 0.01) nhs = nhs.slice(0, 9) + String((Number(nhs[9]) + 1) % 10); // bad check digit
    else if (r < 0.02) postcode = postcode.slice(0, -1); // malformed postcode
    const term = pick(['AUT2023', 'SPR2024', 'SUM2024']);
    const line = [
      `SC${String(i).padStart(9, '0')}`, generateUpn(rand, '960', String(4000 + Math.floor(rand() * 50)), y + 5), nhs, pick(family), pick(given), r < 0.03 && r >= 0.02 ? '31/02/2012' : dob, pick(['M', 'F']),
      `"${1 + Math.floor(rand() * 90)} ${pick(streets)}"`, pick(towns), postcode, String(100100000000 + Math.floor(rand() * 100000)), '9604000', String(1 + Math.floor(rand() * 11)), term,
      term === 'AUT2023' ? '04/09/2023' : term === 'SPR2024' ? '08/01/2024' : '15/04/2024', term === 'AUT2023' ? '20/12/2023' : term === 'SPR2024' ? '28/03/2024' : '19/07/2024', '130', String(Math.floor(rand() * 30)),
    ].join(',');
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The same file read by Hearth's own CSV reader alone (file, decoding, parser and batching; no mapping, no database). */
async function rawParse(): Promise<{ rows: number; secs: number }> {
  const t0 = performance.now();
  let rows = 0;
  const { batches } = await readDelivery(file, 'csv', SPEC, 5000);
  for await (const batch of batches) rows += batch.length;
  return { rows, secs: (performance.now() - t0) / 1000 };
}

/**
 * CPU seconds (user + system) used so far by the server's backends for one database, read from
 * /proc (PostgreSQL runs on this machine). With the process's own CPU time this shows which side
 * limits the import, a figure that, unlike wall time, does not depend on what else the machine runs.
 */
async function backendCpu(client: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const cpu = cpuSeconds(pid);
    if (cpu !== null) out.set(pid, cpu);
  }
  return out;
}

/** CPU seconds (user + system) a process has used so far, or null once it has ended. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * The import's reader alone: the worker thread that parses, maps, validates and encodes each batch
 * as COPY data, with no database. Its CPU a row is Hearth's share of an import; its speed is the
 * most the import could reach with a database that cost nothing.
 */
async function readerAlone(): Promise<{ rows: number; secs: number; cpuUs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  const ids = { localAuthorityId: randomUUID(), sourceId: randomUUID(), runId: randomUUID() };
  for await (const batch of readEncodedBatches({ path: file, format: 'csv', spec: SPEC, today: new Date().toISOString().slice(0, 10), batchSize: 5000, ...ids })) rows = batch.rowsSoFar;
  const cpu = process.cpuUsage(c0);
  return { rows, secs: (performance.now() - t0) / 1000, cpuUs: (cpu.user + cpu.system) / rows };
}

console.log(`bench/import: generating ${ROWS.toLocaleString('en-GB')} rows…`);
await generate();
const raw = await rawParse();
console.log(`raw parse (Hearth's CSV reader alone, Papa Parse): ${raw.rows.toLocaleString('en-GB')} rows in ${raw.secs.toFixed(2)} s = ${Math.round(raw.rows / raw.secs).toLocaleString('en-GB')} rows/s`);
const reader = await readerAlone();
console.log(`the import's reader alone (parse, map, validate, encode; no database): ${reader.rows.toLocaleString('en-GB')} rows in ${reader.secs.toFixed(2)} s = ${Math.round(reader.rows / reader.secs).toLocaleString('en-GB')} rows/s, ${reader.cpuUs.toFixed(1)} µs of CPU a row`);

const name = `hearth_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: args.url });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(args.url);
url.pathname = `/${name}`;

interface ProcessSample { cpu: number; hwmKb: number }

/** CPU seconds and memory high-water mark of a running process, from /proc. */
function sampleProcess(pid: number): ProcessSample | null {
  const cpu = cpuSeconds(pid);
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return cpu === null ? null : { cpu, hwmKb: Number(hwm?.[1] ?? 0) };
  } catch {
    return null; // it has ended
  }
}

/**
 * Runs `hearth import` as its own process, as a data manager would, sampling its CPU and peak
 * memory and the server backends' CPU every 50 ms until it exits.
 */
async function runCli(env: Record<string, string>): Promise<{ secs: number; output: string; cpu: number; peakMb: number; serverCpu: number; code: number | null }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['src/cli.ts', 'import', '--source', 'school_census', '--file', file, '--council', 'BENCH'], { cwd: join(import.meta.dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => process.stderr.write(`  ${c.toString().trimEnd()}\n`));
  let last: ProcessSample = { cpu: 0, hwmKb: 0 };
  const backends = new Map<number, number>();
  const before = await backendCpu(admin, name);
  let sampling = false;
  const sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    const s = child.pid === undefined ? null : sampleProcess(child.pid);
    if (s) last = { cpu: Math.max(last.cpu, s.cpu), hwmKb: Math.max(last.hwmKb, s.hwmKb) }; // a process that is exiting reads as zero
    void backendCpu(admin, name).then((b) => { for (const [pid, cpu] of b) backends.set(pid, cpu); }).finally(() => (sampling = false));
  }, 50);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  let serverCpu = 0;
  for (const [pid, cpu] of backends) serverCpu += cpu - (before.get(pid) ?? 0);
  return { secs: (performance.now() - t0) / 1000, output, cpu: last.cpu, peakMb: Math.round(last.hwmKb / 1024), serverCpu, code };
}

/**
 * Sends the file to the deliveries API of a Hearth web process of its own and polls the job's status
 * every 250 ms until the import has finished. The web process is stopped then: the linkage the import
 * queues is not part of the import.
 */
async function throughApi(env: Record<string, string>, token: string): Promise<{ secs: number; rows: number; slowestPollMs: number; polls: number; peakMb: number }> {
  const hearth = await startHearthProcess(env, { stderr: 'inherit' });
  const { child, base } = hearth;
  try {
    const auth = { authorization: `Bearer ${token}` };
    let peakKb = 0;
    const t0 = performance.now();
    const sent = await fetch(`${base}/api/v1/sources/school_census_api/deliveries?filename=census.csv`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv', 'content-length': String(statSync(file).size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half',
    } as RequestInit);
    if (sent.status !== 202) throw new Error(`the API refused the delivery: ${sent.status} ${await sent.text()}`);
    const { statusUrl } = (await sent.json()) as { statusUrl: string };
    let slowest = 0;
    let polls = 0;
    for (;;) {
      const p0 = performance.now();
      const status = (await (await fetch(base + statusUrl, { headers: auth })).json()) as { status: string; result?: { rowsAccepted: number; rowsRejected: number }; error?: string };
      slowest = Math.max(slowest, performance.now() - p0);
      polls++;
      if (child.pid) peakKb = Math.max(peakKb, sampleProcess(child.pid)?.hwmKb ?? 0);
      if (status.status === 'succeeded') return { secs: (performance.now() - t0) / 1000, rows: (status.result?.rowsAccepted ?? 0) + (status.result?.rowsRejected ?? 0), slowestPollMs: slowest, polls, peakMb: Math.round(peakKb / 1024) };
      if (status.status === 'failed') throw new Error(`the import job failed: ${status.error ?? ''}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await stopHearthProcess(hearth, 'SIGKILL');
  }
}

try {
  const env = { NODE_ENV: 'production', HEARTH_DATA_DIR: dir, SESSION_SECRET: 'bench-secret-that-is-long-enough-0123456789', HEARTH_DEMO: 'false', DATABASE_URL: url.href, LOG_LEVEL: 'silent' };
  const container = await createContainer(loadConfig(env));
  const db = container.database.db;
  const la = await withSystem(db, (tx) => tenancyRepository.insertCouncil(tx, { code: 'BENCH', name: 'Bench' }));
  const userId = await withTenant(db, la, (tx) => userRepository.insert(tx, { local_authority_id: la, email: 'data@bench.test', display_name: 'Bench', role: 'data_manager', team_id: null, organisation: null, password_hash: 'x' }));
  const ctx: RequestContext = { actor: { id: userId, localAuthorityId: la, displayName: 'Bench', email: 'data@bench.test', role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 'bench' };
  const ds = container.services.datasets;
  const sourceId = await ds.createSource(ctx, { name: 'school_census', organisation: 'Education', kind: 'education', description: '', expectedFrequency: 'termly', contacts: [] });
  await ds.addAgreement(ctx, sourceId, { reference: 'ISA-BENCH', parties: 'Council', purposes: 'Bench', lawfulBasis: '6(1)(e)', dataItems: 'All', startDate: '2020-01-01', reviewDate: '2030-01-01', endDate: '' });
  await ds.saveMapping(ctx, sourceId, SPEC, 'bench');
  let token = '';
  if (args.api) {
    const apiSourceId = await ds.createSource(ctx, { name: 'school_census_api', organisation: 'Education', kind: 'education', description: '', expectedFrequency: 'termly', contacts: [] });
    await ds.addAgreement(ctx, apiSourceId, { reference: 'ISA-BENCH-API', parties: 'Council', purposes: 'Bench', lawfulBasis: '6(1)(e)', dataItems: 'All', startDate: '2020-01-01', reviewDate: '2030-01-01', endDate: '' });
    await ds.saveMapping(ctx, apiSourceId, SPEC, 'bench');
    token = await ds.createToken(ctx, 'bench');
  }
  await container.close();

  const walBefore = (await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
  const run = await runCli(env);
  const walBytes = Number((await admin.query<{ bytes: string }>('select pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::bigint::text as bytes', [walBefore])).rows[0]!.bytes);
  const rows = /(\d+) rows in [\d.]+ s: (\d+) accepted, (\d+) in quarantine/.exec(run.output);
  if (args['show-output']) console.log(run.output.trim());
  if (run.code !== 0 || !rows) throw new Error(`hearth import failed (exit ${run.code}):\n${run.output}`);
  const total = Number(rows[1]);
  const rate = total / run.secs;
  console.log(`hearth import (validation on, PostgreSQL server, its own process from start to exit): ${total.toLocaleString('en-GB')} rows (${Number(rows[2]).toLocaleString('en-GB')} accepted, ${Number(rows[3]).toLocaleString('en-GB')} quarantined) in ${run.secs.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-GB')} rows/s`);
  console.log(`peak memory of the import process (VmHWM): ${run.peakMb} MB`);
  console.log(`write-ahead log written by the server meanwhile: ${Math.round(walBytes / 1048576).toLocaleString('en-GB')} MB (${Math.round(walBytes / total).toLocaleString('en-GB')} bytes a row)`);
  console.log(`CPU: Hearth ${run.cpu.toFixed(1)} s (${Math.round((1e6 * run.cpu) / total)} µs a row, both threads), PostgreSQL ${run.serverCpu.toFixed(1)} s (${Math.round((1e6 * run.serverCpu) / total)} µs a row); the busier side alone allows ${Math.round(total / Math.max(run.cpu, run.serverCpu)).toLocaleString('en-GB')} rows/s`);
  console.log(`ratio import / raw parse: ${(rate / (raw.rows / raw.secs)).toFixed(2)} (the import runs at ${Math.round((100 * rate) / (raw.rows / raw.secs))}% of the parser's speed)`);
  const dup = await runCli(env);
  console.log(`re-import of the same file: ${/already imported/.test(dup.output) ? 'recognised as a duplicate, nothing changed,' : `unexpected: ${dup.output.trim()}`} in ${dup.secs.toFixed(2)} s (peak memory ${dup.peakMb} MB: the command's own start-up and the file's hash)`);
  if (args.api) {
    const api = await throughApi(env, token);
    console.log(`through the deliveries API (upload, then the import as a job in the web process): ${api.rows.toLocaleString('en-GB')} rows in ${api.secs.toFixed(2)} s = ${Math.round(api.rows / api.secs).toLocaleString('en-GB')} rows/s; the job's status answered ${api.polls} polls meanwhile, the slowest in ${Math.round(api.slowestPollMs)} ms; web process peak memory ${api.peakMb} MB`);
  }
} finally {
  if (args['keep-database']) console.log(`kept database ${name}`);
  else await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  if (!args['keep-file']) rmSync(file, { force: true });
}
