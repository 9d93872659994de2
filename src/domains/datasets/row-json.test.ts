// rowToJson writes each delivered row as JSON by hand (the import's hot path); it must read back
// exactly as the row, whatever the cells hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryCopyRows, JsonObjectRow } from '../../db/copy.ts';
import { rowJsonEntries, rowJsonKeys, rowToJson } from './row-json.ts';

test('rowToJson gives valid JSON keyed by the header, whatever the cells hold', () => {
  const cases: Array<{ header: string[]; row: string[]; expected: Record<string, string> }> = [
    { header: ['A', 'B'], row: ['1', 'two'], expected: { A: '1', B: 'two' } },
    { header: ['\uFEFFId', ' Name '], row: ['7', 'Zoë'], expected: { Id: '7', Name: 'Zoë' } },
    { header: ['Q'], row: ['say "hi"'], expected: { Q: 'say "hi"' } },
    { header: ['P'], row: ['C:\\temp\\x'], expected: { P: 'C:\\temp\\x' } },
    { header: ['C'], row: ['tab\tnew\nline\u0001'], expected: { C: 'tab\tnew\nline\u0001' } },
    { header: ['U'], row: ['\u2028 and \u{1F600}'], expected: { U: '\u2028 and \u{1F600}' } },
    { header: ['', 'B'], row: ['x', 'y'], expected: { 'column 1': 'x', B: 'y' } },
    { header: ['A'], row: ['1', '2', '3'], expected: { A: '1', 'extra 1': '2', 'extra 2': '3' } },
    { header: ['A', 'B', 'C'], row: ['1'], expected: { A: '1', B: '', C: '' } },
    { header: ['Address', 'Town', 'Address', 'Address'], row: ['1 Moor Lane', 'Dunsford', 'Flat 2', 'Rear'], expected: { Address: '1 Moor Lane', Town: 'Dunsford', 'Address (column 3)': 'Flat 2', 'Address (column 4)': 'Rear' } },
    { header: ['', 'column 1'], row: ['x', 'y'], expected: { 'column 1': 'x', 'column 1 (column 2)': 'y' } },
  ];
  for (const { header, row, expected } of cases) {
    const json = rowToJson(header)(row);
    assert.deepEqual(JSON.parse(json), expected, json);
    // read back in the delivery's order, from Hearth's text and from jsonb's (which adds spaces)
    assert.deepEqual(rowJsonEntries(json), Object.entries(expected), json);
    assert.deepEqual(rowJsonEntries(json.replace(/":"/g, '": "').replace(/","/g, '", "')), Object.entries(expected));
  }
});

test('rowJsonEntries keeps the columns in order, where JSON.parse would move year-like names first', () => {
  const cases: Array<{ header: string[]; row: string[] }> = [
    { header: ['Name', '2023', '2024'], row: ['Ann', '1', '2'] },
    { header: ['B', '10', 'A', '9'], row: ['a "quoted", value', 'x":"y', '\\', ''] },
  ];
  for (const { header, row } of cases) {
    const json = rowToJson(header)(row);
    assert.deepEqual(rowJsonEntries(json).map(([k]) => k), header);
    assert.deepEqual(rowJsonEntries(json).map(([, v]) => v), row);
    assert.notDeepEqual(Object.keys(JSON.parse(json) as object), header, 'the order JSON.parse gives differs');
  }
});

test('a JsonObjectRow writes into COPY data exactly the bytes of rowToJson’s text', () => {
  const cases: Array<{ header: string[]; rows: string[][] }> = [
    { header: ['A', 'B'], rows: [['1', 'two'], [], ['', ''], ['x']] },
    { header: ['\uFEFFId', ' Name ', 'Id'], rows: [['7', 'Zoë', '8'], ['say "hi"', 'C:\\temp', 'tab\tnew\nline\u0001'], ['\u007f', '~', ' ']] },
    { header: ['U', 'V'], rows: [['\u2028 and \u{1F600}', '\ud800 alone'], ['\udc00', 'a\ud83d'], ['é"', '"é']] },
    { header: ['A'], rows: [['1', '2', '3'], ['€'.repeat(5000)], ['"'.repeat(3000)], ['\u0000'.repeat(2000)]] },
    { header: ['Straße', 'Ünïcode key "quoted"'], rows: [['1', '2'], ['ß', 'ü'], ['1', '2', 'extra'.repeat(100)]] },
  ];
  for (const { header, rows } of cases) {
    const keys = rowJsonKeys(header);
    const text = rowToJson(header);
    // a small first buffer, so writing a row grows it
    const direct = new BinaryCopyRows(['int4', 'text', 'int4'], 64);
    const viaText = new BinaryCopyRows(['int4', 'text', 'int4'], 64);
    for (const [i, row] of rows.entries()) {
      direct.row([i, new JsonObjectRow(keys, row), -i]);
      viaText.row([i, text(row), -i]);
    }
    assert.deepEqual(Buffer.from(direct.finish()), Buffer.from(viaText.finish()), JSON.stringify(header));
  }
  assert.throws(() => new BinaryCopyRows(['int4']).row([new JsonObjectRow(rowJsonKeys(['A']), ['1'])]), /a JSON object is not a int4/);
});
