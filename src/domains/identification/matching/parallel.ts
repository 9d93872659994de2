// Scoring on worker threads: the blocks are cut into chunks dealt round-robin to the workers.
import { Worker } from 'node:worker_threads';
import type { ScoreJob } from './link.ts';
import type { ScoredPairs } from './cluster.ts';
import type { WorkerInput } from './score.worker.ts';

const CHUNK = 2000;

export async function scoreInWorkers(job: ScoreJob, workers: number, onProgress?: (done: number, total: number) => void): Promise<ScoredPairs & { compared: number }> {
  const tasks: [number, number, number][][] = Array.from({ length: workers }, () => []);
  let k = 0;
  job.blocks.forEach((b, r) => {
    for (let x = 0; x < b.count; x += CHUNK) tasks[k++ % workers]!.push([r, x, Math.min(b.count, x + CHUNK)]);
  });
  const blocks = job.blocks.map((b) => ({ keyOf: b.keyOf, members: b.members, start: b.start, count: b.count, oversized: b.oversized }));
  const { params, prior, table, uExact } = job.weights;
  const done = new Array<number>(workers).fill(0);
  const results = await Promise.all(tasks.map((t, w) => new Promise<{ i: Int32Array; j: Int32Array; weight: Float32Array; count: number; compared: number }>((resolve, reject) => {
    const data: WorkerInput = { encoded: job.encoded, blocks, weights: { params, prior, table, uExact }, filter: job.filter, minWeight: job.minWeight, tasks: t };
    const worker = new Worker(new URL('./score.worker.ts', import.meta.url), { workerData: data });
    worker.on('message', (m: { progress?: number; count?: number }) => {
      if (m.progress !== undefined) {
        done[w] = m.progress;
        onProgress?.(done.reduce((a, b) => a + b, 0), k);
        return;
      }
      resolve(m as { i: Int32Array; j: Int32Array; weight: Float32Array; count: number; compared: number });
    });
    worker.on('error', reject);
    worker.on('exit', (code) => { if (code !== 0) reject(new Error(`scoring worker stopped with exit code ${code}`)); });
  })));
  const count = results.reduce((a, r) => a + r.count, 0);
  const i = new Int32Array(count);
  const j = new Int32Array(count);
  const weight = new Float32Array(count);
  let at = 0;
  let compared = 0;
  for (const r of results) {
    i.set(r.i, at); j.set(r.j, at); weight.set(r.weight, at);
    at += r.count;
    compared += r.compared;
  }
  return { i, j, weight, count, compared };
}
