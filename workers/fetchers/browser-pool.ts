import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_HEADERS } from './browser-headers.js';
import {
  DEFAULT_BLOCKED_RESOURCES,
  launchChromium,
  lockDownPage,
  openOffTheRecordContext,
  removeLeftoverBrowserFolders,
  resolveBrowserExecutable,
  toPlaywrightProxy,
  type LaunchedBrowser,
  type PageOptions,
  type ProxySettings,
} from './browser-launch.js';

// Where the pool's callers have always found them.
export { CHROMIUM_ARGS, resolveBrowserExecutable, toPlaywrightProxy } from './browser-launch.js';
export type { PageOptions } from './browser-launch.js';

/**
 * A small pool of headless Chromium processes (the pool's "contexts"), after Crawlee's browser pool:
 * launched only when a page first needs one, a bound on them and on pages per process, a process
 * retired after a number of pages (long-lived browsers leak memory and accumulate state a site can
 * fingerprint), and closed when idle so a local scan that never meets a challenge never pays for
 * Chromium at all. A crashed browser takes one of them down, not the pool.
 *
 * Every page is lent in an off-the-record browser context of its own, closed with the page: nothing a
 * page leaves (cookies, cache, storage) outlives it, none of it reaches disk, and no scan sees another
 * scan's (or organisation's) state. What a fetch must carry from page to page, a clearance cookie, the
 * fetcher carries itself (browser.fetcher.ts, cookie-jar.ts). Launching and locking down the browser is
 * browser-launch.ts.
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

/** One page lent by the pool, in an off-the-record context of its own that is closed with it. */
export interface PageLease {
  page: Page;
  context: BrowserContext;
  /** The Chromium process serving the page, stable for its life: lets callers and tests tell them apart. */
  contextId: number;
}

export interface BrowserPoolStats {
  contextsOpen: number;
  contextsLaunched: number;
  contextsRetired: number;
  pagesServed: number;
  pagesOpen: number;
  waiting: number;
}

interface PooledContext {
  id: number;
  ready: Promise<LaunchedBrowser>;
  open: number;
  served: number;
  retiring: boolean;
  idleTimer?: NodeJS.Timeout;
  closing?: Promise<void>;
}

let leftoversRemoved: Promise<string[]> | undefined;

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
      blocked: new Set(options.blockedResourceTypes ?? DEFAULT_BLOCKED_RESOURCES),
    };
  }

  /** Lends a fresh page for one task and takes it back (closed, with its context) whatever happens. */
  async withPage<T>(task: (lease: PageLease) => Promise<T>, pageOptions: PageOptions = {}): Promise<T> {
    const slot = await this.reserve();
    let context: BrowserContext | undefined;
    try {
      const { browser } = await slot.ready;
      context = await openOffTheRecordContext(browser, this.settings);
      const page = await context.newPage();
      await lockDownPage(context, page, pageOptions, this.settings.blocked);
      return await task({ page, context, contextId: slot.id });
    } finally {
      if (context) await context.close().catch(() => undefined);
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

  private async start(slot: PooledContext): Promise<LaunchedBrowser> {
    if (this.proxyProblem) throw this.proxyProblem;
    const executablePath = resolveBrowserExecutable(this.options.executablePath);
    if (!executablePath) {
      throw new Error(
        this.options.executablePath
          ? 'BROWSER_EXECUTABLE_PATH does not point to an existing Chromium'
          : 'no Chromium found: install it (scripts/install-system.sh) or set BROWSER_EXECUTABLE_PATH',
      );
    }
    // Once per process: a local scan killed mid-page left its browsers' folders behind (workers also do
    // this as they start).
    await (leftoversRemoved ??= removeLeftoverBrowserFolders().catch(() => []));
    const launched = await launchChromium({
      executablePath,
      // Language from the command line rather than Playwright's `locale`: that one sends a bare "en-US"
      // on navigations only, and the mismatch with the page's own requests is a fingerprint.
      args: [`--lang=${this.settings.locale}`, `--accept-lang=${this.settings.acceptLanguages}`],
      timeoutMs: this.settings.launchTimeoutMs,
      ...(this.proxy ? { proxy: this.proxy } : {}),
    });
    launched.browser.on('disconnected', () => {
      // Chromium died or was closed under us: forget it so the next page gets a new one.
      slot.retiring = true;
      if (slot.open === 0) void this.retire(slot);
    });
    return launched;
  }

  private retire(slot: PooledContext): Promise<void> {
    if (slot.closing) return slot.closing;
    slot.retiring = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.closing = (async () => {
      const launched = await slot.ready.catch(() => undefined);
      await launched?.close();
      const index = this.contexts.indexOf(slot);
      if (index >= 0) this.contexts.splice(index, 1);
      this.counters.retired++;
      // A slot came free: a waiter may now launch a new context.
      this.waiters.shift()?.();
    })();
    return slot.closing;
  }
}
