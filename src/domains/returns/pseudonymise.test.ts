import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { generateKey, keyFingerprint, pseudonym } from './pseudonymise.ts';

const key = Buffer.alloc(32, 7).toString('base64');

const cases: Array<[string, () => void]> = [
  ['is HMAC-SHA256 of kind:id under the council key', () => assert.equal(pseudonym(key, 'person', 'p1'), createHmac('sha256', Buffer.alloc(32, 7)).update('person:p1').digest('hex'))],
  ['is stable for the same key', () => assert.equal(pseudonym(key, 'person', 'p1'), pseudonym(key, 'person', 'p1'))],
  ['differs between councils (keys)', () => assert.notEqual(pseudonym(key, 'person', 'p1'), pseudonym(generateKey(), 'person', 'p1'))],
  ['differs between a person and a family with the same id', () => assert.notEqual(pseudonym(key, 'person', 'x'), pseudonym(key, 'family', 'x'))],
  ['never contains the id', () => assert.doesNotMatch(pseudonym(key, 'person', 'abc'), /abc/)],
  ['refuses to run without a key', () => assert.throws(() => pseudonym('', 'person', 'p1'))],
  ['the fingerprint is short and is not the key', () => {
    assert.equal(keyFingerprint(key).length, 12);
    assert.ok(!key.includes(keyFingerprint(key)));
  }],
  ['a generated key is 32 random bytes', () => assert.equal(Buffer.from(generateKey(), 'base64').length, 32)],
];
for (const [name, check] of cases) void test(name, check);
