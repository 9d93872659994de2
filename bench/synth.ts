// Benchmark for hearth synth: generates the demo county and a 1,000,000-person county in a child
// process each and prints wall-clock seconds and peak resident memory (target: 1M in < 120 s, < 2 GB).
// Usage: node bench/synth.ts [people ...]   (default: 2000 1000000)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(2000, 1_000_000);
const haveTime = existsSync('/usr/bin/time');

interface Result { seconds: number; peakMb: number; out: string }

function run(people: number): Promise<Result> {
  const out = mkdtempSync(join(tmpdir(), 'hearth-synth-bench-'));
  const args = [cli, 'synth', '--people', String(people), '--seed', 'bench', '--out', out, '--quiet'];
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const argv = haveTime ? ['-v', process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    let peakKb = 0;
    // without GNU time, sample the child's RSS from /proc
    const timer = haveTime ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* exited */ }
    }, 100);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) { reject(new Error(`synth exited ${code}: ${stderr}`)); return; }
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (m) peakKb = Number(m[1]);
      resolve({ seconds, peakMb: peakKb / 1024, out: stdout.trim() });
    });
  }).finally(() => rmSync(out, { recursive: true, force: true })) as Promise<Result>;
}

for (const people of sizes) {
  const r = await run(people);
  console.log(`synth ${people} people: ${r.seconds.toFixed(1)} s, peak ${Math.round(r.peakMb)} MB`);
  console.log(`  ${r.out}`);
  if (people >= 1_000_000) console.log(`  target < 120 s and < 2048 MB: ${r.seconds < 120 && r.peakMb < 2048 ? 'met' : 'NOT met'}`);
}
