// Runs delivery-reader.worker.ts for one import and hands its encoded batches to the caller in
// order. A batch's bytes are the caller's until it asks for the next batch; then they go back to the
// worker to be filled again. The worker stays at most two batches ahead; leaving the loop early (an error while
// writing ends a for-await loop, which returns the generator) stops the worker.
import { Worker } from 'node:worker_threads';
import { DeliveryError } from './delivery.ts';
import type { EncodedBatch, ReaderControl, ReaderInput, ReaderMessage } from './delivery-reader.worker.ts';

export type { EncodedBatch };

const READER_HEAP_MB = 192;

/** Yields the delivery's batches. Throws DeliveryError for a file that cannot be read. */
export async function* readEncodedBatches(input: ReaderInput): AsyncGenerator<EncodedBatch> {
  // The reader holds a few batches at a time; a bounded heap makes it collect garbage instead of
  // growing with the file (an import's memory stays flat whatever the delivery's size).
  const worker = new Worker(new URL('./delivery-reader.worker.ts', import.meta.url), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } });
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ReaderMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (error: Error & { code?: string }) => {
    failure =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new DeliveryError('too_large', `Reading this file needed more than the ${READER_HEAP_MB} MB an import may use (an XLSX workbook with very many distinct values can). Save it as CSV and deliver it again.`)
        : error;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the delivery reader stopped with exit code ${code}`);
    notify();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.kind === 'end') return;
      if (m.kind === 'error') throw m.error === 'delivery' ? new DeliveryError(m.problem, m.message) : m.error === 'header' ? new DeliveryError('header', m.message) : new Error(m.message);
      yield m;
      // The caller has written the batch (it asked for the next one): its buffers go back to be filled again.
      const spare = { records: m.records.buffer as ArrayBuffer, quarantine: m.quarantine.buffer as ArrayBuffer };
      worker.postMessage({ kind: 'more', spare } satisfies ReaderControl, Object.values(spare));
    }
  } finally {
    await worker.terminate();
  }
}
