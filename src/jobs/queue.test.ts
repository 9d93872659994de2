import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContainer, type TestContainer } from '../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../test/support/factories.ts';
import { withTenant } from '../db/tenant.ts';
import { createQueue, JobRegistry, PermanentJobError } from './queue.ts';

let harness: TestContainer;
let council: TestCouncil;

before(async () => {
  harness = await createTestContainer();
  council = await createCouncil(harness.container.database.db, 'JOBS');
});
after(async () => harness.close());

test('registry refuses two handlers with one name', () => {
  const registry = new JobRegistry();
  registry.register('a', async () => ({}));
  assert.throws(() => registry.register('a', async () => ({})), /already registered/);
});

test('a job enqueued in a transaction that rolls back never runs', async () => {
  const db = harness.container.database.db;
  const registry = new JobRegistry();
  let runs = 0;
  registry.register('count', async () => ({ runs: ++runs }));
  const queue = createQueue(db, registry);
  await assert.rejects(
    withTenant(db, council.id, async (tx) => {
      await queue.enqueue(tx, { localAuthorityId: council.id, name: 'count', payload: {}, createdBy: null });
      throw new Error('the work failed');
    }),
  );
  assert.equal(await queue.drain(), 0);
  assert.equal(runs, 0);
});

test('a job runs once, reports progress and stores its result', async () => {
  const db = harness.container.database.db;
  const registry = new JobRegistry();
  const seen: number[] = [];
  registry.register('sum', async (payload, ctx) => {
    const values = payload.values as number[];
    let total = 0;
    for (const [i, v] of values.entries()) {
      total += v;
      await ctx.progress(i + 1, values.length, `added ${v}`);
      const mid = await queue.status(council.id, ctx.jobId);
      seen.push(Number(mid?.progress_done));
    }
    return { total, href: '/somewhere' };
  });
  const queue = createQueue(db, registry);
  const id = await withTenant(db, council.id, (tx) => queue.enqueue(tx, { localAuthorityId: council.id, name: 'sum', payload: { values: [1, 2, 3] }, createdBy: council.users.data.id }));
  assert.equal(await queue.drain(), 1);
  const job = await queue.status(council.id, id);
  assert.equal(job?.status, 'succeeded');
  assert.deepEqual(job?.result, { total: 6, href: '/somewhere' });
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(await queue.drain(), 0);
});

test('a failing job is retried, then marked failed; a permanent failure is not retried', async () => {
  const db = harness.container.database.db;
  const registry = new JobRegistry();
  let attempts = 0;
  registry.register('flaky', async () => {
    attempts++;
    throw new Error('upstream unavailable');
  });
  registry.register('bad-input', async () => {
    throw new PermanentJobError('the file has no header row');
  });
  const queue = createQueue(db, registry);
  const [flaky, bad] = await withTenant(db, council.id, async (tx) => [
    await queue.enqueue(tx, { localAuthorityId: council.id, name: 'flaky', payload: {}, createdBy: null, maxAttempts: 2 }),
    await queue.enqueue(tx, { localAuthorityId: council.id, name: 'bad-input', payload: {}, createdBy: null }),
  ]);
  await queue.drain();
  assert.equal((await queue.status(council.id, flaky))?.status, 'queued', 'waits before retrying');
  await withTenant(db, council.id, (tx) => tx.updateTable('job').set({ run_after: new Date(0) }).where('id', '=', flaky).execute());
  await queue.drain();
  const failed = await queue.status(council.id, flaky);
  assert.equal(failed?.status, 'failed');
  assert.equal(failed?.error, 'upstream unavailable');
  assert.equal(attempts, 2);
  const permanent = await queue.status(council.id, bad);
  assert.equal(permanent?.status, 'failed');
  assert.equal(permanent?.attempts, 1);
});

test('enqueueing an unknown job name is a programming error', async () => {
  const queue = createQueue(harness.container.database.db, new JobRegistry());
  await assert.rejects(withTenant(harness.container.database.db, council.id, (tx) => queue.enqueue(tx, { localAuthorityId: council.id, name: 'nope', payload: {}, createdBy: null })), /No job handler named "nope"/);
});

test('the runner loop picks up work and stops cleanly', async () => {
  const db = harness.container.database.db;
  const registry = new JobRegistry();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  registry.register('ping', async () => {
    done();
    return {};
  });
  const queue = createQueue(db, registry);
  const stop = queue.start({ pollMilliseconds: 20 });
  await withTenant(db, council.id, (tx) => queue.enqueue(tx, { localAuthorityId: council.id, name: 'ping', payload: {}, createdBy: null }));
  await finished;
  await stop();
});

test('enqueueOnce: a waiting job with the same name and payload stands for a second; a started one does not', async () => {
  const db = harness.container.database.db;
  const registry = new JobRegistry();
  let runs = 0;
  registry.register('link', async () => ({ runs: ++runs }));
  const queue = createQueue(db, registry);
  const enqueue = (payload: Record<string, unknown>) => withTenant(db, council.id, (tx) => queue.enqueueOnce(tx, { localAuthorityId: council.id, name: 'link', payload, createdBy: null }));
  const first = await enqueue({ mode: 'incremental' });
  assert.equal(await enqueue({ mode: 'incremental' }), first);
  const other = await enqueue({ mode: 'full' });
  assert.notEqual(other, first, 'another payload is another job');
  assert.equal(await queue.drain(), 2);
  const afterRun = await enqueue({ mode: 'incremental' });
  assert.notEqual(afterRun, first, 'once the first has run, a new one is queued');
  assert.equal(await queue.drain(), 1);
  assert.equal(runs, 3);
});
