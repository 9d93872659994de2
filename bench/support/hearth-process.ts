// `npm start` as a process of its own for the benches: spawned on a free port, ready once /health
// answers. The caller stops it (SIGTERM to wait for a clean exit, SIGKILL to leave now).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const root = new URL('../..', import.meta.url).pathname;

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface HearthProcess { child: ChildProcess; base: string }

/** Starts src/main.ts with these settings and waits until /health answers; throws if it exits first. */
export async function startHearthProcess(env: Record<string, string>, options: { stderr?: 'ignore' | 'inherit' } = {}): Promise<HearthProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/main.ts'], { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', options.stderr ?? 'ignore'] });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (await fetch(`${base}/health`).then((r) => r.ok).catch(() => false)) return { child, base };
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops the process and waits for it to exit. */
export async function stopHearthProcess({ child }: HearthProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}
