import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on loopback (bound, read and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const bin = new URL('../../bin/exposure-scanner', import.meta.url).pathname;

/** A child process whose output is kept, for leak checks and for failure messages. */
export interface Managed {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function startProcess(command: string, args: string[], env: Record<string, string>): Managed {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Stops every process given (those never started are skipped) and waits until all have exited. */
export async function stopProcesses(
  processes: ReadonlyArray<Managed | undefined>,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  for (const managed of processes) managed?.child.kill(signal);
  await Promise.all(processes.map((managed) => managed?.exited));
}

/**
 * A Redis of the test's own, with the append-only file on (as production runs it), so the test can
 * kill and restart it without touching the shared one.
 */
export async function startOwnRedis(): Promise<{
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Sends a signal to the running server (SIGSTOP hangs it without closing a connection, SIGCONT wakes it). */
  signal(signal: NodeJS.Signals): void;
}> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'exposure-redis-'));
  let server: Managed | undefined;
  const start = async () => {
    server = startProcess(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      {},
    );
    for (let i = 0; i < 100; i++) {
      if (server.output().includes('Ready to accept connections')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start: ${server.output().slice(-500)}`);
  };
  const stop = async () => {
    if (!server) return;
    // SIGKILL: no clean shutdown, no final save; only the append-only file keeps the queue.
    server.child.kill('SIGKILL');
    await server.exited;
    server = undefined;
  };
  const signal = (name: NodeJS.Signals) => {
    if (!server) throw new Error('redis-server is not running');
    server.child.kill(name);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop, signal };
}
