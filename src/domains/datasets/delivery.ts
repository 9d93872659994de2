// Reading a delivered file: what it is (CSV or XLSX, by its bytes, not its name), whether it is
// readable text, its SHA-256, and its rows as batches of string arrays, streamed so a file of any
// allowed size reads in constant memory. Every refusal is a DeliveryError whose message a data
// manager can act on.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
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
      for (let i = 0; i < body.length; i++) if (body[i] === 10) lines++;
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

/**
 * Streams a delivery's rows. The first row is the header; empty lines are skipped. onBytes gets the
 * number of file bytes read so far (for progress).
 */
export async function readDelivery(path: string, format: 'csv' | 'xlsx', spec: MappingSpec, batchSize: number, onBytes: (bytes: number) => void = () => undefined): Promise<RowBatches> {
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  source.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  const rows = format === 'xlsx' ? xlsxRows(source, spec.sheet) : csvRows(source, spec);
  const first = await rows.next();
  if (first.done) throw new DeliveryError('no_rows', 'The file has no rows at all. Ask the sender for the delivery again.');
  const header = first.value;
  if (header.every((h) => h.trim() === '')) throw new DeliveryError('header', 'The first row is empty: it must name the columns.');
  async function* batches(): AsyncGenerator<string[][]> {
    let batch: string[][] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return { header, batches: batches() };
}

async function* csvRows(source: NodeJS.ReadableStream, spec: MappingSpec): AsyncGenerator<string[]> {
  const decoded = spec.encoding === 'windows-1252' ? source.pipe(windows1252()) : source;
  const parser = decoded.pipe(
    parse({ delimiter: spec.delimiter || ',', relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: true, skip_records_with_empty_values: true }),
  );
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new DeliveryError('unreadable', `The file could not be read as CSV near line ${e.lines ?? '?'}: ${e.message.replace(/^Invalid [^:]*: /, '')}`);
    throw error;
  }
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
