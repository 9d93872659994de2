// Reads any source of a synth output back in one canonical identity shape, using the manifest
// to find each source's own columns, codings and date formats. Rows whose field count does not
// match the header (the malformed rows synth plants) are skipped.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { dobParser } from './dates.ts';
import type { Manifest, SourceManifest } from './manifest.ts';

// The canonical identity shape is the linkage engine's: synth output feeds it directly.
export type { IdentityRecord } from '../domains/identification/matching/types.ts';
import type { IdentityRecord } from '../domains/identification/matching/types.ts';

export async function readManifest(outDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Splits "SURNAME, Forename" (or "Forename SURNAME" when there is no comma) into [given, family]. */
export function splitFullName(s: string): [string, string] {
  const t = s.trim();
  const comma = t.indexOf(',');
  if (comma >= 0) return [t.slice(comma + 1).trim(), t.slice(0, comma).trim()];
  const space = t.lastIndexOf(' ');
  return space < 0 ? ['', t] : [t.slice(0, space).trim(), t.slice(space + 1).trim()];
}

/** Canonical sex from a source value, through the source's coding when it has one. */
export function canonicalSex(raw: string, coding?: Record<string, string>): string {
  const v = raw.trim();
  const mapped = coding ? (coding[v] ?? coding[v.toUpperCase()]) : undefined;
  const s = (mapped ?? v).toUpperCase();
  if (s === 'M' || s === 'MALE') return 'M';
  if (s === 'F' || s === 'FEMALE') return 'F';
  return '';
}

/** A function turning one row (column name → value) of this source into an IdentityRecord. */
export function identityMapper(src: SourceManifest): (row: Record<string, string>) => IdentityRecord {
  const id = src.identity;
  const dob = dobParser(src.dobFormat ?? src.dateFormat);
  const sexCoding = id.sex ? src.event.codes?.[id.sex] : undefined;
  const addressCols = id.address === undefined ? [] : Array.isArray(id.address) ? id.address : [id.address];
  const get = (row: Record<string, string>, col: string | undefined): string => (col === undefined ? '' : (row[col] ?? '').trim());
  return (row) => {
    let given = get(row, id.given_name);
    let family = get(row, id.family_name);
    if (id.full_name !== undefined && given === '' && family === '') [given, family] = splitFullName(get(row, id.full_name));
    return {
      source: src.name,
      record_id: get(row, id.record_id),
      given_name: given,
      family_name: family,
      date_of_birth: id.date_of_birth === undefined ? '' : dob(get(row, id.date_of_birth)),
      sex: id.sex === undefined ? '' : canonicalSex(get(row, id.sex), sexCoding),
      address: addressCols.map((c) => get(row, c)).filter((x) => x !== '').join(', '),
      postcode: get(row, id.postcode),
      uprn: get(row, id.uprn),
      nhs_number: get(row, id.nhs_number),
      upn: get(row, id.upn),
      ni_number: get(row, id.ni_number),
    };
  };
}

/** Streams the rows of one source file as objects keyed by column name (CSV or XLSX). */
export async function* readSourceRows(outDir: string, src: SourceManifest): AsyncGenerator<Record<string, string>> {
  const path = join(outDir, src.file);
  if (src.format === 'xlsx') {
    yield* readXlsxRows(path);
    return;
  }
  const parser = createReadStream(path).pipe(parse({
    delimiter: src.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
  }));
  let header: string[] | null = null;
  for await (const fields of parser as AsyncIterable<string[]>) {
    if (header === null) { header = fields; continue; }
    if (fields.length !== header.length) continue;
    const rec: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) rec[header[i] as string] = fields[i] as string;
    yield rec;
  }
}

async function* readXlsxRows(path: string): AsyncGenerator<Record<string, string>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
      if (header === null) { header = values; continue; }
      const rec: Record<string, string> = {};
      header.forEach((h, i) => { rec[h] = values[i] ?? ''; });
      yield rec;
    }
    return; // the first sheet only
  }
}

/** Streams every row of every source (or of the named source) as an IdentityRecord. */
export async function* readIdentityRecords(outDir: string, sourceName?: string): AsyncGenerator<IdentityRecord> {
  const manifest = await readManifest(outDir);
  const sources = manifest.sources.filter((s) => sourceName === undefined || s.name === sourceName);
  if (sourceName !== undefined && sources.length === 0) throw new Error(`no source named "${sourceName}" in ${outDir}/manifest.json`);
  for (const src of sources) {
    const map = identityMapper(src);
    for await (const row of readSourceRows(outDir, src)) yield map(row);
  }
}
