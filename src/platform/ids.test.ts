import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid, orderedUuid, orderedUuidBytes, uuidText } from './ids.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('orderedUuid gives version 7 UUIDs whose time part is the clock', () => {
  const cases = [
    { ms: Date.UTC(2026, 10, 23, 12, 0, 0), prefix: Date.UTC(2026, 10, 23, 12, 0, 0).toString(16).padStart(12, '0') },
    { ms: Date.UTC(2030, 0, 1), prefix: Date.UTC(2030, 0, 1).toString(16).padStart(12, '0') },
  ];
  for (const { ms, prefix } of cases) {
    const id = orderedUuid(ms);
    assert.match(id, V7);
    assert.equal(id.replaceAll('-', '').slice(0, 12), prefix);
  }
});

test('orderedUuid sorts in the order made, even many in one millisecond or a clock that steps back', () => {
  const start = Date.UTC(2031, 0, 1);
  const ids: string[] = [];
  for (let i = 0; i < 10_000; i++) ids.push(orderedUuid(start + (i === 5000 ? -10 : 0))); // 10,000 in "one" ms, one step back
  for (let i = 0; i < 1000; i++) ids.push(orderedUuid(start + 100 + Math.floor(i / 10)));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, V7);
});

test('isUuid accepts UUIDs of any version and case, and nothing else', () => {
  const cases: Array<[string, boolean]> = [
    ['0192f5b3-1c2d-7abc-8def-0123456789ab', true],
    ['D4E5F6A7-B8C9-4D0E-9F1A-2B3C4D5E6F70', true],
    [orderedUuid(), true],
    ['', false],
    ['new', false],
    ['0192f5b3-1c2d-7abc-8def-0123456789a', false],
    ['0192f5b3-1c2d-7abc-8def-0123456789abc', false],
    ["0192f5b3-1c2d-7abc-8def-0123456789ab' or 1=1", false],
    ['0192f5b31c2d7abc8def0123456789ab', false],
  ];
  for (const [value, expected] of cases) assert.equal(isUuid(value), expected, value);
});

test('orderedUuidBytes gives the same ids as bytes: version 7, the clock, and in order with orderedUuid', () => {
  const ms = Date.UTC(2032, 5, 30, 23, 59, 59, 999);
  const bytes = orderedUuidBytes(new Uint8Array(16), ms);
  const id = uuidText(bytes);
  assert.match(id, V7);
  assert.equal(id.replaceAll('-', '').slice(0, 12), ms.toString(16).padStart(12, '0'));
  const mixed: string[] = [];
  for (let i = 0; i < 6000; i++) mixed.push(i % 2 ? orderedUuid(ms + 1) : uuidText(orderedUuidBytes(undefined, ms + 1)));
  assert.deepEqual([...mixed].sort(), mixed);
  assert.equal(new Set(mixed).size, mixed.length);
  assert.equal(uuidText(Uint8Array.from({ length: 16 }, (_, k) => k * 17)), '00112233-4455-6677-8899-aabbccddeeff');
});
