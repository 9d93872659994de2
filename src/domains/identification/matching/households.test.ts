import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rec } from './fixtures.ts';
import { encodeRecords } from './encode.ts';
import { buildHouseholds } from './households.ts';

void test('buildHouseholds: table of cases', () => {
  const cases: { name: string; records: Parameters<typeof rec>[0][]; personOf: number[]; rel?: [number, number][]; max?: number; want: number[] }[] = [
    {
      name: 'people at one address form a household; others apart',
      records: [{ address: '1 A St', postcode: 'LS1 1AA' }, { address: '1 A Street', postcode: 'LS1 1AA' }, { address: '2 B St', postcode: 'LS1 1AA' }],
      personOf: [0, 1, 2], want: [0, 0, 1],
    },
    {
      name: 'a UPRN groups people even when the address is written differently',
      records: [{ uprn: '100', address: 'Flat 1' }, { uprn: '100', address: '1 The Flats' }],
      personOf: [0, 1], want: [0, 0],
    },
    {
      name: 'a person goes with the address they are most often recorded at',
      records: [{ address: '1 A St' }, { address: '1 A St' }, { address: '9 Z St' }, { address: '9 Z St' }],
      personOf: [0, 0, 0, 1], want: [0, 1],
    },
    {
      name: 'a communal address groups no one',
      records: [{ address: 'Care Home' }, { address: 'Care Home' }, { address: 'Care Home' }],
      personOf: [0, 1, 2], max: 2, want: [0, 1, 2],
    },
    {
      name: 'relationships stated by a source join households',
      records: [{ address: '1 A St' }, { address: '2 B St' }],
      personOf: [0, 1], rel: [[0, 1]], want: [0, 0],
    },
  ];
  for (const c of cases) {
    const e = encodeRecords(c.records.map((r) => rec(r)));
    const persons = Math.max(...c.personOf) + 1;
    const h = buildHouseholds(e, Int32Array.from(c.personOf), persons, (c.rel ?? []).map(([a, b]) => ({ a, b })), { maxHouseholdSize: c.max ?? 12 });
    assert.deepEqual([...h.householdOfPerson], c.want, c.name);
  }
});
