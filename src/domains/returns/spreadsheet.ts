// Files people open in Excel: CSV and XLSX with formula injection neutralised (a cell starting with
// = + - @ tab or carriage return is prefixed with ' so a spreadsheet shows it as text).
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null | undefined;

export function neutralise(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: Cell): string {
  const v = neutralise(value);
  if (v === null) return '';
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(sheets: Array<{ name: string; header: readonly string[]; rows: ReadonlyArray<readonly Cell[]> }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hearth';
  workbook.created = new Date(0);
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
    ws.addRow([...sheet.header]);
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((c) => neutralise(c)));
    ws.columns.forEach((c) => (c.width = 24));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
