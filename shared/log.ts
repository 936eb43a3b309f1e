import { destination, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Fields that could carry a person's identifiers or page text. Code logs scan ids and keyed hashes;
 * these paths are a second line of defence should a whole object be logged by mistake.
 */
const REDACT_PATHS = [
  'identifiers',
  '*.identifiers',
  'value',
  '*.value',
  'query',
  '*.query',
  'text',
  '*.text',
  'body',
  '*.body',
  'url',
  '*.url',
  'permalink',
  '*.permalink',
  'snippet',
  '*.snippet',
  'consent',
  '*.consent',
  'req.headers.authorization',
];

export function createLogger(
  options: { level?: string; name?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      name: options.name ?? 'exposure-scanner',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination ?? destination(2),
  );
}
