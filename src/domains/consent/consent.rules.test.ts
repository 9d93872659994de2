import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consentState, consentedToShare, type ConsentRecord, type ConsentState } from './consent.rules.ts';

const share = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  person_id: 'mum', purpose: 'share_information', decision: 'given', services: ['Riverside Primary School', 'Health visiting'],
  given_on: '2026-01-10', expires_on: null, withdrawn_on: null, ...over,
});

const cases: Array<[string, ConsentRecord[], string, string | null | undefined, ConsentState]> = [
  ['no record', [], '2026-02-01', 'Riverside Primary School', 'none'],
  ['given and naming the agency', [share()], '2026-02-01', 'Riverside Primary School', 'given'],
  ['agency matched without regard to case or spaces', [share()], '2026-02-01', '  riverside primary  school ', 'given'],
  ['agency not named', [share()], '2026-02-01', 'Police', 'not_named'],
  ['no agency (viewer with none)', [share()], '2026-02-01', null, 'not_named'],
  ['purpose check without agency', [share()], '2026-02-01', undefined, 'given'],
  ['before it was given', [share()], '2026-01-09', 'Riverside Primary School', 'not_yet'],
  ['on the day it was given', [share()], '2026-01-10', 'Riverside Primary School', 'given'],
  ['withdrawn today takes effect today', [share({ withdrawn_on: '2026-02-01' })], '2026-02-01', 'Riverside Primary School', 'withdrawn'],
  ['the day before withdrawal it still held', [share({ withdrawn_on: '2026-02-01' })], '2026-01-31', 'Riverside Primary School', 'given'],
  ['on its expiry date it still holds', [share({ expires_on: '2026-03-01' })], '2026-03-01', 'Riverside Primary School', 'given'],
  ['the day after expiry', [share({ expires_on: '2026-03-01' })], '2026-03-02', 'Riverside Primary School', 'expired'],
  ['refused', [share({ decision: 'refused' })], '2026-02-01', 'Riverside Primary School', 'refused'],
  ['a later refusal replaces an earlier consent', [share(), share({ decision: 'refused', given_on: '2026-01-20' })], '2026-02-01', 'Riverside Primary School', 'refused'],
  ['a later consent replaces an earlier withdrawn one', [share({ withdrawn_on: '2026-01-15' }), share({ given_on: '2026-01-20', services: ['Police'] })], '2026-02-01', 'Police', 'given'],
  ['another person\'s consent does not count', [share({ person_id: 'dad' })], '2026-02-01', 'Riverside Primary School', 'none'],
];

for (const [name, records, on, agency, expected] of cases) {
  void test(`consent state: ${name}`, () => {
    assert.equal(consentState(records, 'mum', 'share_information', on, agency), expected);
  });
}

void test('other purposes ignore the services named', () => {
  assert.equal(consentState([share({ purpose: 'participate', services: [] })], 'mum', 'participate', '2026-02-01', 'Police'), 'given');
});

void test('consentedToShare picks the people covered for one agency', () => {
  const records = [share(), share({ person_id: 'dad', withdrawn_on: '2026-01-30' }), share({ person_id: 'kid', services: ['Police'] })];
  assert.deepEqual([...consentedToShare(records, ['mum', 'dad', 'kid', 'baby'], 'Riverside Primary School', '2026-02-01')], ['mum']);
});
