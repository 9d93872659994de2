// CSV for people to open in spreadsheets: every cell that a spreadsheet could run as a formula
// (starting with = + - @, a tab or a carriage return) is prefixed with ' so it stays text (OWASP
// CSV injection). Pure.

export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const v = neutralise(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(values: string[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
