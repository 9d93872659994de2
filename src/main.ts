// `npm start`: the web app (and, by default, the job runner in the same process).
import { loadConfig } from './config/config.ts';
import { createContainer } from './app/container.ts';
import { ensureDemoCouncil } from './app/demo.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './app/demo-council.ts';
import { registerJobs } from './app/jobs.ts';
import { buildApp } from './web/build-app.ts';

const started = performance.now();
const config = loadConfig();
const container = await createContainer(config);
registerJobs(container);
if (config.loadDemo) await ensureDemoCouncil(container, (line) => console.log(line));
const app = await buildApp(container);
const stopJobs = config.runJobsInProcess ? container.queue.start({ onError: (error, job) => app.log.error({ err: error, job }, 'job failed') }) : null;
const address = await app.listen({ host: config.host, port: config.port });

console.log(`\nHearth is running at ${address.replace('127.0.0.1', 'localhost')} (${container.database.kind === 'pglite' ? `embedded PostgreSQL in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL server'}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (config.loadDemo) {
  console.log(`\nDemo sign-ins (password ${DEMO_PASSWORD}):`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(14)} ${account.email}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await stopJobs?.();
    await container.close();
    process.exit(0);
  });
}
