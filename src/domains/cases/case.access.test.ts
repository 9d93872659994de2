import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, viewerFor, type Decision, type SharedItem, type SharingContext, type Viewer } from './case.access.ts';

const holder: Viewer = { kind: 'case_holder' };
const data: Viewer = { kind: 'data' };
const school: Viewer = { kind: 'partner', agency: 'Riverside Primary School', seesSpecialCategory: false };
const health: Viewer = { kind: 'partner', agency: 'Health visiting', seesSpecialCategory: true };
const ctx: SharingContext = { consented: new Set(['mum', 'kid']), adults: ['mum'], sharedAreas: new Set(['members', 'contacts', 'plan', 'meetings', 'assessment', 'reviews']) };
const twoAdults: SharingContext = { ...ctx, adults: ['mum', 'dad'] };

const item = (over: Partial<SharedItem> = {}): SharedItem => ({ area: 'contacts', personIds: ['kid'], specialCategory: false, ...over });

const cases: Array<[string, Viewer, SharedItem, SharingContext, Decision]> = [
  ['case holder sees special category', holder, item({ specialCategory: true }), ctx, 'show'],
  ['case holder sees internal areas', holder, item({ area: 'budget' }), ctx, 'show'],
  ['case holder needs no consent', holder, item({ personIds: ['dad'] }), ctx, 'show'],
  ['data manager sees ordinary items', data, item(), ctx, 'show'],
  ['data manager does not see special category', data, item({ specialCategory: true }), ctx, 'hide_special'],
  ['partner sees a consented person\'s contact', school, item(), ctx, 'show'],
  ['partner does not see an unconsented person', school, item({ personIds: ['dad'] }), ctx, 'hide_consent'],
  ['partner needs everyone on the item', school, item({ personIds: ['kid', 'dad'] }), ctx, 'hide_consent'],
  ['whole-family item with every adult consenting', school, item({ area: 'plan', personIds: [] }), ctx, 'show'],
  ['whole-family item with one adult not consenting', school, item({ area: 'plan', personIds: [] }), twoAdults, 'hide_consent'],
  ['whole-family item in a family with no adults', school, item({ area: 'plan', personIds: [] }), { ...ctx, adults: [] }, 'hide_consent'],
  ['special category hidden from a school', school, item({ specialCategory: true }), ctx, 'hide_special'],
  ['special category shown to health with a need to see', health, item({ specialCategory: true }), ctx, 'show'],
  ['budget is internal', health, item({ area: 'budget' }), ctx, 'hide_agreement'],
  ['supervision is internal', school, item({ area: 'supervision' }), ctx, 'hide_agreement'],
  ['an area the agreement does not open', school, item({ area: 'events' }), ctx, 'hide_agreement'],
  ['agreement checked before special category', school, item({ area: 'closure', specialCategory: true }), ctx, 'hide_agreement'],
];

for (const [name, viewer, it, c, expected] of cases) {
  void test(`sharing: ${name}`, () => assert.equal(decide(viewer, it, c), expected));
}

void test('viewers by role', () => {
  assert.deepEqual(viewerFor('keyworker', null, null), { kind: 'case_holder' });
  assert.deepEqual(viewerFor('team_manager', null, null), { kind: 'case_holder' });
  assert.deepEqual(viewerFor('data_manager', null, null), { kind: 'data' });
  assert.equal(viewerFor('partner', null, 'School'), null);
  assert.equal(viewerFor('administrator', null, null), null);
  assert.deepEqual(viewerFor('partner', { agency: 'School', sees_special_category: false }, 'Other'), { kind: 'partner', agency: 'School', seesSpecialCategory: false });
  assert.deepEqual(viewerFor('partner', { agency: '', sees_special_category: true }, 'Org'), { kind: 'partner', agency: 'Org', seesSpecialCategory: true });
});
