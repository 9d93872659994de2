import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areNicknames, nicknameKey } from './nicknames.ts';

void test('areNicknames', () => {
  const cases: [string, string, boolean][] = [
    ['bill', 'william', true],
    ['peggy', 'margaret', true],
    ['alex', 'alexandra', true],
    ['alex', 'alexander', true],
    ['william', 'william', false], // exact agreement is its own level
    ['john', 'mary', false],
    ['zzz', 'william', false],
  ];
  for (const [a, b, want] of cases) assert.equal(areNicknames(a, b), want, `${a} ${b}`);
});

void test('nicknameKey is shared inside a group and -1 outside', () => {
  assert.equal(nicknameKey('bill'), nicknameKey('william'));
  assert.equal(nicknameKey('qwerty'), -1);
});
