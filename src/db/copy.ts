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
 * COPY lines as UTF-8 bytes in an ArrayBuffer of their own, so a worker thread can transfer them
 * to the thread that writes instead of copying them.
 */
export function copyBytes(lines: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(lines));
  bytes.write(lines);
  return bytes;
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
 * Loads rows already encoded with encodeCopyRow into `table` (columns in the same order), in the
 * transaction `tx`. PostgreSQL refuses COPY into a table under row-level security, so the rows go
 * first into a temporary staging table of the same shape (private to the session, dropped at
 * commit) and then into `table` with INSERT … SELECT, which row-level security and every constraint
 * check as for any insert.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], lines: string | Uint8Array): Promise<void> {
  if (lines.length === 0) return;
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`copyRows: "${name}" is not a plain identifier`);
  const staging = `pg_temp.${STAGING_PREFIX}${table}`;
  const list = columns.join(', ');
  await tx.executeQuery(CompiledQuery.raw(`create temp table if not exists ${STAGING_PREFIX}${table} (like ${table} including defaults) on commit drop`));
  await tx.executeQuery(CompiledQuery.raw(`copy ${staging} (${list}) from stdin`, [new CopyPayload(lines)]));
  await tx.executeQuery(CompiledQuery.raw(`insert into ${table} (${list}) select ${list} from ${staging}`));
  await tx.executeQuery(CompiledQuery.raw(`truncate ${staging}`));
}

/** Staging tables are temporary tables named with this prefix; only they receive COPY data. */
export const STAGING_PREFIX = 'hearth_copy_';
