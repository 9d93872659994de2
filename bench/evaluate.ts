// Benchmark for identification: evaluates Supporting Families 2022 over a `hearth synth` county
// loaded into a fresh PostgreSQL database on 127.0.0.1:5432 (created and dropped here) and prints
// the seconds (target: 1,000,000 people, about 100,000 family units, three years of events, in
// under 30 s). Then a smaller county on PGlite and on PostgreSQL: the two result fingerprints must
// be identical. Both are checked against the needs synth planted (its truth).
// Usage: node bench/evaluate.ts [--people 1000000] [--small 20000] [--server postgres://postgres@127.0.0.1:5432/postgres]
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config/config.ts';
import { createContainer, type Container } from '../src/app/container.ts';
import { runEvaluation } from '../src/domains/identification/evaluation.engine.ts';
import { compareSets, loadPopulation, runNeeds } from './population.ts';

const { values } = parseArgs({ options: { people: { type: 'string' }, small: { type: 'string' }, server: { type: 'string' }, framework: { type: 'string' }, keep: { type: 'boolean' }, database: { type: 'string' }, chunk: { type: 'string' }, concurrency: { type: 'string' } } });
const ENGINE = { ...(values.chunk ? { chunkSize: Number(values.chunk) } : {}), ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}) };
const PEOPLE = Number(values.people ?? 1_000_000);
const SMALL = Number(values.small ?? 20_000);
const SERVER = values.server ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FRAMEWORK = values.framework ?? 'sf2022';
const FROM = '2022-04-01', TO = '2025-03-31';
const base = { NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-that-is-long-enough-0123456789', HEARTH_DEMO: 'false', LOG_LEVEL: 'silent' };

async function serverContainer(existing?: string): Promise<{ container: Container; drop: () => Promise<void> }> {
  const name = existing ?? `hearth_bench_${randomBytes(5).toString('hex')}`;
  if (!existing) {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const container = await createContainer(loadConfig({ ...base, DATABASE_URL: url.href, HEARTH_DATA_DIR: '/tmp/hearth-bench' }));
  return {
    container,
    async drop() {
      await container.close();
      if (values.keep || existing) { console.log(`  kept database ${name}`); return; }
      const c = new pg.Client({ connectionString: SERVER });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function pgliteContainer(): Promise<{ container: Container; drop: () => Promise<void> }> {
  const config: Config = loadConfig({ ...base, HEARTH_DATA_DIR: '/tmp/hearth-bench' });
  const container = await createContainer({ ...config, database: { kind: 'pglite', dataDir: 'memory://' } });
  return { container, drop: () => container.close() };
}

async function evaluateOn(label: string, container: Container, people: number, seed: string) {
  const db = container.database.db;
  let last = 0;
  const pop = await loadPopulation(db, {
    people, seed, from: FROM, to: TO, code: 'BENCH',
    onProgress: (n) => { if (n - last >= 100_000 || n === people) { last = n; process.stderr.write(`  ${label}: loaded ${n.toLocaleString('en-GB')} people\n`); } },
  });
  const versionId = await container.services.frameworks.publishedVersionId(pop.localAuthorityId, FRAMEWORK);
  const runId = await container.services.identification.createSystemRun(pop.localAuthorityId, versionId as string, TO);
  const t0 = performance.now();
  const result = await runEvaluation(db, pop.localAuthorityId, runId, { concurrency: container.database.kind === 'pg' ? 4 : 1, ...(container.database.kind === 'pg' ? ENGINE : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const found = await runNeeds(db, pop.localAuthorityId, runId);
  const truth = compareSets(found, pop.truth.get(FRAMEWORK) ?? new Set());
  return { pop, result, seconds, truth };
}

function report(label: string, r: Awaited<ReturnType<typeof evaluateOn>>): void {
  console.log(`${label}: ${r.pop.people.toLocaleString('en-GB')} people, ${r.pop.families.toLocaleString('en-GB')} family units, ${r.pop.memberships.toLocaleString('en-GB')} memberships, ${r.pop.events.toLocaleString('en-GB')} events (${r.pop.refused} refused, end before start; loaded in ${r.pop.seconds.toFixed(1)} s)`);
  console.log(`  evaluated ${FRAMEWORK} in ${r.seconds.toFixed(2)} s: ${r.result.families.toLocaleString('en-GB')} family units, ${r.result.eligible.toLocaleString('en-GB')} meet the family rule`);
  console.log(`  against synth's truth (family × headline × person): ${r.truth.both.toLocaleString('en-GB')} agree, ${r.truth.onlyFound} only in Hearth, ${r.truth.onlyTruth} only in truth${r.truth.onlyFound + r.truth.onlyTruth ? ` e.g. ${[...r.truth.examplesFound, ...r.truth.examplesTruth].join('; ')}` : ''}`);
  console.log(`  result fingerprint ${r.result.hash}`);
}

// 0. only evaluate again a county kept by an earlier run (--database NAME)
if (values.database) {
  const { container, drop } = await serverContainer(values.database);
  try {
    const db = container.database.db;
    const la = (await db.selectFrom('local_authority').select('id').where('code', '=', 'BENCH').executeTakeFirstOrThrow()).id;
    const versionId = await container.services.frameworks.publishedVersionId(la, FRAMEWORK);
    const runId = await container.services.identification.createSystemRun(la, versionId as string, TO);
    const t0 = performance.now();
    const result = await runEvaluation(db, la, runId, { concurrency: 4, ...ENGINE });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`PostgreSQL ${values.database}: evaluated ${FRAMEWORK} in ${seconds.toFixed(2)} s: ${result.families.toLocaleString('en-GB')} family units, ${result.eligible.toLocaleString('en-GB')} meet the family rule; fingerprint ${result.hash}`);
  } finally {
    await drop();
  }
  process.exit(0);
}

// 1. the small county on both databases: identical results
const small: Record<string, Awaited<ReturnType<typeof evaluateOn>>> = {};
for (const [label, make] of [['PGlite', pgliteContainer], ['PostgreSQL', serverContainer]] as const) {
  const { container, drop } = await make();
  try {
    small[label] = await evaluateOn(`${label} ${SMALL}`, container, SMALL, 'bench');
    report(`${label}, ${SMALL.toLocaleString('en-GB')} people`, small[label]);
  } finally {
    await drop();
  }
}
const same = small.PGlite?.result.hash === small.PostgreSQL?.result.hash;
console.log(`PGlite and PostgreSQL results identical: ${same ? 'yes' : 'NO'}`);

// 2. the large county on PostgreSQL
if (PEOPLE > 0) {
  const { container, drop } = await serverContainer();
  try {
    const big = await evaluateOn(`PostgreSQL ${PEOPLE}`, container, PEOPLE, 'bench');
    report(`PostgreSQL, ${PEOPLE.toLocaleString('en-GB')} people`, big);
    console.log(`TARGET ${FRAMEWORK} over ${PEOPLE.toLocaleString('en-GB')} people in < 30 s: ${big.seconds.toFixed(2)} s ${big.seconds < 30 ? 'MET' : 'NOT MET'}`);
  } finally {
    await drop();
  }
}
process.exitCode = same ? 0 : 1;
