// Bulk loading with COPY … FROM STDIN, the fastest way into PostgreSQL, on both dialects and inside
// the caller's transaction (so an import stays all-or-nothing). A repository calls copyRows(tx, …);
// the payload travels to the driver as the single parameter of a raw compiled query, and each
// driver runs it its own way: pg streams it with pg-copy-streams on the transaction's client,
// PGlite reads it as a blob ('/dev/blob'). See docs/adr/2026-11-23-import-throughput.md.
import { CompiledQuery } from 'kysely';
import { dayNumber, daysInMonth } from '../platform/dates.ts';
import { uuidText } from '../platform/ids.ts';
import type { Tx } from './tenant.ts';

/** COPY data: text format (tab-separated lines, \N for null, built by encodeCopyRow) as a string or its UTF-8 bytes, or binary format bytes (BinaryCopyRows). */
export class CopyPayload {
  readonly data: string | Uint8Array;
  constructor(data: string | Uint8Array) {
    this.data = data;
  }

  get bytes(): Buffer {
    return typeof this.data === 'string' ? Buffer.from(this.data) : Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }
}

/** Bytes that grow as they are written, over an ArrayBuffer of their own (so a worker thread can transfer them). */
class GrowingBytes {
  protected out: Buffer;
  protected length = 0;
  /** Starts in `space`: a size to allocate, or an ArrayBuffer to reuse (one a batch was sent in before). */
  constructor(space: number | ArrayBuffer) {
    this.out = typeof space === 'number' ? Buffer.allocUnsafeSlow(space) : Buffer.from(space);
  }

  /** Makes room for `more` bytes after the current length. */
  protected reserve(more: number): void {
    if (this.length + more <= this.out.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.out.length * 2, this.length + more));
    this.out.copy(grown, 0, 0, this.length);
    this.out = grown;
  }

  protected view(): Uint8Array {
    return new Uint8Array(this.out.buffer, this.out.byteOffset, this.length);
  }
}

/**
 * COPY lines written straight into UTF-8 bytes as they are made. A batch never exists as one long
 * string: joining thousands of lines into one made V8 build, flatten and garbage-collect
 * megabyte-long strings, which cost more than making the lines.
 */
export class CopyBuffer extends GrowingBytes {
  constructor(space: number | ArrayBuffer = 1 << 20) {
    super(space);
  }

  /** Appends one line made by encodeCopyRow. */
  add(line: string): void {
    this.reserve(line.length * 3); // a UTF-16 unit is at most 3 bytes of UTF-8
    this.length += this.out.write(line, this.length);
  }

  /** The lines so far, as bytes over this buffer's own ArrayBuffer. */
  get bytes(): Uint8Array {
    return this.view();
  }
}

/** The PostgreSQL types BinaryCopyRows writes. */
export type CopyColumnType = 'uuid' | 'text' | 'json' | 'jsonb' | 'int4' | 'date';

/** The keys of JSON objects JsonObjectRow writes, made once for many rows. */
export interface JsonObjectKeys {
  /** The UTF-8 bytes of each key as JSON text with its colon ('"Name":'), for the first values. */
  readonly bytes: readonly Uint8Array[];
  /** The key (JSON text with its colon) of value i, for any i. */
  key(i: number): string;
  /** A value as a JSON string: how the writer quotes a value that is not plain printable ASCII. */
  quote(value: string): string;
}

/**
 * A text value written as the JSON object of `keys` to `values` straight into binary COPY data,
 * without building the string first: an import writes one for every delivered row, and building,
 * flattening and then encoding a few hundred characters a row was a tenth of the reader's work.
 * The bytes are exactly the UTF-8 of the object `{key: quote(value), …}` (row-json.test.ts).
 */
export class JsonObjectRow {
  readonly keys: JsonObjectKeys;
  readonly values: readonly string[];
  constructor(keys: JsonObjectKeys, values: readonly string[]) {
    this.keys = keys;
    this.values = values;
  }
}

