/**
 * The hand-off from the browser back to plain HTTP: once Chromium has passed a source's
 * challenge, the clearance cookies it earned are kept here, per source, and the HTTP fetcher sends them
 * on that source's next requests, so only the first page pays for a browser (50-100x costlier).
 *
 * Per source, not per host: two catalog entries on one host (a forum and its search mirror) must not
 * lend each other a session. In memory of one process; in service mode, clearances a browser earns are
 * also shared with the other worker processes through Redis (shared-clearance.ts).
 * Cookie values are credentials of a session on a hostile site: never log them.
 */

/** The fields of a browser cookie the jar needs; Playwright's `Cookie` has this shape. */
export interface StoredCookie {
  name: string;
  value: string;
  /** Leading dot: the domain and its subdomains; no dot: that host only. */
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie (kept as long as the jar lives). */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
}

/** What the HTTP fetcher needs: the `Cookie` header to send, if any. */
export interface CookieHeaderSource {
  cookieHeader(sourceId: string, url: string): string | undefined;
}

/** A hostile site could set thousands of cookies to bloat every worker; a real clearance needs a few. */
const MAX_COOKIES_PER_SOURCE = 64;

export class SourceCookieJar implements CookieHeaderSource {
  private readonly bySource = new Map<string, StoredCookie[]>();

  /** Adds or replaces cookies (same name, domain and path) for a source; expired ones are dropped. */
  store(sourceId: string, cookies: readonly StoredCookie[], now = Date.now()): void {
    const kept = (this.bySource.get(sourceId) ?? []).filter(
      (old) => !cookies.some((cookie) => sameCookie(cookie, old)),
    );
    for (const cookie of cookies) {
      if (!isExpired(cookie, now)) kept.push({ ...cookie });
    }
    this.bySource.set(sourceId, kept.slice(-MAX_COOKIES_PER_SOURCE));
  }

  /** Cookies a browser would send to this URL, most specific path first (RFC 6265 §5.4). */
  cookiesFor(sourceId: string, url: string, now = Date.now()): StoredCookie[] {
    const target = new URL(url);
    const live = (this.bySource.get(sourceId) ?? []).filter((cookie) => !isExpired(cookie, now));
    this.bySource.set(sourceId, live);
    return live
      .filter(
        (cookie) =>
          domainMatches(target.hostname, cookie.domain) &&
          pathMatches(target.pathname, cookie.path) &&
          (!cookie.secure || target.protocol === 'https:'),
      )
      .sort((a, b) => b.path.length - a.path.length);
  }

  cookieHeader(sourceId: string, url: string): string | undefined {
    const cookies = this.cookiesFor(sourceId, url);
    if (cookies.length === 0) return undefined;
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  /** Forgets a source's cookies (a clearance that stopped working, the end of a scan). */
  clear(sourceId?: string): void {
    if (sourceId === undefined) this.bySource.clear();
    else this.bySource.delete(sourceId);
  }
}

function sameCookie(a: StoredCookie, b: StoredCookie): boolean {
  return a.name === b.name && a.domain.toLowerCase() === b.domain.toLowerCase() && a.path === b.path;
}

function isExpired(cookie: StoredCookie, now: number): boolean {
  return cookie.expires > 0 && cookie.expires * 1000 <= now;
}

function domainMatches(host: string, cookieDomain: string): boolean {
  const hostname = host.toLowerCase().replace(/^\[|\]$/g, '');
  const domain = cookieDomain.toLowerCase().replace(/^\[|\]$/g, '');
  if (!domain.startsWith('.')) return hostname === domain;
  const bare = domain.slice(1);
  return hostname === bare || hostname.endsWith(domain);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath || '/';
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path.charAt(cookiePath.length) === '/';
}
