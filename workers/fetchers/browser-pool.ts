import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Request,
  type Route,
} from 'playwright-core';
import { BROWSER_HEADERS } from './browser-headers.js';

/**
 * A small pool of headless Chromium contexts, after Crawlee's browser pool: launched only when a page
 * first needs one, a bound on contexts and on pages per context, a context retired after a number of
 * pages (long-lived browsers leak memory and accumulate state a site can fingerprint), and closed when
 * idle so a local scan that never meets a challenge never pays for Chromium at all.
 *
 * Each context is its own Chromium process with a new, empty user-data directory, deleted when the
 * context is retired: nothing (cookies, cache, storage) outlives it, and a crashed browser takes one
 * context down, not the pool.
 */

export interface BrowserPoolOptions {
  /** `BROWSER_EXECUTABLE_PATH`; otherwise Playwright's own Chromium, then Debian's. */
  executablePath?: string;
  /** `EXPOSURE_PROXY`: `http://`, `https://` or `socks5://` (e.g. Tor at socks5://127.0.0.1:9050). */
  proxy?: string;
  /** Contexts (Chromium processes) alive at once. Default 2: the workers run on small machines. */
  maxContexts?: number;
  /** Pages open at once in one context. Default 2. */
  pagesPerContext?: number;
  /** Pages a context serves before it is replaced by a fresh one. Default 50. */
  retireAfterPages?: number;
  /** A context with no page open for this long is closed. Default 60 s. */
  idleCloseMs?: number;
  launchTimeoutMs?: number;
  /** Request kinds never downloaded (Playwright resource types). Default images, fonts, media. */
  blockedResourceTypes?: readonly string[];
  /** Default: the same desktop profile as the HTTP path, so a clearance earned here still fits there. */
  userAgent?: string;
  locale?: string;
  /**
   * Fixed, never the machine's own: the host's zone would tell a hostile site where the person scanning
   * lives. UTC by default, as Tor Browser does.
   */
  timezoneId?: string;
}

/** One page lent by the pool, and the context it lives in. */
export interface PageLease {
  page: Page;
  context: BrowserContext;
  /** Stable for the context's life: lets callers and tests tell contexts apart. */
  contextId: number;
}

export interface PageOptions {
  /**
   * Every request the page makes (documents, scripts, XHR) is checked with this; refused ones are
   * aborted. The fetcher allows only the source's own host, so a hostile page can neither make the
   * worker reach an internal address nor call third parties.
   */
  allowRequest?: (url: URL, mainDocument: boolean) => boolean;
  /** Load images and fonts too (evidence screenshots). */
  loadImages?: boolean;
}

export interface BrowserPoolStats {
  contextsOpen: number;
  contextsLaunched: number;
  contextsRetired: number;
  pagesServed: number;
  pagesOpen: number;
  waiting: number;
}

/** Chromium's switches; each closes a way it would talk to someone other than the source. */
export const CHROMIUM_ARGS = [
  // Workers run as root in containers, where the sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // QUIC is UDP: it would bypass an HTTP/SOCKS proxy and reveal the real address.
  '--disable-quic',
  '--no-first-run',
  // No calls home to Google (safe-browsing lists, variations, updates, sync) outside the proxy.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebRTC's STUN would otherwise announce the machine's own addresses to page scripts.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

const DEFAULT_BLOCKED: readonly string[] = ['image', 'font', 'media'];
const DEBIAN_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Where a Chromium lives: the configured path, Playwright's own download, or Debian's package. Returns
 * undefined when there is none (tests skip on that; a worker fails with a clear message).
 */
export function resolveBrowserExecutable(configured?: string): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  return [bundled, ...DEBIAN_CHROMIUM].find((path): path is string => Boolean(path && existsSync(path)));
}

interface ProxySettings {
  server: string;
  username?: string;
  password?: string;
}

