// The XLSX variant of a source: the same rows as its CSV, streamed into a workbook with
// exceljs's WorkbookWriter (as a partner that sends spreadsheets would), all cells as text.
import { createReadStream } from 'node:fs';
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
}
