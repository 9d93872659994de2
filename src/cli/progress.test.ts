// The plain progress lines (CI logs, pipes): a line at most every two seconds, with the latest total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProgress } from './progress.ts';

test('plain progress prints done/total, follows a changing total, and says when it is done', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const bar = startProgress('import census', 800, stream);
  bar.update(100);
  bar.update(200); // within two seconds of the last line: not printed
  t.mock.timers.tick(2500);
  bar.setTotal(1000); // the estimate improved
  bar.update(500);
  bar.finish('(1,000 rows)');
  assert.deepEqual(lines, ['import census: 100/800 (12%) \n', 'import census: 500/1000 (50%) \n', 'import census: done (1,000 rows)\n']);
});
