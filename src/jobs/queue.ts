// A job queue kept in PostgreSQL, the same on PGlite and on a server (ADR 2026-11-23-job-queue):
// a job is enqueued in the same transaction as the data that asks for it, so either both commit or
// neither does. Handlers are named, registered once, and must be idempotent: a job whose process
// died is run again from the start, and its earlier attempt's writes rolled back with that process.
import type { Db } from '../db/database.ts';
import { withSystem, withTenant, type Tx } from '../db/tenant.ts';
import { jobRepository } from './job.repository.ts';

export interface JobContext {
  jobId: string;
  localAuthorityId: string;
  createdBy: string | null;
  attempt: number;
  /** Record progress where the browser and CLI can see it; commits at once, outside the job's own work. */
  progress(done: number, total: number, message?: string): Promise<void>;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<Record<string, unknown>>;

export class JobRegistry {
  readonly #handlers = new Map<string, JobHandler>();

  register(name: string, handler: JobHandler): void {
    if (this.#handlers.has(name)) throw new Error(`A job handler named "${name}" is already registered`);
    this.#handlers.set(name, handler);
  }

  get(name: string): JobHandler | undefined {
    return this.#handlers.get(name);
  }

  names(): string[] {
    return [...this.#handlers.keys()];
  }
}

export interface RunnerOptions {
  pollMilliseconds?: number;
  retryAfterSeconds?: number;
  staleAfterSeconds?: number;
  onError?: (error: unknown, job: { id: string; name: string }) => void;
}

export function createQueue(db: Db, registry: JobRegistry) {
  async function runOne(): Promise<boolean> {
    const job = await withSystem(db, (tx) => jobRepository.claim(tx, registry.names()));
    if (!job) return false;
    const handler = registry.get(job.name);
    if (!handler) return true;
    const ctx: JobContext = {
      jobId: job.id,
      localAuthorityId: job.local_authority_id,
      createdBy: job.created_by,
      attempt: job.attempts,
      progress: (done, total, message) => withTenant(db, job.local_authority_id, (tx) => jobRepository.progress(tx, job.id, done, total, message ?? null)),
    };
    try {
      const result = await handler(job.payload, ctx);
      await withTenant(db, job.local_authority_id, (tx) => jobRepository.succeed(tx, job.id, result));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.max_attempts && !(error instanceof PermanentJobError);
      await withTenant(db, job.local_authority_id, (tx) => jobRepository.fail(tx, job.id, message, retry, 5));
      options.onError?.(error, job);
    }
    return true;
  }

  let options: RunnerOptions = {};

  return {
    /** Enqueue inside the caller's transaction. */
    async enqueue(tx: Tx, job: { localAuthorityId: string; name: string; payload: Record<string, unknown>; createdBy: string | null; maxAttempts?: number }): Promise<string> {
      if (!registry.get(job.name)) throw new Error(`No job handler named "${job.name}"`);
      const row = await jobRepository.insert(tx, {
        local_authority_id: job.localAuthorityId,
        name: job.name,
        payload: job.payload,
        created_by: job.createdBy,
        ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
      });
      return row.id;
    },

    /**
     * Enqueue unless the same job (name and payload) is already waiting: one that has not started
     * will see everything this one would, so a second adds nothing. Returns the waiting job's id then.
     */
    async enqueueOnce(tx: Tx, job: { localAuthorityId: string; name: string; payload: Record<string, unknown>; createdBy: string | null; maxAttempts?: number }): Promise<string> {
      const waiting = await jobRepository.findQueued(tx, job.name, job.payload);
      return waiting?.id ?? this.enqueue(tx, job);
    },

    runOne,

    /** Run jobs until the queue is empty (tests, CLI). */
    async drain(): Promise<number> {
      let count = 0;
      while (await runOne()) count++;
      return count;
    },

    /** Poll for work until stopped. Returns a function that stops the loop and waits for the current job. */
    start(runnerOptions: RunnerOptions = {}): () => Promise<void> {
      options = runnerOptions;
      let stopped = false;
      let wake: (() => void) | null = null;
      const loop = (async () => {
        await withSystem(db, (tx) => jobRepository.requeueStale(tx, runnerOptions.staleAfterSeconds ?? 600));
        while (!stopped) {
          let worked = false;
          try {
            worked = await runOne();
          } catch (error) {
            runnerOptions.onError?.(error, { id: '', name: 'claim' });
          }
          if (!worked && !stopped) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, runnerOptions.pollMilliseconds ?? 500);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        }
      })();
      return async () => {
        stopped = true;
        wake?.();
        await loop;
      };
    },

    async status(localAuthorityId: string, id: string) {
      return withTenant(db, localAuthorityId, (tx) => jobRepository.find(tx, id));
    },
  };
}

/** Thrown by a handler for a failure that retrying cannot fix (bad input, missing agreement). */
export class PermanentJobError extends Error {}

export type Queue = ReturnType<typeof createQueue>;
