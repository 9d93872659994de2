// The hearth synth verb's argument handling: help exits 0, bad arguments exit 2 with one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import synth from '../cli/synth.ts';

void test('hearth synth arguments', async (t) => {
  const errors: string[] = [];
  const logs: string[] = [];
  t.mock.method(console, 'error', (s: string) => { errors.push(s); });
  t.mock.method(console, 'log', (s: string) => { logs.push(s); });
  assert.equal(await synth(['--help']), 0);
  assert.match(logs.join('\n'), /Usage: hearth synth --people N/);
  const bad: [string[], RegExp][] = [
    [['--seed', 's', '--out', 'x'], /--people is required/],
    [['--people', '-3', '--seed', 's', '--out', 'x'], /--people/],
    [['--people', '10', '--out', 'x'], /--seed is required/],
    [['--people', '10', '--seed', 's'], /--out is required/],
    [['--people', '10', '--seed', 's', '--out', 'x', '--error-rate', 'lots'], /--error-rate/],
    [['--people', '10', '--seed', 's', '--out', 'x', '--from', '2024-02-30'], /--from/],
    [['--people', '10', '--seed', 's', '--out', 'x', '--nope'], /Unknown option/],
  ];
  for (const [argv, re] of bad) {
    errors.length = 0;
    assert.equal(await synth(argv), 2, argv.join(' '));
    assert.equal(errors.length, 1);
    assert.match(errors[0] as string, re);
    assert.ok(!(errors[0] as string).includes('\n'));
  }
});
