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
  REPORT_NOT_READY: 409,
  RATE_LIMITED: 429,
  QUEUE_UNAVAILABLE: 503,
  NOT_READY: 503,
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

/** A job failure that no retry can mend (bad payload, unknown scan): fail at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * A source answered but not with content: a challenge, a login wall, an error page, a refused
 * connection. Messages name the source and the cause in our words, never a URL or page text, because
 * they end up in Redis and in the report.
 */
export class SourceError extends Error {
  constructor(
    readonly sourceId: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
