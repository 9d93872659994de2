import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseloadStatus, type CaseloadStatus } from './caseload.ts';

const cases: Array<[number, number, number, CaseloadStatus]> = [
  [0, 5, 10, 'below'],
  [4, 5, 10, 'below'],
  [5, 5, 10, 'within'],
  [9, 5, 10, 'within'],
  [10, 5, 10, 'at_limit'],
  [11, 5, 10, 'over'],
  [12, 12, 15, 'within'],
  [16, 12, 15, 'over'],
  [0, 0, 0, 'at_limit'],
];
for (const [open, min, max, expected] of cases) {
  void test(`${open} open cases against ${min}–${max} is ${expected}`, () => {
    assert.equal(caseloadStatus(open, min, max), expected);
  });
}
