// A family's progress (needs at attachment, their evidence, outcomes) must not depend on the order
// the database happened to return its rows in: the same data, shuffled, gives the same result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentProgress, type FamilyRows } from './claim-inputs.ts';
import { FrameworkAtDate } from './need-source.ts';
import { shippedFramework } from '../frameworks/seed/index.ts';
import type { CaseRow, EventRow, MemberRow } from './outcome.repository.ts';

const family = 'f0000000-0000-4000-8000-000000000001';
const mum = 'a0000000-0000-4000-8000-000000000001';
const son = 'a0000000-0000-4000-8000-000000000002';
const member = (person_id: string, role: string, date_of_birth: string, from_date = '2015-01-01'): MemberRow => ({ family_unit_id: family, person_id, role, from_date, to_date: null, date_of_birth, given_name: 'G', family_name: 'F' });
const event = (n: number, type: string, person: string, occurred_on: string, ended_on: string | null, attributes: Record<string, unknown>): EventRow =>
  ({ id: `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, occurred_on, ended_on, person_id: person, family_unit_id: null, attributes }) as EventRow;

const rows: FamilyRows = {
  members: [member(mum, 'parent', '1985-03-01'), member(son, 'child', '2012-05-01'), member(son, 'child', '2012-05-01', '2020-01-01')],
  events: [
    // Two incidents on the same day and terms of attendance that improve: ties and order both matter.
    event(1, 'police.domestic_abuse_incident', mum, '2023-06-01', null, { role: 'victim', risk: 'medium' }),
    event(2, 'police.domestic_abuse_incident', mum, '2023-06-01', null, { role: 'victim', risk: 'high' }),
    event(3, 'school.attendance', son, '2022-09-01', '2022-12-20', { sessions_possible: 120, sessions_missed: 30 }),
    event(4, 'school.attendance', son, '2023-01-04', '2023-03-31', { sessions_possible: 120, sessions_missed: 25 }),
    event(5, 'school.attendance', son, '2023-04-17', '2023-07-21', { sessions_possible: 120, sessions_missed: 20 }),
    event(6, 'school.attendance', son, '2023-09-04', '2023-12-20', { sessions_possible: 120, sessions_missed: 2 }),
    event(7, 'school.attendance', son, '2024-01-04', '2024-03-28', { sessions_possible: 120, sessions_missed: 1 }),
    event(8, 'dwp.out_of_work_benefit', mum, '2022-03-01', '2024-02-01', { benefit: 'Universal Credit' }),
  ],
  assessmentNeeds: [],
};
const supportCase: CaseRow = { id: 'c0000000-0000-4000-8000-000000000001', reference: 'BC-1', family_unit_id: family, status: 'closed', opened_on: '2023-08-01', closed_on: '2024-02-01' };

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

test('attachment progress is the same whatever order the rows arrive in', () => {
  const fw = new FrameworkAtDate(shippedFramework('sf2022')!);
  const expected = attachmentProgress(fw, rows, supportCase, '2025-06-01', 'claim', { months: 6, from: 'closure' });
  assert.ok(expected.needs.length > 0, 'the fixture family has needs');
  for (const seed of [1, 7, 42, 99, 2026]) {
    const again = attachmentProgress(fw, { members: shuffled(rows.members, seed), events: shuffled(rows.events, seed + 1), assessmentNeeds: [] }, supportCase, '2025-06-01', 'claim', { months: 6, from: 'closure' });
    assert.deepEqual(again, expected, `seed ${seed}`);
  }
});
