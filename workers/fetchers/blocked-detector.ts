/**
 * Tells a page from a refusal. A challenge or a "slow down" page must never be parsed as content (it
 * would read as "nothing about you here") and must never be retried at full speed. Pure: the HTTP
 * path uses it on every answer, and the browser path can use it on what it renders.
 */

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
      /** `challenge:sssg`, `challenge:ttrs` (KiwiFlare), `challenge:cloudflare`, `captcha`. */
      reason: string;
    };

/** SOURCES.md: when a source publishes nothing, back off 60 s on 429/503. */
export const DEFAULT_THROTTLE_MS = 60_000;
/** Added to a forum's own "wait N seconds", so the retry never lands a moment too early. */
const FLOOD_MARGIN_MS = 5_000;
/** Markers sit in the first few kilobytes of a challenge page; a long thread is not scanned whole. */
const SCAN_BYTES = 64 * 1024;

/** KiwiFlare and its successor put the challenge id on the root element (SOURCES.md §1). */
const KIWIFLARE_ROOT = /<html[^>]*\bid=["']?(sssg|ttrs)\b/i;
/**
 * Cloudflare's interstitial: its title together with its challenge script path, so a post that merely
 * says "just a moment" is not a challenge.
 */
const CLOUDFLARE_TITLE = /<title>\s*Just a moment\.\.\.\s*<\/title>/i;
const CLOUDFLARE_SCRIPT = /\/cdn-cgi\/challenge-platform\/|\bcf-chl-|_cf_chl_opt/i;
const CAPTCHA_TEXT = /Please complete the (?:security check|CAPTCHA)/i;
const CAPTCHA_WIDGET = /\b(?:g-recaptcha|h-captcha|cf-turnstile)\b/i;
/** XenForo's flood control, as the forum words it (SOURCES.md §1). */
const FLOOD_CONTROL = /You must wait at least (\d+) seconds? before performing this action/i;

export function classifyResponse(response: ResponseSummary): BlockVerdict | null {
  const head = response.body.length > SCAN_BYTES ? response.body.slice(0, SCAN_BYTES) : response.body;

  const kiwiflare = KIWIFLARE_ROOT.exec(head);
  if (kiwiflare) return { kind: 'blocked', reason: `challenge:${kiwiflare[1]!.toLowerCase()}` };
  if (CLOUDFLARE_TITLE.test(head) || (response.status >= 400 && CLOUDFLARE_SCRIPT.test(head))) {
    return { kind: 'blocked', reason: 'challenge:cloudflare' };
  }
  // A CAPTCHA widget alone can be a login form; with the wording, or on a refusal status, it is a wall.
  if (CAPTCHA_TEXT.test(head) || (response.status >= 400 && CAPTCHA_WIDGET.test(head))) {
    return { kind: 'blocked', reason: 'captcha' };
  }

  const flood = FLOOD_CONTROL.exec(head);
  if (flood) return { kind: 'throttled', reason: 'flood-control', retryAfterMs: Number(flood[1]) * 1000 + FLOOD_MARGIN_MS };

  if (response.status === 429 || response.status === 503) {
    return {
      kind: 'throttled',
      reason: response.status === 429 ? 'rate-limited' : 'unavailable',
      retryAfterMs: parseRetryAfter(header(response.headers, 'retry-after')) ?? DEFAULT_THROTTLE_MS,
    };
  }
  return null;
}

/** `Retry-After` is either seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function header(headers: ResponseSummary['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
