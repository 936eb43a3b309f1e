/**
 * Tells a page from a refusal. A challenge or a "slow down" page must never be parsed as content (it
 * would read as "nothing about you here") and must never be retried at full speed. Pure: the HTTP
 * path uses it on every answer. What counts as a challenge is challenge.ts's `detectChallenge`, the
 * one definition the HTTP and browser paths share; this adds the throttling answers on top.
 */
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { detectChallenge, type ChallengeKind } from './challenge.js';

export interface ResponseSummary {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

export type BlockVerdict =
  | {
      kind: 'throttled';
      /** `rate-limited` (429), `unavailable` (503 without a challenge), `flood-control` (XenForo). */
      reason: 'rate-limited' | 'unavailable' | 'flood-control';
      /** What the source asked for, or our default when it did not say. */
      retryAfterMs: number;
    }
  | {
      kind: 'blocked';
      /** `challenge:kiwiflare`, `challenge:ttrs`, `challenge:cloudflare`, `challenge:captcha`. */
      reason: `challenge:${ChallengeKind}`;
      challenge: ChallengeKind;
    };

/** when a source publishes nothing, back off 60 s on 429/503. */
const CHALLENGE_REASON = /^challenge:(kiwiflare|ttrs|cloudflare|captcha)\b/;

export const DEFAULT_THROTTLE_MS = 60_000;
/**
 * The longest wait a source may impose on us. The wait comes from the page (Retry-After, "wait N
 * seconds"), so a hostile or broken source could otherwise stall a scan for days; and Node runs a
 * setTimeout above 2^31-1 ms after 1 ms, which would turn a gate's wait into a busy loop.
 */
export const MAX_SOURCE_WAIT_MS = 10 * 60_000;
/** Added to a forum's own "wait N seconds", so the retry never lands a moment too early. */
const FLOOD_MARGIN_MS = 5_000;
/** Flood-control text sits near the top of the page; a long thread is not scanned whole. */
const SCAN_CHARS = 64 * 1024;
const CAPTCHA_TEXT = /Please complete the (?:security check|CAPTCHA)/i;
const CAPTCHA_WALL_MAX_CHARS = 48 * 1024;
/** XenForo's flood control, as the forum words it. */
const FLOOD_CONTROL = /You must wait at least (\d+) seconds? before performing this action/i;

export function classifyResponse(response: ResponseSummary): BlockVerdict | null {
  const challenge = detectChallenge({ status: response.status, body: response.body });
  if (challenge) return { kind: 'blocked', reason: `challenge:${challenge}`, challenge };

  const head = response.body.length > SCAN_CHARS ? response.body.slice(0, SCAN_CHARS) : response.body;
  // archive.today's wall words it so, with a widget detectChallenge may not know; only on a small page
  // (a forum thread quoting the sentence is not a wall).
  if (response.body.length <= CAPTCHA_WALL_MAX_CHARS && CAPTCHA_TEXT.test(head)) {
    return { kind: 'blocked', reason: 'challenge:captcha', challenge: 'captcha' };
  }
  const flood = FLOOD_CONTROL.exec(head);
  if (flood)
    return {
      kind: 'throttled',
      reason: 'flood-control',
      retryAfterMs: Math.min(Number(flood[1]) * 1000 + FLOOD_MARGIN_MS, MAX_SOURCE_WAIT_MS),
    };

  if (response.status === 429 || response.status === 503) {
    return {
      kind: 'throttled',
      reason: response.status === 429 ? 'rate-limited' : 'unavailable',
      retryAfterMs: parseRetryAfter(header(response.headers, 'retry-after')) ?? DEFAULT_THROTTLE_MS,
    };
  }
  return null;
}

/**
 * The error both fetch paths throw on a throttled verdict, after pausing the source: one wording, so
 * the report reads the same whichever path met the refusal.
 */
export function throttledError(
  source: Pick<SourceEntry, 'id' | 'name'>,
  verdict: Extract<BlockVerdict, { kind: 'throttled' }>,
  status: number,
): SourceError {
  const why = verdict.reason === 'flood-control' ? 'flood control' : `HTTP ${status}`;
  return new SourceError(source.id, `${source.name} asked us to slow down (${why})`, verdict.retryAfterMs, {
    kind: 'throttled',
    reason: verdict.reason,
  });
}

/**
 * The error both fetch paths throw on a page over their size limit. Refused, not a server error: the
 * same page would be just as large on every retry.
 */
export function tooLargeError(source: Pick<SourceEntry, 'id' | 'name'>, limit: string): SourceError {
  return new SourceError(source.id, `a page of ${source.name} was larger than ${limit}`, undefined, {
    kind: 'refused',
    reason: 'too-large',
  });
}

/**
 * `Retry-After` is either seconds or an HTTP date; anything else is ignored. Capped at
 * MAX_SOURCE_WAIT_MS: the source chooses the value.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_SOURCE_WAIT_MS);
  // An HTTP date always names its day and month; Date.parse would also take "-5" as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_SOURCE_WAIT_MS);
}

function header(headers: ResponseSummary['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The challenge a source error reports (`reason: challenge:<kind>`, thrown on a challenge page), if any. */
export function reportedChallenge(error: unknown): ChallengeKind | undefined {
  if (!(error instanceof SourceError) || error.kind !== 'blocked') return undefined;
  return CHALLENGE_REASON.exec(error.reason ?? '')?.[1] as ChallengeKind | undefined;
}
