// Reading a delivered file: what it is (CSV or XLSX, by its bytes, not its name), whether it is
// readable text, its SHA-256, and its rows as batches of string arrays, streamed so a file of any
// allowed size reads in constant memory. Every refusal is a DeliveryError whose message a data
// manager can act on.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import Papa from 'papaparse';
import type { MappingSpec } from './mapping.ts';

/** The largest delivery Hearth accepts (also the upload and API limit). */
export const MAX_DELIVERY_BYTES = 512 * 1024 * 1024;

export type DeliveryProblem = 'empty' | 'too_large' | 'not_csv_or_xlsx' | 'encoding' | 'header' | 'no_rows' | 'unreadable';

export class DeliveryError extends Error {
  readonly problem: DeliveryProblem;
  constructor(problem: DeliveryProblem, message: string) {
    super(message);
    this.problem = problem;
    this.name = 'DeliveryError';
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function tooLarge(size: number): DeliveryError {
  return new DeliveryError('too_large', `The file is ${formatBytes(size)}; the largest delivery Hearth accepts is ${formatBytes(MAX_DELIVERY_BYTES)}. Ask the sender to split it by period and deliver each part.`);
}

export interface Inspected {
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
}

/** Sizes, hashes and sniffs a delivered file in one pass; throws DeliveryError when it cannot be imported. */
export async function inspectDelivery(path: string, encoding: MappingSpec['encoding']): Promise<Inspected> {
  const { size } = await stat(path);
  if (size === 0) throw new DeliveryError('empty', 'The file is empty. Ask the sender for the delivery again.');
  if (size > MAX_DELIVERY_BYTES) throw tooLarge(size);
  const hash = createHash('sha256');
  let format: 'csv' | 'xlsx' | null = null;
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  let lines = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (format === null) {
      format = sniff(chunk);
    }
    if (format === 'csv' && encoding === 'utf-8') {
      // Check UTF-8 chunk by chunk, carrying an incomplete trailing character to the next chunk.
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let end = buf.length;
      let back = 0;
      while (back < 3 && end - back - 1 >= 0 && ((buf[end - back - 1] as number) & 0xc0) === 0x80) back++;
      if (end - back - 1 >= 0 && (buf[end - back - 1] as number) >= 0xc0) end = end - back - 1;
      const body = buf.subarray(0, end);
      if (!isUtf8(body)) {
        const text = new TextDecoder('utf-8').decode(body);
        const bad = text.indexOf('\uFFFD');
        const line = lines + (text.slice(0, bad).match(/\n/g)?.length ?? 0);
        throw new DeliveryError('encoding', `The file is not UTF-8 text: line ${line} has a character that cannot be read (around byte ${offset + Buffer.byteLength(text.slice(0, bad))}). Save it as "CSV UTF-8", or set the mapping's encoding to Windows-1252 if the sender's system uses it.`);
      }
      for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) lines++; // memchr, not a loop in JavaScript over every byte
      offset += body.length;
      carry = Buffer.from(buf.subarray(end));
    }
  }
  if (carry.length > 0) throw new DeliveryError('encoding', 'The file is not UTF-8 text: it ends part-way through a character. Save it as "CSV UTF-8" and deliver it again.');
  return { size, sha256: hash.digest('hex'), format: format ?? 'csv' };
}

/** CSV or XLSX from the first bytes; throws for anything else. */
export function sniff(head: Buffer): 'csv' | 'xlsx' {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new DeliveryError('not_csv_or_xlsx', 'This is an old Excel 97–2003 (.xls) workbook. Save it as .xlsx or as CSV and deliver it again.');
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new DeliveryError('encoding', 'The file is UTF-16 text. Save it as "CSV UTF-8" and deliver it again.');
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw new DeliveryError('not_csv_or_xlsx', 'This is a PDF, not a CSV or XLSX file. Ask the sender for the data as CSV or XLSX.');
  const sample = head.subarray(0, 65536);
  if (sample.includes(0)) throw new DeliveryError('not_csv_or_xlsx', 'This is not a CSV or XLSX file: it contains binary data. Deliver the data as CSV or XLSX.');
  return 'csv';
}

export interface RowBatches {
  header: string[];
  /** Batches of data rows (each a string array); bytesRead counts the file read so far. */
  batches: AsyncGenerator<string[][]>;
}

export interface RowRuns {
  header: string[];
  /** Data rows in runs of any length, as the reader produces them: a parsed piece of the file, or a run of workbook rows. */
  runs: AsyncGenerator<string[][]>;
}

/** How much of a file the CSV reader parses at a time. Small pieces keep each row's strings short-lived, which keeps garbage collection cheap. */
const READ_BYTES = 64 * 1024;

/**
 * Streams a delivery's rows as they are read. The first row is the header; empty lines are
 * skipped. onBytes gets the number of file bytes read so far (for progress).
 */
