// The XLSX variant of a source: the same rows as its CSV, streamed into a workbook with
// exceljs's WorkbookWriter (as a partner that sends spreadsheets would), all cells as text.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { SourceManifest } from './manifest.ts';

export async function writeXlsxVariant(csvPath: string, xlsxPath: string, sheetName: string, src: SourceManifest): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath, useStyles: false, useSharedStrings: false });
  // fixed workbook dates keep the file byte-for-byte reproducible
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = new Date(Date.UTC(2000, 0, 1));
  wb.creator = 'hearth synth';
  const ws = wb.addWorksheet(sheetName);
  const parser = createReadStream(csvPath).pipe(parse({ delimiter: src.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<string[]>) ws.addRow(rec).commit();
  ws.commit();
  await wb.commit();
  writeFileSync(xlsxPath, fixZipTimes(readFileSync(xlsxPath)));
}

/**
 * Sets every entry's DOS modification time in a zip (local headers and central directory) to
 * 1 Jan 2000 00:00, so the file does not depend on the clock. Walks the central directory.
 */
export function fixZipTimes(zip: Buffer): Buffer {
  const TIME = 0, DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return zip;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && zip.readUInt32LE(p) === 0x02014b50; n++) {
    zip.writeUInt16LE(TIME, p + 12);
    zip.writeUInt16LE(DATE, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) === 0x04034b50) { zip.writeUInt16LE(TIME, local + 10); zip.writeUInt16LE(DATE, local + 12); }
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}
