// Buffered file output: rows accumulate into large strings and go to disk in ~1 MB synchronous
// writes, so memory stays flat however big the county is.
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

export class FileWriter {
  private fd: number;
  private buf = '';
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0) return;
    const b = Buffer.from(this.buf, 'utf8');
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.bytes += b.length;
    this.buf = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const NEEDS_QUOTE = /[",\r\n|]/;

/** One CSV field, quoted when it holds a quote, a newline or a delimiter (comma or pipe). */
export function csvField(s: string): string {
  return NEEDS_QUOTE.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (with the newline). */
export function csvLine(fields: readonly string[], delimiter = ','): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += delimiter;
    out += csvField(fields[i] as string);
  }
  return `${out}\n`;
}
