import { createLogger, type Logger } from '../../shared/log.js';

/** A real pino logger at debug level whose output is kept in memory, for leak checks. */
export function captureLogs(name: string): { log: Logger; text(): string } {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    name,
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { log, text: () => lines.join('') };
}