/** Translates `EXPOSURE_PROXY` into Playwright's form; refuses what Chromium cannot do rather than going direct. */
export function toPlaywrightProxy(proxy: string): ProxySettings {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new Error('EXPOSURE_PROXY is not a URL (expected http://host:port or socks5://host:port)');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  // Chromium's socks5 already resolves host names at the proxy (what socks5h means elsewhere), so a
  // hostile site's name is never looked up on the local resolver.
  const chromiumScheme = scheme === 'socks5h' ? 'socks5' : scheme;
  if (!['http', 'https', 'socks4', 'socks5'].includes(chromiumScheme)) {
    throw new Error(`EXPOSURE_PROXY scheme "${scheme}" is not supported by the browser`);
  }
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if ((username || password) && chromiumScheme.startsWith('socks')) {
    throw new Error('the browser cannot authenticate to a SOCKS proxy; use one without a password');
  }
  return {
    server: `${chromiumScheme}://${url.host}`,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

interface PooledContext {
  id: number;
  ready: Promise<BrowserContext>;
  context?: BrowserContext;
  userDataDir?: string;
  open: number;
  served: number;
  retiring: boolean;
  idleTimer?: NodeJS.Timeout;
  closing?: Promise<void>;
}

export class BrowserPool {
  private readonly contexts: PooledContext[] = [];
  private readonly waiters: Array<() => void> = [];
  private nextId = 1;
  private closed = false;
  private readonly counters = { launched: 0, retired: 0, served: 0 };
  private readonly proxy: ProxySettings | undefined;
  /** A proxy setting the browser cannot use: every launch fails with it, nothing goes out direct. */
  private readonly proxyProblem: Error | undefined;
  private readonly settings: Required<
    Omit<BrowserPoolOptions, 'executablePath' | 'proxy' | 'blockedResourceTypes'>
  > & { blocked: ReadonlySet<string>; acceptLanguages: string };

  constructor(private readonly options: BrowserPoolOptions = {}) {
    // A proxy the browser cannot use never means fetching without it. It fails the browser's pages, not
    // the process: plain-HTTP sources still work through it (undici can authenticate to SOCKS).
    let proxy: ProxySettings | undefined;
    let proxyProblem: Error | undefined;
    try {
      proxy = options.proxy ? toPlaywrightProxy(options.proxy) : undefined;
    } catch (error) {
      proxyProblem = error as Error;
    }
    this.proxy = proxy;
    this.proxyProblem = proxyProblem;
    const locale = options.locale ?? 'en-US';
    const language = locale.split('-')[0] ?? locale;
    this.settings = {
      maxContexts: Math.max(1, options.maxContexts ?? 2),
      pagesPerContext: Math.max(1, options.pagesPerContext ?? 2),
      retireAfterPages: Math.max(1, options.retireAfterPages ?? 50),
      idleCloseMs: options.idleCloseMs ?? 60_000,
      launchTimeoutMs: options.launchTimeoutMs ?? 30_000,
      userAgent: options.userAgent ?? BROWSER_HEADERS['user-agent'] ?? '',
      locale,
      // "en-US,en", which Chromium sends as "en-US,en;q=0.9": what the HTTP path sends too.
      acceptLanguages: language === locale ? locale : `${locale},${language}`,
      timezoneId: options.timezoneId ?? 'UTC',
      blocked: new Set(options.blockedResourceTypes ?? DEFAULT_BLOCKED),
    };
  }

  /** Lends a fresh page for one task and takes it back (closed) whatever happens. */
  async withPage<T>(task: (lease: PageLease) => Promise<T>, pageOptions: PageOptions = {}): Promise<T> {
    const slot = await this.reserve();
    let page: Page | undefined;
    try {
      const context = await slot.ready;
      page = await context.newPage();
      await page.route('**/*', (route) => this.filter(route, pageOptions));
      if (pageOptions.allowRequest) await guardRedirects(context, page, pageOptions.allowRequest);
      return await task({ page, context, contextId: slot.id });
    } finally {
      if (page) await page.close().catch(() => undefined);
      this.release(slot);
    }
  }

  /** Whether every request leaves through EXPOSURE_PROXY (then names are resolved at the proxy). */
  get proxied(): boolean {
    return this.options.proxy !== undefined;
  }

  stats(): BrowserPoolStats {
    return {
      contextsOpen: this.contexts.length,
      contextsLaunched: this.counters.launched,
      contextsRetired: this.counters.retired,
      pagesServed: this.counters.served,
      pagesOpen: this.contexts.reduce((sum, slot) => sum + slot.open, 0),
      waiting: this.waiters.length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    await Promise.all([...this.contexts].map((slot) => this.retire(slot)));
  }

  private async reserve(): Promise<PooledContext> {
    for (;;) {
      if (this.closed) throw new Error('the browser pool is closed');
      const free = this.contexts.find(
        (slot) =>
          !slot.retiring &&
          slot.open < this.settings.pagesPerContext &&
          slot.served < this.settings.retireAfterPages,
      );
      const slot = free ?? (this.contexts.length < this.settings.maxContexts ? this.launch() : undefined);
      if (slot) {
        // Counted before any await, so concurrent callers never overfill a context.
        slot.open++;
        slot.served++;
        this.counters.served++;
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        if (slot.served >= this.settings.retireAfterPages) slot.retiring = true;
        try {
          await slot.ready;
        } catch (error) {
          slot.open--;
          await this.retire(slot);
          throw error;
        }
        return slot;
      }
      // Every context is full or being retired: wait until one gives a page back or goes away.
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(slot: PooledContext): void {
    slot.open--;
    if (slot.open === 0) {
      if (slot.retiring) {
        void this.retire(slot);
      } else if (!this.closed) {
        slot.idleTimer = setTimeout(() => void this.retire(slot), this.settings.idleCloseMs);
        slot.idleTimer.unref();
      }
    }
    this.waiters.shift()?.();
  }

  private launch(): PooledContext {
    const slot = { id: this.nextId++, open: 0, served: 0, retiring: false } as PooledContext;
    slot.ready = this.start(slot);
    // A failed launch is reported to the caller that reserved the slot; this only stops an
    // unhandled-rejection warning for the copy nobody else awaits.
    slot.ready.catch(() => undefined);
    this.contexts.push(slot);
    this.counters.launched++;
    return slot;
  }

  private async start(slot: PooledContext): Promise<BrowserContext> {
    if (this.proxyProblem) throw this.proxyProblem;
    const executablePath = resolveBrowserExecutable(this.options.executablePath);
    if (!executablePath) {
      throw new Error(
        this.options.executablePath
          ? 'BROWSER_EXECUTABLE_PATH does not point to an existing Chromium'
          : 'no Chromium found: install it (scripts/install-system.sh) or set BROWSER_EXECUTABLE_PATH',
      );
    }
    slot.userDataDir = await mkdtemp(join(tmpdir(), 'exposure-chromium-'));
    const context = await chromium.launchPersistentContext(slot.userDataDir, {
      executablePath,
      headless: true,
      // Language from the command line rather than Playwright's `locale`: that one sends a bare "en-US"
      // on navigations only, and the mismatch with the page's own requests is a fingerprint.
      args: [
        ...CHROMIUM_ARGS,
        `--lang=${this.settings.locale}`,
        `--accept-lang=${this.settings.acceptLanguages}`,
      ],
      timeout: this.settings.launchTimeoutMs,
      ...(this.proxy ? { proxy: this.proxy } : {}),
      userAgent: this.settings.userAgent,
      timezoneId: this.settings.timezoneId,
      viewport: { width: 1366, height: 768 },
      // A service worker's requests would bypass the routing below.
      serviceWorkers: 'block',
      acceptDownloads: false,
      // Playwright's defaults stop Chromium's own handling of SIGINT/SIGTERM; the worker decides when
      // to close the pool, so signals must not kill the browser mid-page.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // WebSockets escape request routing; pages we read have no use for them. A routed socket that is
    // never connected to the server goes nowhere.
    await context.routeWebSocket(
      () => true,
      (socket) => socket.close(),
    );
    context.on('close', () => {
      // Chromium died or was closed under us: forget the context so the next page gets a new one.
      slot.retiring = true;
      if (slot.open === 0) void this.retire(slot);
    });
    slot.context = context;
    return context;
  }

  private filter(route: Route, pageOptions: PageOptions): Promise<void> {
    const request = route.request();
    if (!pageOptions.loadImages && this.settings.blocked.has(request.resourceType())) {
      return route.abort('blockedbyclient');
    }
    let url: URL;
    try {
      url = new URL(request.url());
    } catch {
      return route.abort('blockedbyclient');
    }
    if (pageOptions.allowRequest && !pageOptions.allowRequest(url, isMainDocument(request))) {
      return route.abort('blockedbyclient');
    }
    return route.continue();
  }

  private retire(slot: PooledContext): Promise<void> {
    if (slot.closing) return slot.closing;
    slot.retiring = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.closing = (async () => {
      const context = await slot.ready.catch(() => undefined);
      await context?.close().catch(() => undefined);
      if (slot.userDataDir)
        await rm(slot.userDataDir, { recursive: true, force: true }).catch(() => undefined);
      const index = this.contexts.indexOf(slot);
      if (index >= 0) this.contexts.splice(index, 1);
      this.counters.retired++;
      // A slot came free: a waiter may now launch a new context.
      this.waiters.shift()?.();
    })();
    return slot.closing;
  }
}

/** A navigation of the top-level page (not an iframe's, not a subresource). */
function isMainDocument(request: Request): boolean {
  if (!request.isNavigationRequest()) return false;
  try {
    return request.frame().parentFrame() === null;
  } catch {
    // Requests of service workers have no frame; those are blocked anyway.
    return false;
  }
}

/**
 * Playwright's routing never sees a redirect's next hop (by design: it intercepts at the page's edge of
 * the network stack), so a source could 302 the browser to an internal address and the request would
 * go out. A DevTools session of our own pauses every response before Chromium acts on it and fails a
 * redirect whose target the page may not reach: the off-host request is never sent.
 */
async function guardRedirects(
  context: BrowserContext,
  page: Page,
  allowRequest: NonNullable<PageOptions['allowRequest']>,
): Promise<void> {
  const session = await context.newCDPSession(page);
  const { frameTree } = await session.send('Page.getFrameTree');
  const mainFrameId = frameTree.frame.id;
  session.on(
    'Fetch.requestPaused',
    (event) => void decideResponse(session, event, mainFrameId, allowRequest),
  );
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Response' }] });
}

/** The fields of DevTools' `Fetch.requestPaused` we read (playwright-core does not export its protocol types). */
interface PausedResponse {
  requestId: string;
  request: { url: string };
  frameId: string;
  resourceType: string;
  responseStatusCode?: number;
  responseHeaders?: Array<{ name: string; value: string }>;
}

async function decideResponse(
  session: CDPSession,
  event: PausedResponse,
  mainFrameId: string,
  allowRequest: NonNullable<PageOptions['allowRequest']>,
): Promise<void> {
  const status = event.responseStatusCode ?? 0;
  const location =
    status >= 300 && status < 400
      ? event.responseHeaders?.find((header) => header.name.toLowerCase() === 'location')?.value
      : undefined;
  let allowed = true;
  if (location !== undefined) {
    try {
      const mainDocument = event.resourceType === 'Document' && event.frameId === mainFrameId;
      allowed = allowRequest(new URL(location, event.request.url), mainDocument);
    } catch {
      allowed = false;
    }
  }
  // The page may be closing under us; a failed command then changes nothing.
  await (
    allowed
      ? session.send('Fetch.continueRequest', { requestId: event.requestId })
      : session.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' })
  ).catch(() => undefined);
}
