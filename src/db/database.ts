// One Kysely instance over either PGlite (embedded, data in ./data) or a PostgreSQL server.
// Both return the same JavaScript types: DATE as 'yyyy-mm-dd' strings (never a Date shifted by
// the local time zone), BIGINT and COUNT(*) as numbers, TIMESTAMPTZ as Date.
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../config/config.ts';
import { CopyPayload } from './copy.ts';
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
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: copyAware(pool) }) });
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

const COPY_AWARE = Symbol('hearth.copyAware');

/**
 * The pool Kysely uses, with clients that run a query carrying a CopyPayload (src/db/copy.ts) as
 * COPY … FROM STDIN on the same client, so the copy joins the caller's transaction.
 */
function copyAware(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = (await pool.connect()) as pg.PoolClient & { [COPY_AWARE]?: true };
      if (!client[COPY_AWARE]) {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        client.query = ((text: unknown, values?: unknown) => {
          if (typeof text === 'string' && Array.isArray(values) && values.length === 1 && values[0] instanceof CopyPayload) return copyIn(client, text, values[0]);
          return values === undefined ? query(text) : query(text, values);
        }) as typeof client.query;
        client[COPY_AWARE] = true;
      }
      return client;
    },
    end: () => pool.end(),
  };
}

async function copyIn(client: pg.PoolClient, text: string, payload: CopyPayload): Promise<{ command: string; rowCount: number; rows: never[] }> {
  const stream = client.query(copyFrom(text));
  await pipeline(Readable.from([payload.bytes]), stream);
  return { command: 'COPY', rowCount: Number(stream.rowCount), rows: [] };
}

export async function ping(db: Db): Promise<boolean> {
  const result = await sql<{ ok: number }>`select 1 as ok`.execute(db);
  return result.rows[0]?.ok === 1;
}
