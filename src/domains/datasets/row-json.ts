// The delivered row as JSON, kept with each source record and quarantined row for audit and correction.
import type { JsonObjectKeys } from '../../db/copy.ts';

// Characters a JSON string must escape; most delivered values have none and are quoted as they are.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f]/;

/** A delivered value as a JSON string: quoted as it is unless it has a character JSON must escape. */
export function jsonString(value: string): string {
  return NEEDS_JSON_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
}

/**
 * The keys of the delivered row's JSON object, from the header. A header name that repeats is given
 * its column number from its second time on ("Address (column 4)"): a JSON object keeps one value
 * a key, and the delivered row must keep them all. A value past the header's end is "extra N".
 */
export function rowJsonKeys(header: readonly string[]): JsonObjectKeys {
  const seen = new Set<string>();
  const names = header.map((h, i) => {
    const name = h.replace(/^\uFEFF/, '').trim() || `column ${i + 1}`;
    const unique = seen.has(name) ? `${name} (column ${i + 1})` : name;
    seen.add(unique);
    return unique;
  });
  const keys = names.map((name) => JSON.stringify(name) + ':');
  const encoder = new TextEncoder();
  return {
    key: (i) => keys[i] ?? JSON.stringify(`extra ${i + 1 - keys.length}`) + ':',
    bytes: keys.map((k) => encoder.encode(k)),
    quote: jsonString,
  };
}

/** The delivered row as a JSON object keyed by the header (kept with each record and quarantined row); see rowJsonKeys. */
export function rowToJson(header: readonly string[]): (row: readonly string[]) => string {
  const keys = rowJsonKeys(header);
  return (row) => {
    let s = '{';
    const n = Math.max(row.length, keys.bytes.length);
    for (let i = 0; i < n; i++) s += (i ? ',' : '') + keys.key(i) + jsonString(row[i] ?? '');
    return s + '}';
  };
}

/**
 * A delivered row's JSON (an object of strings, as rowToJson writes it) as its entries in the
 * delivery's column order. JSON.parse would put keys that look like integers ("2024") first.
 */
export function rowJsonEntries(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) entries.push([JSON.parse(`"${m[1]!}"`) as string, JSON.parse(`"${m[2]!}"`) as string]);
  return entries;
}
