import { sql } from 'kysely';
import type { Tx } from '../db/tenant.ts';

export const jobRepository = {
  async insert(tx: Tx, job: { local_authority_id: string; name: string; payload: Record<string, unknown>; created_by: string | null; max_attempts?: number }) {
    return tx
      .insertInto('job')
      .values({ ...job, payload: JSON.stringify(job.payload) })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  },

  /** System context: take the oldest ready job of the given names, skipping ones another worker holds. */
  async claim(tx: Tx, names: string[]) {
    if (names.length === 0) return undefined;
    const result = await sql<{ id: string; local_authority_id: string; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; created_by: string | null }>`
      update job set status = 'running', locked_at = now(), attempts = attempts + 1
      where (local_authority_id, id) = (
        select local_authority_id, id from job
        where status = 'queued' and run_after <= now() and name in (${sql.join(names)})
        order by created_at
        for update skip locked
        limit 1
      )
      returning id, local_authority_id, name, payload, attempts, max_attempts, created_by
    `.execute(tx);
    return result.rows[0];
  },

  /** A job of this name and payload that has not started yet, if any. */
  async findQueued(tx: Tx, name: string, payload: Record<string, unknown>) {
    return tx.selectFrom('job').select('id').where('status', '=', 'queued').where('name', '=', name).where(sql<boolean>`payload = ${JSON.stringify(payload)}::jsonb`).orderBy('created_at').executeTakeFirst();
  },

  async progress(tx: Tx, id: string, done: number, total: number, message: string | null): Promise<void> {
    await tx.updateTable('job').set({ progress_done: done, progress_total: total, message, locked_at: new Date() }).where('id', '=', id).execute();
  },

  async succeed(tx: Tx, id: string, result: Record<string, unknown>): Promise<void> {
    await tx
      .updateTable('job')
      .set({ status: 'succeeded', result: JSON.stringify(result), finished_at: new Date(), error: null, progress_done: sql`greatest(progress_done, progress_total)` })
      .where('id', '=', id)
      .execute();
  },

  async fail(tx: Tx, id: string, error: string, retry: boolean, retryAfterSeconds: number): Promise<void> {
    await tx
      .updateTable('job')
      .set(
        retry
          ? { status: 'queued', error, locked_at: null, run_after: sql`now() + make_interval(secs => ${retryAfterSeconds})` }
          : { status: 'failed', error, finished_at: new Date() },
      )
      .where('id', '=', id)
      .execute();
  },

  /** Jobs left "running" by a process that died go back on the queue (their work rolled back with it). */
  async requeueStale(tx: Tx, olderThanSeconds: number): Promise<number> {
    const result = await tx
      .updateTable('job')
      .set({ status: 'queued', locked_at: null })
      .where('status', '=', 'running')
      .where('locked_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async find(tx: Tx, id: string) {
    return tx.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async recent(tx: Tx, limit: number) {
    return tx.selectFrom('job').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  },
};
