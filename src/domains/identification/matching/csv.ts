// A small, fast CSV reader for file mode (RFC 4180: quoted fields, doubled quotes, CRLF).
// Returns rows as arrays of strings; the caller maps the header.

/** Parse CSV text into rows. Blank lines are skipped. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row: string[] = [];
  while (i < n) {
    let c = text.charCodeAt(i);
    let value: string;
    if (c === 34) {
      // quoted field
      let out = '';
      let from = ++i;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) { out += text.slice(i); i = n; break; }
        if (text.charCodeAt(q + 1) === 34) { out += text.slice(i, q + 1); i = from = q + 2; continue; }
        out += text.slice(i, q);
        i = q + 1;
        break;
      }
      value = out;
    } else {
      const from = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === d || c === 10 || c === 13) break;
        i++;
      }
      value = text.slice(from, i);
    }
    row.push(value);
    if (i >= n) break;
    c = text.charCodeAt(i);
    if (c === d) { i++; if (i >= n) row.push(''); continue; }
    // end of line
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2; else i++;
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  }
  if (row.length > 0 && !(row.length === 1 && row[0] === '')) rows.push(row);
  return rows;
}
