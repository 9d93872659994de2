import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationDates, needOutcome, type Observation } from './progress.ts';

const obs = (on: string, present: boolean | null, ids: string[] = []): Observation => ({ on, present, evidenceEventIds: ids });

void describe('an outcome from observations of the same rule', () => {
  const cases: Array<[string, Observation[], string, string | null, string | null, number | null]> = [
    // name, observations, as of, first met, met since, sustained days
    ['still present', [obs('2023-01-10', true, ['e1']), obs('2023-02-01', true), obs('2023-03-01', true)], '2023-03-15', null, null, null],
    ['met and sustained', [obs('2023-01-10', true), obs('2023-02-01', true), obs('2023-03-01', false), obs('2023-04-01', false)], '2023-04-10', '2023-03-01', '2023-03-01', 40],
    ['a relapse resets sustained since, not first met', [obs('2023-01-10', true), obs('2023-02-01', false), obs('2023-03-01', true), obs('2023-04-01', false)], '2023-05-01', '2023-02-01', '2023-04-01', 30],
    ['met then present again now', [obs('2023-01-10', true), obs('2023-02-01', false), obs('2023-03-01', true)], '2023-03-01', '2023-02-01', null, null],
  ];
  for (const [name, observations, asOf, firstMet, metSince, days] of cases) {
    void test(name, () => {
      const o = needOutcome(observations, asOf);
      assert.equal(o.firstMetOn, firstMet);
      assert.equal(o.metSince, metSince);
      assert.equal(o.sustainedDays, days);
      assert.equal(o.source, 'rule');
    });
  }

  void test('segments are contiguous and carry evidence', () => {
    const o = needOutcome([obs('2023-01-10', true, ['e1']), obs('2023-02-01', true, ['e2']), obs('2023-03-01', false), obs('2023-04-01', false)], '2023-04-30');
    assert.deepEqual(o.segments, [
      { from: '2023-01-10', to: '2023-02-28', met: false, evidenceEventIds: ['e1', 'e2'] },
      { from: '2023-03-01', to: '2023-04-30', met: true, evidenceEventIds: [] },
    ]);
    assert.deepEqual(o.baseline?.evidenceEventIds, ['e1']);
  });

  void test('a recorded need with no rule takes casework: a need closed as met at review', () => {
    const o = needOutcome([obs('2023-01-10', null), obs('2023-02-01', null)], '2023-06-01', { metOn: '2023-03-15' });
    assert.equal(o.source, 'casework');
    assert.equal(o.metSince, '2023-03-15');
  });

  void test('casework does not override a rule that can tell', () => {
    const o = needOutcome([obs('2023-01-10', true)], '2023-06-01', { metOn: '2023-03-15' });
    assert.equal(o.metSince, null);
  });
});

void test('evaluation dates: attachment, the first of each month, extra dates, the end', () => {
  assert.deepEqual(evaluationDates('2023-11-20', '2024-02-10', ['2024-01-15', '2025-01-01']), ['2023-11-20', '2023-12-01', '2024-01-01', '2024-01-15', '2024-02-01', '2024-02-10']);
});
