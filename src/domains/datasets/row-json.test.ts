// rowToJson writes each delivered row as JSON by hand (the import's hot path); it must read back
// exactly as the row, whatever the cells hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowToJson } from './row-json.ts';

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
  }
});
