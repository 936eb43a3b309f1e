/**
 * Forks a TypeScript file as a separate Node process (through vite-node, which vitest already brings),
 * with an IPC channel: tests that must prove something holds across processes, not only across async
 * tasks of one process, run their workers this way.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const viteNode = join(dirname(require.resolve('vite-node/package.json')), 'vite-node.mjs');

export function forkTs(script: string, env: Record<string, string> = {}): ChildProcess {
  return fork(viteNode, [script], {
    env: { ...process.env, ...env },
    // Worker output goes to the test's output, so a crash inside a child is visible.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next IPC message from `child` that satisfies `test`; rejects if the child exits first. */
export function nextMessage<T>(
  child: ChildProcess,
  test: (message: unknown) => message is T,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no message from worker ${child.pid} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      if (test(message)) done(undefined, message);
    };
    const onExit = (code: number | null) =>
      done(new Error(`worker ${child.pid} exited (${code}) before answering`));
    function done(error?: Error, message?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
