// Reading a delivered CSV file into rows: the shapes partner systems actually send, table-driven,
// including values that straddle the reader's 1 MB chunks and a quote that is never closed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryError, readDelivery } from './delivery.ts';
import type { MappingSpec } from './mapping.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-delivery-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const spec = (over: Partial<MappingSpec> = {}): MappingSpec => ({ format: 'csv', delimiter: ',', encoding: 'utf-8', dateFormat: 'DD/MM/YYYY', columns: [], identity: { record_id: 'a' }, required: [], codes: {}, event: null, ...over }) as MappingSpec;

async function read(content: string | Buffer, over: Partial<MappingSpec> = {}, batchSize = 2): Promise<{ header: string[]; rows: string[][]; batches: number }> {
  const path = join(dir, `case-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, content);
  const { header, batches } = await readDelivery(path, 'csv', spec(over), batchSize);
  const rows: string[][] = [];
  let count = 0;
  for await (const batch of batches) {
    assert.ok(batch.length > 0 && batch.length <= batchSize, 'batches are never empty nor larger than asked');
    rows.push(...batch);
    count++;
  }
  return { header, rows, batches: count };
}

test('CSV shapes read as the sender meant them', async () => {
  const cases: Array<[string, string | Buffer, string[][], Partial<MappingSpec>?]> = [
    ['plain', 'a,b\n1,2\n3,4\n', [['a', 'b'], ['1', '2'], ['3', '4']]],
    ['no final line break', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['Windows line breaks and a byte-order mark', '\uFEFFa,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['old Mac line breaks', 'a,b\r1,2\r', [['a', 'b'], ['1', '2']]],
    ['quoted delimiter and doubled quotes', 'a,b\n"Flat 2, Mill Lane","he said ""hi"""\n', [['a', 'b'], ['Flat 2, Mill Lane', 'he said "hi"']]],
    ['line break inside quotes', 'a,b\n"line 1\nline 2",2\n', [['a', 'b'], ['line 1\nline 2', '2']]],
    ['rows shorter and longer than the header', 'a,b,c\n1,2\n1,2,3,4\n', [['a', 'b', 'c'], ['1', '2'], ['1', '2', '3', '4']]],
    ['blank lines and lines of empty values are skipped', 'a,b\n\n1,2\n,\n \n3,4\n', [['a', 'b'], ['1', '2'], ['3', '4']]],
    ['a stray quote inside a value is kept', 'a,b\n12" screen,2\n', [['a', 'b'], ['12" screen', '2']]],
    ['semicolon-delimited', 'a;b\n1,5;2\n', [['a', 'b'], ['1,5', '2']], { delimiter: ';' }],
    ['Windows-1252 text', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x5a, 0x6f, 0xeb, 0x2c, 0x80, 0x0a]), [['a', 'b'], ['Zoë', '€']], { encoding: 'windows-1252' }],
  ];
  for (const [name, content, expected, over] of cases) {
    const { header, rows } = await read(content, over);
    assert.deepEqual([header, ...rows], expected, name);
  }
});

test('values that straddle the reader’s chunks arrive whole, in order, in batches of the size asked', async () => {
  // About 3 MB: quoted values with commas, quotes and line breaks cross each 1 MB chunk boundary.
  const n = 20_000;
  let content = 'id,note,tail\r\n';
  for (let i = 0; i < n; i++) content += `${i},"note ${i}, with ""quotes""\r\nand a second line ${'x'.repeat(i % 97)}",end\r\n`;
  const { header, rows, batches } = await read(content, {}, 5000);
  assert.deepEqual(header, ['id', 'note', 'tail']);
  assert.equal(rows.length, n);
  assert.equal(batches, 4);
  rows.forEach((row, i) => assert.deepEqual(row, [String(i), `note ${i}, with "quotes"\r\nand a second line ${'x'.repeat(i % 97)}`, 'end'], `row ${i}`));
});

test('a quoted value that is never closed is refused with the row it starts in', async () => {
  await assert.rejects(read('a,b\n1,2\n"open,2\n3,4\n'), (e: unknown) => e instanceof DeliveryError && e.problem === 'unreadable' && /quoted value in row 3 is never closed/.test(e.message));
  // Unclosed early in a large file: refused once the row passes 1 MB, not after reading the whole file into one value.
  const big = 'a,b\n1,"never closed\n' + 'filler,row\n'.repeat(200_000);
  await assert.rejects(read(big), (e: unknown) => e instanceof DeliveryError && e.problem === 'unreadable' && /row 2 is longer than 1 MB/.test(e.message));
});

test('a file of nothing but blank lines is refused as having no rows', async () => {
  for (const content of ['\n\n', ',,\n , \n', '\uFEFF\r\n'])
    await assert.rejects(read(content), (e: unknown) => e instanceof DeliveryError && e.problem === 'no_rows', JSON.stringify(content));
});
