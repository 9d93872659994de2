import { loadConfig } from '../config/config.ts';
import { createContainer } from '../app/container.ts';
import { ensureDemoCouncil } from '../app/demo.ts';

export default async function seed(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('Usage: hearth seed\n\nLoads the synthetic demo council (skipped if it is already there).');
    return 0;
  }
  const container = await createContainer(loadConfig());
  try {
    const summary = await ensureDemoCouncil(container, (line) => console.log(line));
    if (!summary.created) console.log('The demo council is already loaded.');
    return 0;
  } finally {
    await container.close();
  }
}
