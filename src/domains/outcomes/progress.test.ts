import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { needOutcome, statusOn, timeline, type MeasureRule, type SubjectEvent } from './progress.ts';

const asb: MeasureRule = { kind: 'no_events_in_window', eventTypes: ['police.asb_incident'], windowMonths: 6 };
const attendance: MeasureRule = { kind: 'rate_at_least', eventType: 'school.attendance', possible: 'sessions_possible', missed: 'sessions_missed', threshold: 0.9 };
const benefit: MeasureRule = { kind: 'no_open_spell', eventTypes: ['dwp.out_of_work_benefit'] };

const ev = (id: string, type: string, occurredOn: string, endedOn: string | null = null, attributes: Record<string, unknown> = {}): SubjectEvent => ({ id, type, occurredOn, endedOn, attributes });
const term = (id: string, start: string, end: string, missed: number) => ev(id, 'school.attendance', start, end, { sessions_possible: 100, sessions_missed: missed });

void describe('status on a date', () => {
  const cases: Array<[string, MeasureRule, SubjectEvent[], string, boolean | null, number | null]> = [
    ['no ASB incident in six months', asb, [ev('a', 'police.asb_incident', '2023-01-01')], '2023-07-02', true, 0],
    ['an ASB incident inside the window', asb, [ev('a', 'police.asb_incident', '2023-01-01')], '2023-06-30', false, 1],
    ['other event types are ignored', asb, [ev('a', 'police.offence', '2023-06-01')], '2023-06-30', true, 0],
    ['attendance 92% meets 90%', attendance, [term('t', '2023-01-04', '2023-03-31', 8)], '2023-04-01', true, 0.92],
    ['attendance 85% does not', attendance, [term('t', '2023-01-04', '2023-03-31', 15)], '2023-04-01', false, 0.85],
    ['a term not yet ended is not known', attendance, [term('t', '2023-01-04', '2023-03-31', 15)], '2023-03-01', null, null],
    ['the latest term counts', attendance, [term('t1', '2023-01-04', '2023-03-31', 15), term('t2', '2023-04-17', '2023-07-21', 5)], '2023-08-01', true, 0.95],
    ['an open benefit spell', benefit, [ev('b', 'dwp.out_of_work_benefit', '2022-01-01')], '2023-01-01', false, 1],
    ['a spell that ended', benefit, [ev('b', 'dwp.out_of_work_benefit', '2022-01-01', '2022-12-31')], '2023-01-01', true, 0],
  ];
  for (const [name, rule, events, on, met, value] of cases) {
    void test(name, () => {
      const s = statusOn(rule, events, on);
      assert.equal(s.met, met);
      assert.equal(s.value, value);
    });
  }
});

void describe('outcomes over time', () => {
  void test('ASB: identified at attachment, met six months after the last incident, sustained since', () => {
    const events = [ev('a1', 'police.asb_incident', '2023-01-05'), ev('a2', 'police.asb_incident', '2023-02-10')];
    const o = needOutcome(asb, events, '2023-03-01', '2024-01-01');
    assert.equal(o.baseline.met, false);
    assert.deepEqual(o.baseline.evidenceEventIds, ['a1', 'a2']);
    assert.equal(o.firstMetOn, '2023-08-10');
    assert.equal(o.metSince, '2023-08-10');
    assert.equal(o.sustainedDays, 144);
  });

  void test('a relapse resets "sustained since" but not "first met"', () => {
    const events = [ev('a1', 'police.asb_incident', '2023-01-05'), ev('a2', 'police.asb_incident', '2023-09-01')];
    const o = needOutcome(asb, events, '2023-03-01', '2024-06-01');
    assert.equal(o.firstMetOn, '2023-07-05');
    assert.equal(o.metSince, '2024-03-01');
    assert.deepEqual(o.segments.map((s) => [s.from, s.met]), [
      ['2023-03-01', false],
      ['2023-07-05', true],
      ['2023-09-01', false],
      ['2024-03-01', true],
    ]);
  });

  void test('attendance back above the threshold', () => {
    const events = [term('t1', '2023-01-04', '2023-03-31', 20), term('t2', '2023-04-17', '2023-07-21', 12), term('t3', '2023-09-04', '2023-12-20', 6)];
    const o = needOutcome(attendance, events, '2023-04-10', '2024-01-10');
    assert.equal(o.baseline.value, 0.8);
    assert.equal(o.latest.value, 0.94);
    assert.equal(o.firstMetOn, '2023-12-20');
    assert.equal(o.metSince, '2023-12-20');
  });

  void test('not met now: no sustained date', () => {
    const o = needOutcome(benefit, [ev('b', 'dwp.out_of_work_benefit', '2022-01-01')], '2023-01-01', '2023-06-01');
    assert.equal(o.metSince, null);
    assert.equal(o.firstMetOn, null);
    assert.equal(o.sustainedDays, null);
  });

  void test('casework (a goal met) counts where events cannot tell', () => {
    const o = needOutcome(attendance, [], '2023-01-01', '2023-06-01', ['2023-03-01']);
    assert.equal(o.firstMetOn, '2023-03-01');
    assert.equal(o.metSince, '2023-03-01');
  });

  void test('timeline segments are contiguous', () => {
    const segments = timeline(benefit, [ev('b', 'dwp.out_of_work_benefit', '2023-02-01', '2023-05-01')], '2023-01-01', '2023-12-31');
    assert.deepEqual(segments.map((s) => [s.from, s.to, s.met]), [
      ['2023-01-01', '2023-01-31', true],
      ['2023-02-01', '2023-04-30', false],
      ['2023-05-01', '2023-12-31', true],
    ]);
  });
});
