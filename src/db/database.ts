// One Kysely instance over either PGlite (embedded, data in ./data) or a PostgreSQL server.
// Both return the same JavaScript types: DATE as 'yyyy-mm-dd' strings (never a Date shifted by
// the local time zone), BIGINT and COUNT(*) as numbers, TIMESTAMPTZ as Date.
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'pg';
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'pg') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    // An idle connection can be cut by the server (restart, failover, a dropped database). pg then
    // discards it and the next query opens a new one; unhandled, the event would crash the process.
    pool.on('error', (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'pg', close: () => db.destroy() };
  }
  if (!database.dataDir.startsWith('memory://')) mkdirSync(database.dataDir, { recursive: true });
  const pglite = await PGlite.create(database.dataDir, {
    parsers: {
      [DATE_OID]: (value: string) => value,
      [INT8_OID]: (value: string) => Number(value),
      [NUMERIC_OID]: (value: string) => Number(value),
    },
    serializers: { [pgliteTypes.INT8]: (value: unknown) => String(value) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

export async function ping(db: Db): Promise<boolean> {
  const result = await sql<{ ok: number }>`select 1 as ok`.execute(db);
  return result.rows[0]?.ok === 1;
}
