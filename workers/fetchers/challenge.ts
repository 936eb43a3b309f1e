import { PermanentJobError } from '../../shared/errors.js';

/**
 * Recognises pages that are an anti-bot gate instead of the content asked for. Pure (no IO), shared by
 * the HTTP path, the browser path and the escalation between them, so all three agree on what a
 * challenge is — the same idea as Crawlee's blocked-page check, written for our sources.
 *
 * Two families, handled differently:
 * - JavaScript challenges (KiwiFlare, its "Tartarus" successor, Cloudflare's interstitial) are passed by
 *   any real browser on its own: the fetcher escalates to Chromium and waits.
 * - CAPTCHAs need a human. We stop and never retry: hammering a
 *   CAPTCHA wall only gets the proxy exit banned and tells the site someone is scanning it.
 */

export type ChallengeKind = 'kiwiflare' | 'ttrs' | 'cloudflare' | 'captcha';

export interface ChallengeProbe {
  status: number;
  body: string;
}

/** Challenge pages put their markers at the top; reading further only risks matching page content. */
const HEAD_WINDOW = 4096;
/**
 * A CAPTCHA wall is a small page. A full forum page can legitimately carry a CAPTCHA widget (a guest
 * reply box, a login overlay) without being blocked, so a widget only counts on a page this small.
 */
const CAPTCHA_PAGE_MAX_CHARS = 48 * 1024;

/** KiwiFlare: `<html id="sssg" data-sssg-challenge=…>`, served with HTTP 203. */
const KIWIFLARE_ROOT = /<html\b[^>]*\bid\s*=\s*["']?sssg\b/i;
const KIWIFLARE_ATTRIBUTE = /<html\b[^>]*\bdata-sssg-challenge\s*=/i;
/** KiwiFlare's successor "Tartarus": `<html id="ttrs" data-ttrs-challenge=…>`. */
const TTRS_ROOT = /<html\b[^>]*\b(?:id\s*=\s*["']?ttrs\b|data-ttrs-challenge\s*=)/i;

/**
 * Markup of CAPTCHA widgets and walls, matched on raw HTML: a post that merely talks about a CAPTCHA is
 * escaped text (`&lt;div class=…`), never live attributes.
 */
const CAPTCHA_MARKUP = [
  /<[a-z][^>]*\bclass\s*=\s*["'][^"']*\b(?:g-recaptcha|h-captcha|cf-turnstile|captcha-widget)\b/i,
  /<(?:div|form|input)\b[^>]*\bdata-sitekey\s*=/i,
  /<script\b[^>]*\bsrc\s*=\s*["'][^"']*(?:recaptcha\/api\.js|hcaptcha\.com\/1\/api\.js|challenges\.cloudflare\.com\/turnstile)/i,
];
/** Cloudflare's old block page asks for a CAPTCHA under this title. */
const CLOUDFLARE_BLOCK_TITLE = /<title>\s*Attention Required!\s*\|\s*Cloudflare\s*<\/title>/i;

/** Cloudflare's JavaScript interstitial ("Just a moment…"), passed by a real browser. */
const CLOUDFLARE_MARKERS = [
  /<title>\s*Just a moment\.\.\.\s*<\/title>/i,
  /window\._cf_chl_opt\b/,
  /\/cdn-cgi\/challenge-platform\//,
];
const CLOUDFLARE_STATUSES = new Set([403, 429, 503]);

export function detectChallenge(page: ChallengeProbe): ChallengeKind | null {
  // Every marker above is a tag: a page without a '<' (a paste site's raw text, most of what a scan
  // reads there) has none of them, and these case-insensitive expressions over the page took about
  // 5 % of a fetch worker's time on such pages. Cloudflare's script markers are looked for regardless.
  if (page.body.includes('<')) {
    const head = page.body.slice(0, HEAD_WINDOW);
    if (KIWIFLARE_ROOT.test(head) || KIWIFLARE_ATTRIBUTE.test(head)) return 'kiwiflare';
    if (TTRS_ROOT.test(head)) return 'ttrs';

    const small = page.body.length <= CAPTCHA_PAGE_MAX_CHARS;
    if (CLOUDFLARE_BLOCK_TITLE.test(head)) return 'captcha';
    if (small && CAPTCHA_MARKUP.some((marker) => marker.test(page.body))) return 'captcha';
  }

  // The interstitial's markers can also sit in a normal page's footer script on some setups; the
  // status code is what says the page itself was withheld.
  if (CLOUDFLARE_STATUSES.has(page.status) && CLOUDFLARE_MARKERS.some((marker) => marker.test(page.body))) {
    return 'cloudflare';
  }
  return null;
}

/** A JavaScript challenge a real browser clears by itself; a CAPTCHA is not one. */
export function isBrowserSolvable(kind: ChallengeKind): boolean {
  return kind !== 'captcha';
}

/**
 * A page we must not fetch again: a CAPTCHA (it needs a human), or a JavaScript challenge on a source
 * configured for plain HTTP only. A PermanentJobError, so neither runner retries it; the message is
 * ours and names no URL, since it ends up in the report.
 */
export class ChallengeStopError extends PermanentJobError {
  constructor(
    readonly sourceId: string,
    readonly challenge: ChallengeKind,
    message: string,
  ) {
    super(message);
    // Told apart by name where importing this class would cross layers (coverage, error wording).
    this.name = 'ChallengeStopError';
  }
}
