// The demo council's linkage on PGlite in memory: loads the demo (synth truth people, every synth
// source imported), which runs the incremental linkage in-process, then prints the seconds it took,
// links by route, agreement with synth truth, events given a person, and the review queue's shape.
//   node bench/linkage-demo.ts
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config/config.ts';
import { createContainer } from '../src/app/container.ts';
import { ensureDemoCouncil } from '../src/app/demo.ts';
import { registerJobs } from '../src/app/jobs.ts';
import { withSystem } from '../src/db/tenant.ts';
import { v5 } from '../src/app/uuid.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-demo-'));
const config = loadConfig({ NODE_ENV: 'test', HEARTH_DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-that-is-long-enough-0123456789', HEARTH_DEMO: 'false' });
const c = await createContainer({ ...config, database: { kind: 'pglite', dataDir: 'memory://' } });
registerJobs(c);
const t0 = performance.now();
await ensureDemoCouncil(c, (l) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${l}`));
const db = c.database.db;
const rows = await withSystem(db, async (tx) => (await sql<{ la: string; source: string; record_key: string; person_id: string; route: string }>`select pl.local_authority_id as la, ds.name as source, sr.record_key, pl.person_id, pl.route from person_link pl join source_record sr on sr.id = pl.source_record_id join data_source ds on ds.id = sr.data_source_id`.execute(tx)).rows);
const truth = new Map((parse(readFileSync(join(dataDir, 'demo-synth', 'truth', 'records.csv')), { columns: true }) as Array<Record<string, string>>).map((r) => [`${r.source}|${r.record_id}`, r.person_id]));
let right = 0;
let wrong = 0;
const routes: Record<string, number> = {};
for (const r of rows) {
  routes[r.route] = (routes[r.route] ?? 0) + 1;
  const t = truth.get(`${r.source}|${r.record_key}`);
  if (!t) continue;
  const expected = v5(`person:${t}`, r.la);
  if (expected === r.person_id) right++; else wrong++;
}
console.log({ links: rows.length, right, wrong, precision: (right / (right + wrong)).toFixed(4), routes });
console.log('events (all, with a person):');
const s = await withSystem(db, async (tx) => (await sql`select count(*)::int as n, count(person_id)::int as linked from event`.execute(tx)).rows);
console.log(s);
console.log('review pairs by match weight (bucket 1 = 0-1 bits … 4 = 3-4 bits):');
const rp = await withSystem(db, async (tx) => (await sql`select width_bucket(match_weight, 0, 4, 4) as b, count(*)::int from review_pair group by 1 order by 1`.execute(tx)).rows);
console.log(rp);
console.log('review pairs by household guard:');
const g = await withSystem(db, async (tx) => (await sql`select explanation->>'guard' as g, count(*)::int from review_pair group by 1`.execute(tx)).rows);
console.log(g);
await c.close();
