import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rec } from './fixtures.ts';
import { encodeRecords } from './encode.ts';
import { DEFAULT_BLOCKING_RULES, blockPairCount, buildBlocks, seenEarlier } from './blocking.ts';

void test('buildBlocks groups by key, drops singletons and oversized blocks', () => {
  const e = encodeRecords([
    rec({ nhs_number: '9434765919' }), rec({ nhs_number: '9434765919' }), rec({ nhs_number: '4010232137' }),
    rec({ nhs_number: '' }), rec({ nhs_number: '4010232137' }), rec({ nhs_number: '4010232137' }),
  ]);
  const rule = DEFAULT_BLOCKING_RULES.find((r) => r.name === 'nhs_number')!;
  const cases: [number, number, number, number][] = [
    // cap, blocks, pairs, oversized
    [10, 2, 1 + 3, 0],
    [2, 1, 1, 1],
  ];
  for (const [cap, count, pairs, oversized] of cases) {
    const b = buildBlocks(e, rule, cap);
    assert.equal(b.count, count);
    assert.equal(blockPairCount(b), pairs);
    assert.equal(b.oversized, oversized);
    assert.equal(b.keyOf[3], 0);
  }
});

void test('a pair found by an earlier rule is not generated again', () => {
  const e = encodeRecords([
    rec({ given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05', nhs_number: '9434765919' }),
    rec({ given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05', nhs_number: '9434765919' }),
    rec({ given_name: 'Amy', family_name: 'Hall', date_of_birth: '2012-05-05' }),
  ]);
  const all = DEFAULT_BLOCKING_RULES.map((r) => buildBlocks(e, r, 100));
  const familyDob = DEFAULT_BLOCKING_RULES.findIndex((r) => r.name === 'family phonetic + date of birth');
  assert.equal(seenEarlier(all, familyDob, 0, 1), true);
  assert.equal(seenEarlier(all, familyDob, 0, 2), false);
});

void test('swapped names share the order-insensitive name block', () => {
  const e = encodeRecords([rec({ given_name: 'John', family_name: 'Smith' }), rec({ given_name: 'Smith', family_name: 'John' })]);
  const rule = DEFAULT_BLOCKING_RULES.find((r) => r.name === 'names phonetic (either order)')!;
  const b = buildBlocks(e, rule, 10);
  assert.equal(b.count, 1);
});