const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
// A uuid's 16 bytes from its 32 hex digits a pair at a time: HEX_PAIR[(first << 8) | second] is the
// byte two ASCII hex digits spell, or -1. UUID_PAIRS are where each pair starts in the text.
const HEX_PAIR = new Int16Array(65536).fill(-1);
for (let hi = 0; hi < 16; hi++) {
  for (let lo = 0; lo < 16; lo++) {
    for (const h of [hi.toString(16), hi.toString(16).toUpperCase()]) {
      for (const l of [lo.toString(16), lo.toString(16).toUpperCase()]) HEX_PAIR[(h.charCodeAt(0) << 8) | l.charCodeAt(0)] = (hi << 4) | lo;
    }
  }
}
const UUID_PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

const DAY_NUMBER_2000 = 10_957; // 2000-01-01 as days since 1970-01-01

/** The decimal number in s[at, at + n), or NaN when those are not all digits. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** Days from 2000-01-01 (PostgreSQL's day zero) to a real calendar date, or null when it is not one. */
export function daysSince2000(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || !(m >= 1 && m <= 12 && d >= 1) || d > daysInMonth(y, m)) return null;
  return dayNumber(y, m, d) - DAY_NUMBER_2000;
}

/**
 * Rows in COPY's binary format, for a fixed list of column types. PostgreSQL reads binary values
 * without parsing text: for an import that is most of the cost of a uuid (it reads a uuid's text
 * a byte at a time) and all of the cost of escapes. Bulk tables use it; see
 * docs/adr/2026-11-23-import-statement-checks.md.
 */
export class BinaryCopyRows extends GrowingBytes {
  readonly #types: readonly CopyColumnType[];
  readonly #lastUuid: Array<string | undefined>;
  readonly #lastUuidBytes: Buffer;
  #rows = 0;
  constructor(types: readonly CopyColumnType[], space: number | ArrayBuffer = 1 << 20) {
    super(typeof space === 'number' ? Math.max(space, 64) : space.byteLength >= 64 ? space : 64);
    this.#types = types;
    this.#lastUuid = types.map(() => undefined);
    this.#lastUuidBytes = Buffer.alloc(16 * types.length);
    this.length = BINARY_SIGNATURE.copy(this.out, 0);
    this.out.writeInt32BE(0, this.length); // flags
    this.out.writeInt32BE(0, this.length + 4); // header extension length
    this.length += 8;
  }

  get rows(): number {
    return this.#rows;
  }

  /** Appends one row, a value per column type (null for NULL). Throws for a value its type cannot hold. */
  row(values: readonly (CopyValue | JsonObjectRow)[]): void {
    const types = this.#types;
    if (values.length !== types.length) throw new Error(`BinaryCopyRows: a row of ${values.length} values for ${types.length} columns`);
    const start = this.length;
    this.reserve(2);
    this.#int16(types.length, this.length);
    this.length += 2;
    try {
      this.#fields(values);
    } catch (error) {
      this.length = start; // no half row
      throw error;
    }
    this.#rows++;
  }

