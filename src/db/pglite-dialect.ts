// A Kysely dialect for PGlite (PostgreSQL compiled to WebAssembly, in-process).
// PGlite has a single connection, so the driver hands it to one Kysely connection at a time:
// a transaction holds it until it commits, and other callers wait their turn.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { copyPayloadOf, copyTarget, type CopyPayload } from './copy.ts';

class PGliteConnection implements DatabaseConnection {
  readonly #pg: PGlite;
  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const copy = copyPayloadOf(compiled);
    if (copy) return this.#copy(compiled.sql, copy);
    // Without parameters use the simple protocol, which (like pg) accepts several statements at once.
    const result =
      compiled.parameters.length === 0
        ? ((await this.#pg.exec(compiled.sql)).at(-1) ?? { rows: [], affectedRows: 0, fields: [] })
        : await this.#pg.query<R>(compiled.sql, [...compiled.parameters]);
    const affected = result.affectedRows;
    const isWrite = /^\s*(insert|update|delete|merge)/i.test(compiled.sql);
    return {
      rows: result.rows as R[],
      ...(isWrite && affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  /**
   * PGlite has no STDIN: it reads COPY data from a blob named '/dev/blob', which PostgreSQL treats
   * as a server file that only a superuser may read. copyRows runs every COPY as the connecting
   * role (the embedded database's superuser), and only into the tables it writes.
   */
  async #copy(text: string, payload: CopyPayload): Promise<QueryResult<never>> {
    const match = /^copy ((?:pg_temp\.)?\w+) \(([\w, ]+)\) from stdin( with \(format binary\))?$/i.exec(text);
    if (!match?.[1] || !copyTarget(match[1])) throw new Error('COPY is only supported into the tables copyRows writes (see src/db/copy.ts)');
    await this.#pg.query(`copy ${match[1]} (${match[2]}) from '/dev/blob'${match[3] ?? ''}`, [], { blob: new Blob([payload.bytes]) });
    return { rows: [] };
  }

  // PGlite returns whole results; stream them in chunks so callers can use the same code on both dialects.
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  readonly #pg: PGlite;
  readonly #connection: PGliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  constructor(pg: PGlite) {
    this.#pg = pg;
    this.#connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.#pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    if (!this.#pg.closed) await this.#pg.close();
  }
}

export class PGliteDialect implements Dialect {
  readonly #pg: PGlite;
  constructor(pg: PGlite) {
    this.#pg = pg;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pg);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