export async function readDeliveryRuns(path: string, format: 'csv' | 'xlsx', spec: MappingSpec, onBytes: (bytes: number) => void = () => undefined): Promise<RowRuns> {
  const source = createReadStream(path, { highWaterMark: READ_BYTES });
  let bytes = 0;
  source.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  // Rows arrive in runs, not one at a time: a million rows passed one by one through async
  // iteration cost more than parsing them.
  const runs = format === 'xlsx' ? inRuns(xlsxRows(source, spec.sheet), 1000) : csvRuns(source, spec);
  let first: string[][];
  for (;;) {
    const next = await runs.next();
    if (next.done) throw new DeliveryError('no_rows', 'The file has no rows at all. Ask the sender for the delivery again.');
    if (next.value.length > 0) {
      first = next.value;
      break;
    }
  }
  const header = first[0] as string[];
  if (header.every((h) => h.trim() === '')) throw new DeliveryError('header', 'The first row is empty: it must name the columns.');
  async function* rest(): AsyncGenerator<string[][]> {
    if (first.length > 1) yield first.slice(1);
    yield* runs;
  }
  return { header, runs: rest() };
}

/** Streams a delivery's rows in batches of `batchSize` (the last may be smaller); see readDeliveryRuns. */
export async function readDelivery(path: string, format: 'csv' | 'xlsx', spec: MappingSpec, batchSize: number, onBytes: (bytes: number) => void = () => undefined): Promise<RowBatches> {
  const { header, runs } = await readDeliveryRuns(path, format, spec, onBytes);
  async function* batches(): AsyncGenerator<string[][]> {
    let batch: string[][] = [];
    for await (const run of runs) {
      for (const row of run) {
        batch.push(row);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }
  return { header, batches: batches() };
}

/** The longest row Hearth reads, in characters. A quoted value that is never closed would otherwise swallow the rest of the file. */
export const MAX_ROW_CHARS = 1 << 20;

/**
 * CSV rows, a parsed chunk at a time, by Papa Parse's core parser: each chunk is parsed up to its
 * last complete row and the rest is carried into the next, as Papa's own streamers do. Behaves as
 * RFC 4180 with the usual leniency: quoted delimiters, quotes and line breaks; rows of any length;
 * a stray quote inside an unquoted value is kept as text; lines with nothing but blanks are skipped.
 */
async function* csvRuns(source: NodeJS.ReadableStream, spec: MappingSpec): AsyncGenerator<string[][]> {
  const text: AsyncIterable<string> = (spec.encoding === 'windows-1252' ? source.pipe(windows1252()) : (source as Readable)).setEncoding('utf8');
  let parser: Papa.Parser | null = null;
  let carried = '';
  let offset = 0; // characters of the file before `carried`
  let rowsSoFar = 0;
  const parse = (input: string, last: boolean): string[][] => {
    if (parser === null) {
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
      parser = new Papa.Parser({ delimiter: spec.delimiter || ',', newline: lineBreakOf(input) });
    }
    const result = parser.parse(input, offset, !last) as Papa.ParseResult<string[]>;
    // Rows are numbered as in the import (the header is row 1), counting rows that are not blank.
    const unclosed = result.errors.find((e) => e.code === 'MissingQuotes');
    if (unclosed) throw new DeliveryError('unreadable', `The file could not be read as CSV: a quoted value in row ${rowsSoFar + (unclosed.row ?? 0) + 1} is never closed. Check the quotes in that row with the sender.`);
    const rows = result.data.filter((row) => !isBlankRow(row));
    rowsSoFar += rows.length;
    if (!last) {
      carried = input.slice(result.meta.cursor - offset);
      offset = result.meta.cursor;
      if (carried.length > MAX_ROW_CHARS) throw new DeliveryError('unreadable', `The file could not be read as CSV: row ${rowsSoFar + 1} is longer than ${formatBytes(MAX_ROW_CHARS)}, so a quoted value in it is most likely never closed. Check the quotes in that row with the sender.`);
    }
    return rows;
  };
  for await (const chunk of text) yield parse(carried + chunk, false);
  yield parse(carried, true);
}

/** The line break a file uses, from its first one: CRLF, CR or LF. */
function lineBreakOf(text: string): '\r\n' | '\r' | '\n' {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr >= 0 && (lf < 0 || cr < lf)) return text[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

function isBlankRow(row: readonly string[]): boolean {
  for (const value of row) if (value.trim() !== '') return false;
  return true;
}

async function* inRuns<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let run: T[] = [];
  for await (const item of items) {
    run.push(item);
    if (run.length >= size) {
      yield run;
      run = [];
    }
  }
  if (run.length > 0) yield run;
}

function windows1252(): Transform {
  const decoder = new TextDecoder('windows-1252');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : iso.slice(0, 16);
  }
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; formula?: string; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

async function* xlsxRows(source: NodeJS.ReadableStream, sheetName: string | undefined): AsyncGenerator<string[]> {
  // Loaded only for workbooks: it is large, and most deliveries are CSV.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source as unknown as import('node:stream').Readable, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name;
      if (sheetName && name !== undefined && name !== sheetName) continue;
      found = true;
      let width = 0;
      for await (const row of sheet) {
        const values = Array.from((row.values as unknown[]).slice(1), cellText);
        if (width === 0) width = values.length;
        while (values.length < width && values.length > 0) values.push('');
        if (values.every((v) => v === '')) continue;
        yield values;
      }
      break;
    }
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError('unreadable', `The file could not be read as an XLSX workbook (${error instanceof Error ? error.message : String(error)}). Open it in a spreadsheet, save it as .xlsx or CSV and deliver it again.`);
  }
  if (!found && sheetName) throw new DeliveryError('header', `The workbook has no worksheet named "${sheetName}" (the mapping reads that sheet).`);
}
