// Bulk loading with COPY … FROM STDIN, the fastest way into PostgreSQL, on both dialects and inside
// the caller's transaction (so an import stays all-or-nothing). A repository calls copyRows(tx, …);
// the payload travels to the driver as the single parameter of a raw compiled query, and each
// driver runs it its own way: pg streams it with pg-copy-streams on the transaction's client,
// PGlite reads it as a blob ('/dev/blob'). See docs/adr/2026-11-23-import-throughput.md.
import { CompiledQuery } from 'kysely';
import type { Tx } from './tenant.ts';

/** Text-format COPY data (tab-separated lines, \N for null), built by encodeCopyRow: as a string, or as its UTF-8 bytes. */
export class CopyPayload {
  readonly data: string | Uint8Array;
  constructor(data: string | Uint8Array) {
    this.data = data;
  }

  get bytes(): Buffer {
    return typeof this.data === 'string' ? Buffer.from(this.data) : Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }
}

/**
 * COPY lines written straight into UTF-8 bytes as they are made, in an ArrayBuffer of their own (so
 * a worker thread can transfer them to the thread that writes instead of copying them). A batch
 * never exists as one long string: joining thousands of lines into one made V8 build, flatten and
 * garbage-collect megabyte-long strings, which cost more than making the lines.
 */
export class CopyBuffer {
  #bytes: Buffer;
  #length = 0;
  constructor(initialBytes = 1 << 20) {
    this.#bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** Appends one line made by encodeCopyRow. */
  add(line: string): void {
    const most = line.length * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
    if (this.#length + most > this.#bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#bytes.length * 2, this.#length + most));
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    this.#length += this.#bytes.write(line, this.#length);
  }

  /** The lines so far, as bytes over this buffer's own ArrayBuffer. */
  get bytes(): Uint8Array {
    return new Uint8Array(this.#bytes.buffer, this.#bytes.byteOffset, this.#length);
  }
}

/** The payload of a compiled query that carries COPY data, if it is one. */
export function copyPayloadOf(compiled: CompiledQuery): CopyPayload | null {
  const first = compiled.parameters[0];
  return compiled.parameters.length === 1 && first instanceof CopyPayload ? first : null;
}

export type CopyValue = string | number | boolean | null;

// Only these four characters need escaping in COPY text format (plus the backslash itself).
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  const s = typeof value === 'string' ? value : String(value);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : s;
}

/** One row (one line, newline included) in COPY text format. */
export function encodeCopyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + encodeCopyValue(values[i] as CopyValue);
  return line + '\n';
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Tables that take COPY directly. Their statement-level checks (migration
 * 20261123180000_import_statement_checks) do for a whole COPY what row-level security and foreign
 * keys do row by row: every row belongs to the transaction's council, and every reference holds.
 */
const DIRECT = new Set(['source_record', 'event']);

/**
 * Loads rows already encoded with encodeCopyRow into `table` (columns in the same order), in the
 * transaction `tx`. PostgreSQL allows COPY into a table under row-level security only to a role that
 * the policy does not apply to. Tables in DIRECT check their rows per statement, so the COPY runs as
 * the connecting (owner) role for that one statement. Any other table's rows go first into a
 * temporary staging table of the same shape (private to the session, dropped at commit) and then
 * into `table` with INSERT … SELECT, which row-level security and every constraint check as for any
 * insert.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], lines: string | Uint8Array): Promise<void> {
  if (lines.length === 0) return;
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`copyRows: "${name}" is not a plain identifier`);
  const list = columns.join(', ');
  if (DIRECT.has(table)) {
    const role = (await tx.executeQuery<{ role: string }>(CompiledQuery.raw('select current_user as role'))).rows[0]?.role as string;
    await tx.executeQuery(CompiledQuery.raw('reset role'));
    await tx.executeQuery(CompiledQuery.raw(`copy ${table} (${list}) from stdin`, [new CopyPayload(lines)]));
    // Not in a finally: a failed COPY aborts the transaction, and rolling it back restores the role.
    await tx.executeQuery(CompiledQuery.raw(`select set_config('role', $1, true)`, [role]));
    return;
  }
  const staging = `pg_temp.${STAGING_PREFIX}${table}`;
  await tx.executeQuery(CompiledQuery.raw(`create temp table if not exists ${STAGING_PREFIX}${table} (like ${table} including defaults) on commit drop`));
  await tx.executeQuery(CompiledQuery.raw(`copy ${staging} (${list}) from stdin`, [new CopyPayload(lines)]));
  await tx.executeQuery(CompiledQuery.raw(`insert into ${table} (${list}) select ${list} from ${staging}`));
  await tx.executeQuery(CompiledQuery.raw(`truncate ${staging}`));
}

/** Whether COPY may write `table` (qualified as in the statement): a staging table, or a table in DIRECT. */
export function copyTarget(qualified: string): boolean {
  return qualified.startsWith(`pg_temp.${STAGING_PREFIX}`) || DIRECT.has(qualified);
}

/** Staging tables are temporary tables named with this prefix; only they receive COPY data. */
export const STAGING_PREFIX = 'hearth_copy_';
