// Runs every suite with Node's test runner and ends with one plain line: "N passed, N failed".
// Suites: unit and integration tests beside the code (src/**/*.test.ts, test/**/*.test.ts),
// then browser tests (test/e2e/**/*.e2e.ts), which need Chromium.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { glob } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const filters = process.argv.slice(2);

async function files(patterns: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of patterns) {
    for await (const file of glob(pattern, { exclude: (f) => f.includes('node_modules') })) found.push(file);
  }
  return found.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
}

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => Boolean(c) && existsSync(c as string));
}

interface Totals { passed: number; failed: number; skipped: number }

async function runSuite(name: string, testFiles: string[], concurrency: number, totals: Totals): Promise<void> {
  if (testFiles.length === 0) return;
  console.log(`\n# ${name}: ${testFiles.length} files`);
  const stream = run({ files: testFiles, concurrency, timeout: 10 * 60_000 });
  stream.on('test:pass', (e) => {
    if (e.details.type === 'suite') return;
    if (e.skip || e.todo) totals.skipped++;
    else totals.passed++;
  });
  stream.on('test:fail', (e) => {
    if (e.details.type === 'suite' && !isFileLevel(e)) return;
    totals.failed++;
  });
  await new Promise<void>((resolve, reject) => {
    stream.compose(spec).pipe(process.stdout, { end: false }).on('error', reject);
    stream.on('end', resolve).on('error', reject);
  });
}

// A file that crashes before declaring tests fails at file level; count it so it cannot pass silently.
function isFileLevel(e: { nesting: number; name: string }): boolean {
  return e.nesting === 0 && /\.(test|e2e)\.ts$/.test(e.name);
}

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const mode = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite (embedded)';
console.log(`Hearth tests on ${mode}`);

await runSuite('unit and integration', await files(['src/**/*.test.ts', 'test/**/*.test.ts']), Math.max(1, availableParallelism()), totals);

const browserFiles = await files(['test/e2e/**/*.e2e.ts']);
if (browserFiles.length > 0) {
  if (findChromium()) {
    await runSuite('browser', browserFiles, 1, totals);
  } else if (process.env.HEARTH_REQUIRE_BROWSER === '1') {
    console.log('\nBrowser tests: no Chromium found (set CHROMIUM_PATH or install Debian chromium) and HEARTH_REQUIRE_BROWSER=1, so this is a failure.');
    totals.failed += browserFiles.length;
  } else {
    console.log(`\nBrowser tests skipped: no Chromium found at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser (${browserFiles.length} files). Install it with: apt-get install chromium`);
    totals.skipped += browserFiles.length;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
