// The CPU half of an import, on its own thread: read the delivery, map and validate each row, and
// encode the batch as COPY data for source records (each with its mapped event) and quarantined rows. The main thread
// only writes batches to the database, so it answers PostgreSQL at once and the database never
// waits for parsing (see docs/adr/2026-11-23-import-throughput.md).
import { parentPort, workerData } from 'node:worker_threads';
import { CopyBuffer, JsonObjectRow } from '../../db/copy.ts';
import { addRecordRow, encodeQuarantineRow, recordCopyRows } from './dataset.repository.ts';
import { DeliveryError, readDeliveryRuns } from './delivery.ts';
import { compileMapping, HeaderError, type MappingSpec } from './mapping.ts';
import { rowJsonKeys, rowToJson } from './row-json.ts';
import { orderedUuidBytes } from '../../platform/ids.ts';

export interface ReaderInput {
  path: string;
  format: 'csv' | 'xlsx';
  spec: MappingSpec;
  today: string;
  batchSize: number;
  localAuthorityId: string;
  sourceId: string;
  runId: string;
}

/** One batch, ready to COPY. */
export interface EncodedBatch {
  kind: 'batch';
  /** COPY data (records in binary format, quarantined rows in text), transferred (not copied) to the writing thread. */
  records: Uint8Array;
  quarantine: Uint8Array;
  accepted: number;
  rejected: number;
  /** Data rows read so far, and file bytes read so far. */
  rowsSoFar: number;
  bytesRead: number;
}

export type ReaderMessage =
  | EncodedBatch
  | { kind: 'end' }
  | { kind: 'error'; error: 'delivery'; problem: DeliveryError['problem']; message: string }
  | { kind: 'error'; error: 'header'; missing: string[]; message: string }
  | { kind: 'error'; error: 'other'; message: string };

/**
 * Messages from the main thread: each 'more' lets the reader run one more batch ahead, and hands
 * back the ArrayBuffers of a batch that has been written, for the reader to fill again.
 */
export interface ReaderControl {
  kind: 'more';
  spare: Record<BatchPart, ArrayBuffer>;
}

type BatchPart = 'records' | 'quarantine';

/**
 * ArrayBuffers to write batches into, reused rather than allocated for each batch: allocating
 * megabytes outside the JavaScript heap for every batch made both threads' garbage collectors run
 * full collections to release them. Each part of a batch gets back a buffer of its own size.
 */
class SpareBuffers {
  readonly #spare: Record<BatchPart, ArrayBuffer[]> = { records: [], quarantine: [] };
  give(buffers: Record<BatchPart, ArrayBuffer>): void {
    for (const part of ['records', 'quarantine'] as const) {
      const buffer = buffers[part];
      if (buffer.byteLength > 0 && this.#spare[part].length < 4) this.#spare[part].push(buffer);
    }
  }

  /** A spare buffer for that part of a batch, or a size to allocate when there is none. */
  take(part: BatchPart, size: number): ArrayBuffer | number {
    return this.#spare[part].pop() ?? size;
  }
}

async function read(input: ReaderInput, post: (m: ReaderMessage, transfer?: ArrayBuffer[]) => void, credit: () => Promise<void>, spare: SpareBuffers): Promise<void> {
  let bytesRead = 0;
  const { header, runs } = await readDeliveryRuns(input.path, input.format, input.spec, (b) => (bytesRead = b));
  const mapper = compileMapping(input.spec, header, input.today);
  const rawKeys = rowJsonKeys(header);
  const rawJson = rowToJson(header);
  const { localAuthorityId: la, sourceId, runId } = input;
  let rowNumber = 1; // the header is row 1
  const recordId = new Uint8Array(16); // each record's id, as bytes (binary COPY takes them as they are)
  const newBatch = () => ({
    records: recordCopyRows(spare.take('records', 1 << 20)),
    quarantine: new CopyBuffer(spare.take('quarantine', 64 * 1024)),
    accepted: 0,
    rejected: 0,
  });
  let batch = newBatch();
  const send = async (): Promise<void> => {
    await credit();
    const bytes = [batch.records.finish(), batch.quarantine.bytes] as const;
    post({ kind: 'batch', records: bytes[0], quarantine: bytes[1], accepted: batch.accepted, rejected: batch.rejected, rowsSoFar: rowNumber - 1, bytesRead }, bytes.map((b) => b.buffer as ArrayBuffer));
    batch = newBatch();
  };
  // Each run is encoded as soon as it is parsed, so its rows die young; a batch exists only as bytes.
  for await (const run of runs) {
    for (const row of run) {
      rowNumber++;
      const mapped = mapper.map(row);
      if (mapped.ok) {
        orderedUuidBytes(recordId);
        addRecordRow(batch.records, la, sourceId, runId, recordId, rowNumber, new JsonObjectRow(rawKeys, row), mapped.record, mapped.event);
        batch.accepted++;
      } else {
        batch.quarantine.add(encodeQuarantineRow(la, sourceId, runId, { row_number: rowNumber, raw: rawJson(row), problems: mapped.problems }));
        batch.rejected++;
      }
      if (batch.accepted + batch.rejected >= input.batchSize) await send();
    }
  }
  if (batch.accepted + batch.rejected > 0) await send();
  post({ kind: 'end' });
}

if (parentPort) {
  const port = parentPort;
  let credits = 2;
  let waiting: (() => void) | null = null;
  const spare = new SpareBuffers();
  port.on('message', (m: ReaderControl) => {
    if (m.kind !== 'more') return;
    spare.give(m.spare);
    credits++;
    waiting?.();
    waiting = null;
  });
  const credit = async (): Promise<void> => {
    while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
    credits--;
  };
  read(workerData as ReaderInput, (m, transfer) => port.postMessage(m, transfer), credit, spare)
    .catch((error: unknown) => {
      if (error instanceof HeaderError) port.postMessage({ kind: 'error', error: 'header', missing: error.missing, message: error.message } satisfies ReaderMessage);
      else if (error instanceof DeliveryError) port.postMessage({ kind: 'error', error: 'delivery', problem: error.problem, message: error.message } satisfies ReaderMessage);
      else port.postMessage({ kind: 'error', error: 'other', message: error instanceof Error ? error.message : String(error) } satisfies ReaderMessage);
    })
    .finally(() => port.close());
}
