// The linkage engine on a worker thread (linkInWorker): a run's matching can take many seconds of
// CPU, and the process that runs jobs may also be serving the web (`npm start`), whose pages must
// keep answering meanwhile. Receives the engine's input, posts its progress and then its output.
import { parentPort, workerData } from 'node:worker_threads';
import { linkWithDecisions, type EngineInput } from './linkage.engine.ts';

const input = workerData as Omit<EngineInput, 'onProgress'>;
const out = await linkWithDecisions({ ...input, onProgress: (stage, done, total) => parentPort?.postMessage({ progress: [stage, done, total] }) });
parentPort?.postMessage({ out });
