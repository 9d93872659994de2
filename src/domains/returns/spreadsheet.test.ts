import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { neutralise, toCsv, toXlsx } from './spreadsheet.ts';

const cases: Array<[string, string | number | null, string | number | null]> = [
  ['= formula', '=SUM(A1)', "'=SUM(A1)"],
  ['+ formula', '+1+1', "'+1+1"],
  ['- formula', '-2+3', "'-2+3"],
  ['@ formula', '@cmd', "'@cmd"],
  ['tab', '\tx', "'\tx"],
  ['carriage return', '\rx', "'\rx"],
  ['plain text', 'Able family', 'Able family'],
  ['numbers stay numbers (negative savings too)', -1200, -1200],
  ['null', null, null],
];
for (const [name, input, expected] of cases) void test(`neutralise: ${name}`, () => assert.equal(neutralise(input), expected));

void test('CSV quotes commas, quotes and new lines', () => {
  assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=1', 2]]), 'a,b\r\n"x,y","say ""hi"""\r\n\'=1,2\r\n');
});

void test('XLSX cells are neutralised too', async () => {
  const buffer = await toXlsx([{ name: 'Return', header: ['h'], rows: [['=HYPERLINK("x")'], [5]] }]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Return');
  assert.equal(ws?.getCell('A2').value, '\'=HYPERLINK("x")');
  assert.equal(ws?.getCell('A3').value, 5);
});