  #fields(values: readonly (CopyValue | JsonObjectRow)[]): void {
    const types = this.#types;
    for (let i = 0; i < types.length; i++) {
      const value = values[i] as CopyValue | JsonObjectRow;
      if (value === null) {
        this.reserve(4);
        this.#int32(-1, this.length);
        this.length += 4;
        continue;
      }
      if (value instanceof JsonObjectRow) {
        if (types[i] !== 'text' && types[i] !== 'json') throw new Error(`BinaryCopyRows: a JSON object is not a ${types[i]}`);
        this.#jsonObject(value);
        continue;
      }
      switch (types[i]) {
        case 'uuid':
          if (value instanceof Uint8Array) this.#uuidBytes(value);
          else this.#uuid(String(value), i);
          break;
        case 'int4':
          this.#int4(value);
          break;
        case 'date':
          this.#date(String(value));
          break;
        case 'jsonb':
          this.#text(this.#string(value), 1); // jsonb's binary form: version 1, then the JSON text
          break;
        default:
          this.#text(this.#string(value), -1);
      }
    }
  }

  /** The rows with COPY's end marker, as bytes over this buffer's own ArrayBuffer; empty (but over the same ArrayBuffer) when there are no rows. */
  finish(): Uint8Array {
    if (this.#rows === 0) return new Uint8Array(this.out.buffer, this.out.byteOffset, 0);
    this.reserve(2);
    this.#int16(-1, this.length);
    this.length += 2;
    return this.view();
  }

  #text(s: string, version: number): void {
    const prefix = version < 0 ? 4 : 5;
    this.reserve(prefix + s.length * 3);
    if (version >= 0) this.out[this.length + 4] = version;
    const n = this.out.write(s, this.length + prefix);
    this.#int32(n + prefix - 4, this.length);
    this.length += prefix + n;
  }

  #jsonObject({ keys, values }: JsonObjectRow): void {
    const n = Math.max(values.length, keys.bytes.length);
    let most = 6; // length, braces
    for (let i = 0; i < n; i++) most += (keys.bytes[i]?.length ?? keys.key(i).length * 3) + 1 + (values[i]?.length ?? 0) * 18 + 2; // JSON.stringify writes a UTF-16 unit as at most 6 characters, each at most 3 bytes
    this.reserve(most);
    const out = this.out;
    const start = this.length;
    let at = start + 4;
    out[at++] = 0x7b; // {
    for (let i = 0; i < n; i++) {
      if (i > 0) out[at++] = 0x2c; // ,
      const key = keys.bytes[i];
      if (key) {
        out.set(key, at);
        at += key.length;
      } else at += out.write(keys.key(i), at);
      const value = values[i] ?? '';
      // Printable ASCII other than " and \ is copied as it is, between quotes; anything else is quoted by keys.quote.
      const from = at;
      out[at++] = 0x22;
      let plain = true;
      for (let k = 0; k < value.length; k++) {
        const c = value.charCodeAt(k);
        if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
          plain = false;
          break;
        }
        out[at++] = c;
      }
      if (plain) out[at++] = 0x22;
      else at = from + out.write(keys.quote(value), from);
    }
    out[at++] = 0x7d; // }
    this.#int32(at - start - 4, start);
    this.length = at;
  }

  #int4(value: CopyValue): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new Error(`BinaryCopyRows: ${String(value)} is not a 32-bit integer`);
    this.reserve(8);
    this.#int32(4, this.length);
    this.#int32(value, this.length + 4);
    this.length += 8;
  }

  #date(s: string): void {
    const days = s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 ? daysSince2000(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)) : null;
    if (days === null) throw new Error(`BinaryCopyRows: "${s}" is not a yyyy-mm-dd date`);
    this.reserve(8);
    this.#int32(4, this.length);
    this.#int32(days, this.length + 4);
    this.length += 8;
  }

  #string(value: CopyValue): string {
    if (value instanceof Uint8Array) throw new Error('BinaryCopyRows: bytes are only for uuid columns');
    return String(value);
  }

  /** A uuid given as its 16 bytes (orderedUuidBytes): copied as they are. */
  #uuidBytes(bytes: Uint8Array): void {
    if (bytes.length !== 16) throw new Error(`BinaryCopyRows: ${bytes.length} bytes are not a uuid`);
    this.reserve(20);
    this.#int32(16, this.length);
    this.out.set(bytes, this.length + 4);
    this.length += 20;
  }

  #uuid(s: string, column: number): void {
    this.reserve(20);
    const out = this.out;
    this.#int32(16, this.length);
    const at = this.length + 4;
    this.length += 20;
    // The council, source and run repeat on every row: copy the bytes decoded for the same string last time.
    const last = this.#lastUuid[column];
    const cache = this.#lastUuidBytes;
    if (s === last) {
      for (let k = 0; k < 16; k++) out[at + k] = cache[column * 16 + k] as number;
      return;
    }
    let bad = s.length === 36 && s.charCodeAt(8) === 45 && s.charCodeAt(13) === 45 && s.charCodeAt(18) === 45 && s.charCodeAt(23) === 45 ? 0 : -1;
    for (let k = 0; bad === 0 && k < 16; k++) {
      const p = UUID_PAIRS[k] as number;
      const hi = s.charCodeAt(p);
      const lo = s.charCodeAt(p + 1);
      const byte = (hi | lo) < 256 ? (HEX_PAIR[(hi << 8) | lo] as number) : -1;
      bad |= byte >> 8; // -1 for a pair that is not hex
      out[at + k] = byte;
    }
    if (bad !== 0) throw new Error(`BinaryCopyRows: "${s}" is not a uuid`);
    this.#lastUuid[column] = s;
    for (let k = 0; k < 16; k++) cache[column * 16 + k] = out[at + k] as number;
  }

  // Big-endian integers written byte by byte: Buffer's own writers check their arguments on every
  // call, and a batch writes a few hundred thousand of them.
  #int32(value: number, at: number): void {
    const out = this.out;
    out[at] = value >>> 24;
    out[at + 1] = value >>> 16;
    out[at + 2] = value >>> 8;
    out[at + 3] = value;
  }

  #int16(value: number, at: number): void {
    this.out[at] = value >>> 8;
    this.out[at + 1] = value;
  }
}

