// The delivered row as JSON, kept with each source record and quarantined row for audit and correction.
// Characters a JSON string must escape; most delivered values have none and are quoted as they are.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * The delivered row as a JSON object keyed by the header (kept with each record and quarantined row).
 * A header name that repeats is given its column number from its second time on ("Address
 * (column 4)"): a JSON object keeps one value a key, and the delivered row must keep them all.
 */
export function rowToJson(header: readonly string[]): (row: readonly string[]) => string {
  const seen = new Set<string>();
  const names = header.map((h, i) => {
    const name = h.replace(/^\uFEFF/, '').trim() || `column ${i + 1}`;
    const unique = seen.has(name) ? `${name} (column ${i + 1})` : name;
    seen.add(unique);
    return unique;
  });
  const keys = names.map((name) => JSON.stringify(name) + ':');
  return (row) => {
    let s = '{';
    const n = Math.max(row.length, keys.length);
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? '';
      s += (i ? ',' : '') + (keys[i] ?? JSON.stringify(`extra ${i + 1 - keys.length}`) + ':') + (NEEDS_JSON_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"');
    }
    return s + '}';
  };
}
