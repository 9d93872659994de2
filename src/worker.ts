// `npm run worker`: runs queued jobs for a server deployment (HEARTH_JOBS_IN_PROCESS=false on the web).
import { loadConfig } from './config/config.ts';
import { createContainer } from './app/container.ts';
import { registerJobs } from './app/jobs.ts';

const container = await createContainer(loadConfig());
registerJobs(container);
const stop = container.queue.start({ onError: (error, job) => console.error(`job ${job.name} ${job.id} failed:`, error) });
console.log(`Hearth worker running jobs: ${container.jobs.names().join(', ') || '(none registered)'}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stop();
    await container.close();
    process.exit(0);
  });
}
