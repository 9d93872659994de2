// Worker thread for scoring: receives the encoded records, blocks, weights and a list of
// (rule, first block, end block) tasks; returns the kept pairs as transferable typed arrays.
import { parentPort, workerData } from 'node:worker_threads';
import type { Blocks } from './blocking.ts';
import type { EncodedRecords } from './encode.ts';
import { buildTfTables } from './model.ts';
import type { Weights } from './model.ts';
import { PairBuffer, Scorer, scoreBlocks } from './score.ts';
import type { PairFilter } from './score.ts';

export interface WorkerInput {
  encoded: EncodedRecords;
  blocks: Omit<Blocks, 'rule'>[];
  weights: Weights;
  filter: PairFilter;
  minWeight: number;
  tasks: [number, number, number][];
}

const input = workerData as WorkerInput;
const blocks = input.blocks as Blocks[];
const scorer = new Scorer(input.encoded, input.weights, buildTfTables(input.weights, input.encoded));
const out = new PairBuffer();
let compared = 0;
let done = 0;
for (const [r, from, to] of input.tasks) {
  compared += scoreBlocks(scorer, blocks, r, from, to, input.filter, input.minWeight, out);
  done++;
  if (done % 16 === 0) parentPort!.postMessage({ progress: done });
}
const i = out.i.slice(0, out.count);
const j = out.j.slice(0, out.count);
const weight = out.weight.slice(0, out.count);
parentPort!.postMessage({ i, j, weight, count: out.count, compared }, [i.buffer, j.buffer, weight.buffer]);
