import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { z } from 'zod';
import { ConfigError } from '../../shared/config.js';
import type { ScanStatusView } from '../core/scan.service.js';

/**
 * The environment the CLI's settings are read from: the process's, with the CLI's own default log
 * level (a person at a terminal wants warnings, not a log stream) and the command's flags on top.
 */
export function cliEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { LOG_LEVEL: 'warn', ...process.env, ...overrides };
}

/** Bad input from the command line (flags, profile files, settings): exit code 2, one line naming the field. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** "identifiers.0.value" from zod -> "identifiers[0].value" */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.reduce<string>(
    (name, part) =>
      typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part),
    '',
  );
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${what} ${path}: cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} ${path}: not valid JSON`);
  }
}

/** Runs a command body and turns its errors into exit codes: 2 for bad input, 1 for anything else. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof Error && error.name === 'AppError') {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = (error as { statusCode?: number }).statusCode! < 500 ? 2 : 1;
      return;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** A progress bar on a terminal; plain lines when the output is a pipe or a CI log. */
export function createProgressPrinter(enabled: boolean): {
  update(status: ScanStatusView): void;
  stop(): void;
} {
  if (!enabled) return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let last = '';
    return {
      update(status) {
        const line = progressLine(status);
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    format: ' {bar} {value}/{total} pages | {status}',
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update(status) {
      const total = status.sources.reduce((n, s) => n + s.pages.total, 0);
      const done = status.sources.reduce((n, s) => n + s.pages.fetched + s.pages.failed, 0);
      if (!started) {
        bar.start(Math.max(total, 1), done, { status: status.status });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { status: status.sources.map((s) => `${s.id}:${s.status}`).join(' ') });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function progressLine(status: ScanStatusView): string {
  const parts = status.sources.map(
    (s) =>
      `${s.id} ${s.status} searches ${s.searches.done}/${s.searches.total} pages ${s.pages.fetched}/${s.pages.total}`,
  );
  return `scan ${status.status}: ${parts.join('; ')}`;
}