/** The payload of a compiled query that carries COPY data, if it is one. */
export function copyPayloadOf(compiled: CompiledQuery): CopyPayload | null {
  const first = compiled.parameters[0];
  return compiled.parameters.length === 1 && first instanceof CopyPayload ? first : null;
}

/** A value for COPY. A Uint8Array is a uuid's 16 bytes, for BinaryCopyRows' uuid columns only. */
export type CopyValue = string | number | boolean | Uint8Array | null;

// Only these four characters need escaping in COPY text format (plus the backslash itself).
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  const s = typeof value === 'string' ? value : value instanceof Uint8Array ? uuidText(value) : String(value);
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
 * Loads rows already encoded, with encodeCopyRow (format 'text') or BinaryCopyRows (format
 * 'binary'), into `table` (columns in the same order), in the transaction `tx`.
 *
 * The COPY statement itself runs as the connecting (owner) role, and the transaction's role is
 * restored after it. PostgreSQL allows COPY into a table under row-level security only to a role
 * the policy does not apply to, and PGlite reads COPY data from a file only a superuser may read.
 * Tables in DIRECT check their rows per statement, so they take the COPY directly. Any other
 * table's rows go first into a temporary staging table of the same shape (private to the session,
 * dropped at commit) and then into `table` with INSERT … SELECT, in the transaction's own role,
 * which row-level security and every constraint check as for any insert.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], lines: string | Uint8Array, format: 'text' | 'binary' = 'text'): Promise<void> {
  await copyLoads(tx, [{ table, columns, lines, format }]);
}

/** One table's rows for copyLoads. */
export interface CopyLoad {
  table: string;
  columns: readonly string[];
  lines: string | Uint8Array;
  format?: 'text' | 'binary';
}

/**
 * copyRows for several tables, in order, lifting the role once for all their COPY statements: an
 * import writes three tables a batch, and each statement is a round trip the server waits through.
 */
export async function copyLoads(tx: Tx, loads: readonly CopyLoad[]): Promise<void> {
  const work = loads.filter((load) => load.lines.length > 0);
  if (work.length === 0) return;
  for (const { table, columns } of work) for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`copyRows: "${name}" is not a plain identifier`);
  const staged = work.filter((load) => !DIRECT.has(load.table));
  for (const { table } of staged) await tx.executeQuery(CompiledQuery.raw(`create temp table if not exists ${STAGING_PREFIX}${table} (like ${table} including defaults) on commit drop`));
  const target = (table: string) => (DIRECT.has(table) ? table : `pg_temp.${STAGING_PREFIX}${table}`);
  const role = (await tx.executeQuery<{ role: string }>(CompiledQuery.raw('select current_user as role'))).rows[0]?.role as string;
  await tx.executeQuery(CompiledQuery.raw('reset role'));
  for (const { table, columns, lines, format } of work) {
    await tx.executeQuery(CompiledQuery.raw(`copy ${target(table)} (${columns.join(', ')}) from stdin${format === 'binary' ? ' with (format binary)' : ''}`, [new CopyPayload(lines)]));
  }
  // Not in a finally: a failed COPY aborts the transaction, and rolling it back restores the role.
  await tx.executeQuery(CompiledQuery.raw(`select set_config('role', $1, true)`, [role]));
  for (const { table, columns } of staged) {
    const list = columns.join(', ');
    await tx.executeQuery(CompiledQuery.raw(`insert into ${table} (${list}) select ${list} from ${target(table)}`));
    await tx.executeQuery(CompiledQuery.raw(`truncate ${target(table)}`));
  }
}

/** Whether COPY may write `table` (qualified as in the statement): a staging table, or a table in DIRECT. */
export function copyTarget(qualified: string): boolean {
  return qualified.startsWith(`pg_temp.${STAGING_PREFIX}`) || DIRECT.has(qualified);
}

/** Staging tables are temporary tables named with this prefix; only they receive COPY data. */
export const STAGING_PREFIX = 'hearth_copy_';
