import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChronology, type ChronologyEntry } from './chronology.ts';
import type { SharingContext, Viewer } from './case.access.ts';

const e = (over: Partial<ChronologyEntry>): ChronologyEntry => ({
  on: '2026-11-01', at: '2026-11-01T10:00:00.000Z', kind: 'contact', area: 'contacts', title: 'Home visit', detail: null, by: 'Kim', personIds: ['mum'], specialCategory: false, caseReference: 'CASE-1', ...over,
});
const entries = [
  e({ title: 'a', on: '2026-10-01' }),
  e({ title: 'b', on: '2026-11-05', kind: 'review', area: 'reviews', personIds: [] }),
  e({ title: 'c', on: '2026-11-05', at: '2026-11-05T15:00:00.000Z', specialCategory: true }),
  e({ title: 'd', on: '2026-11-10', kind: 'budget', area: 'budget', personIds: [] }),
  e({ title: 'e', on: '2026-11-12', personIds: ['dad'] }),
];
const holder: Viewer = { kind: 'case_holder' };
const partner: Viewer = { kind: 'partner', agency: 'School', seesSpecialCategory: false };
const sharing: SharingContext = { consented: new Set(['mum']), adults: ['mum'], sharedAreas: new Set(['contacts', 'reviews']) };
const titles = (r: { entries: ChronologyEntry[] }) => r.entries.map((x) => x.title).join('');

const cases: Array<[string, Viewer, Parameters<typeof buildChronology>[3], string, number]> = [
  ['case holder sees all, newest first, later time first on the same day', holder, {}, 'edcba', 0],
  ['partner: no budget, no special category, only consented people', partner, {}, 'ba', 3],
  ['filter by kind', holder, { kinds: ['review', 'budget'] }, 'db', 0],
  ['filter by dates', holder, { from: '2026-11-05', to: '2026-11-10' }, 'dcb', 0],
  ['filter by person keeps whole-family entries', holder, { personId: 'dad' }, 'edb', 0],
];
for (const [name, viewer, filter, expected, withheld] of cases) {
  void test(`chronology: ${name}`, () => {
    const r = buildChronology(entries, viewer, sharing, filter);
    assert.equal(titles(r), expected);
    assert.equal(r.withheld, withheld);
  });
}
