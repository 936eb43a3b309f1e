/**
 * Stable error codes of the API (clients branch on `code`, never on `message`) and the retry classes
 * of jobs. One place, so a code is never spelled two ways.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  CONSENT_REQUIRED: 400,
  UNKNOWN_SOURCE: 400,
  PROXY_REQUIRED: 400,
  NOT_FOUND: 404,
  SCAN_NOT_FOUND: 404,
  /** Resume asked of a scan that has not ended yet (queued or running). */
  SCAN_STILL_RUNNING: 409,
  /** A finding id that is not in the scan's report (remediation status, reveal). */
  FINDING_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  /** The request line or a path parameter is longer than any route of ours takes. */
  URI_TOO_LONG: 414,
  /** The request's headers are larger than the server reads (Node's http parser). */
  HEADERS_TOO_LARGE: 431,
  /** The client took longer than the server waits to send its whole request. */
  REQUEST_TIMEOUT: 408,
  /** A request the HTTP parser could not read at all. */
  MALFORMED_REQUEST: 400,
  QUEUE_UNAVAILABLE: 503,
  /** PostgreSQL or Redis did not answer in time (or at all): try again shortly; nothing is lost. */
  DEPENDENCY_UNAVAILABLE: 503,
  /** No Chromium to print a PDF or draw evidence pictures with. */
  BROWSER_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_CODES[code];
  }
}

/** What pg, pg-pool and ioredis say when the server is gone or did not answer in time (no code set). */
const OUTAGE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Connection terminated',
  'connection error and is not queryable',
  'Command timed out',
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
];
/** Node's socket errors when the database or Redis cannot be reached. */
const NETWORK_ERROR_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
];

/**
 * Whether an error says PostgreSQL or Redis did not answer (refused, hung past a timeout, went away),
 * as opposed to a query or a source failing. The one home of that decision: the API answers 503
 * DEPENDENCY_UNAVAILABLE instead of a 500, and job runners wait for storage to come back instead of
 * spending attempts. PostgreSQL's own codes: class 08 (connection exception), 57014 (statement
 * timeout), 57P0x (shutting down, cannot connect now). A source's own network failure is a
 * SourceError, never this.
 */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (error instanceof SourceError || error instanceof PermanentJobError) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.includes(code) || /^08/.test(code) || /^57(014|P0\d)$/.test(code)) return true;
  }
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (OUTAGE_MESSAGES.some((message) => error.message.includes(message))) return true;
  // Connecting to "localhost" tries every address and fails with all their errors at once.
  if (error instanceof AggregateError && error.errors.some((inner) => isDependencyOutage(inner, depth + 1)))
    return true;
  return isDependencyOutage(error.cause, depth + 1);
}

/** A job failure that no retry can mend (bad payload, unknown scan): fail at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * Why a source did not give us the page, which decides how a job retries (Crawlee's idea: the
 * error's class picks the retry, not a counter):
 * - `throttled`: the source asked us to slow down (429, Retry-After, flood control). Retry after
 *   `retryAfterMs` without spending an attempt; the source is paused for every worker meanwhile.
 * - `blocked`: an anti-bot challenge or CAPTCHA. Never hammer it: no plain retry; the browser path
 *   may take the page over.
 * - `unreachable`: connection refused, DNS failure, timeout. Retry with backoff, bounded.
 * - `server`: a 5xx. Retry with backoff, bounded.
 * - `gone`: 404/410. Never retry.
 * - `refused`: we refused to send the request (SSRF guard, a link off the source's host). Never retry.
 */
export type SourceErrorKind = 'throttled' | 'blocked' | 'unreachable' | 'server' | 'gone' | 'refused';

/** How a job runner treats each kind (see SourceErrorKind). */
export const SOURCE_ERROR_RETRY: Readonly<Record<SourceErrorKind, 'paced' | 'backoff' | 'never'>> = {
  throttled: 'paced',
  blocked: 'never',
  unreachable: 'backoff',
  server: 'backoff',
  gone: 'never',
  refused: 'never',
};

export interface SourceErrorDetails {
  kind?: SourceErrorKind;
  /** A short machine-readable cause, e.g. `challenge:sssg`, `captcha`, `flood-control`, `ssrf:loopback`. */
  reason?: string;
}

/**
 * A source answered but not with content: a challenge, a login wall, an error page, a refused
 * connection. Messages name the source and the cause in our words, never a URL or page text, because
 * they end up in Redis and in the report.
 */
export class SourceError extends Error {
  /** Older call sites give no kind: a wait means throttled, anything else retries like a 5xx. */
  readonly kind: SourceErrorKind;
  readonly reason: string | undefined;

  constructor(
    readonly sourceId: string,
    message: string,
    readonly retryAfterMs?: number,
    details: SourceErrorDetails = {},
  ) {
    super(message);
    this.name = 'SourceError';
    this.kind = details.kind ?? (retryAfterMs !== undefined ? 'throttled' : 'server');
    this.reason = details.reason;
  }
}

/**
 * A job that found its work not ready yet (finalize while a child's outcome is not stored): it comes
 * back after `retryAfterMs` without spending an attempt, bounded like a paced retry.
 */
export class JobMustWaitError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'JobMustWaitError';
  }
}

/** An error no retry can mend: a permanent job error, or a source error whose kind is never retried. */
export function isFinalError(error: unknown): boolean {
  if (error instanceof PermanentJobError) return true;
  return error instanceof SourceError && SOURCE_ERROR_RETRY[error.kind] === 'never';
}

/** How long to wait before a paced retry (the source asked us to slow down), if this error is one. */
export function pacedRetryDelay(error: unknown): number | undefined {
  if (error instanceof JobMustWaitError) return error.retryAfterMs;
  if (!(error instanceof SourceError) || SOURCE_ERROR_RETRY[error.kind] !== 'paced') return undefined;
  return error.retryAfterMs ?? 60_000;
}

/**
 * What may be said of an error outside the process (Redis's failed reasons, logs, reports): our own
 * sentences, which never carry a URL, page text or an identifier; anything else (a library's error
 * may quote its input) becomes a neutral sentence.
 */
export function safeErrorMessage(error: unknown): string {
  if (error instanceof SourceError || error instanceof PermanentJobError || error instanceof JobMustWaitError)
    return error.message;
  if (isDependencyOutage(error)) return 'the database or the job queue could not be reached';
  if (
    error instanceof Error &&
    (error.name === 'ChallengeStopError' || error.name === 'ForbiddenTargetError')
  )
    return error.message;
  return 'internal error while processing the source';
}
