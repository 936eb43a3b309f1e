import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Request,
  type Route,
} from 'playwright-core';

/**
 * Starting Chromium and locking it down, for every part of the project that runs one: the fetch pool
 * (workers/fetchers/browser-pool.ts), the PDF printer and the evidence pictures (services/core). Which
 * Chromium, which switches, which proxy, where its files go, and what a page may request live here;
 * how many browsers run and for how long is the pool's business.
 *
 * Nothing about a scan reaches disk (docs/safety.md §4): pages are opened only in off-the-record
 * contexts (`browser.newContext()`), whose cache, cookies and storage live in memory and die with the
 * context, and the browser's disk cache is pointed at nothing. The browser's own files (the unused
 * default profile Playwright creates, Chromium's temporary files) go to a folder named after the
 * process that launched it, deleted when the browser closes, and by the next start of any worker if
 * that process was killed first (`removeLeftoverBrowserFolders`).
 */

/** Chromium's switches; each closes a way it would talk to someone other than the source, or write to disk. */
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
  // No disk cache even for the default profile, which no page uses (pages are off the record).
  '--disk-cache-dir=/dev/null',
  '--disk-cache-size=1',
];

const DEBIAN_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The prefix of every folder a launched Chromium writes to; start-up removes those of dead processes. */
export const BROWSER_FOLDER_PREFIX = 'exposure-chromium-';

/**
 * Where a Chromium lives: the configured path, Playwright's own download, or Debian's package. Returns
 * undefined when there is none (callers fail with a message of their own).
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

export interface ProxySettings {
  server: string;
  username?: string;
  password?: string;
  bypass?: string;
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

export interface LaunchOptions {
  /** An existing Chromium (`resolveBrowserExecutable`); each caller says in its own words when there is none. */
  executablePath: string;
  /** Switches beyond CHROMIUM_ARGS. */
  args?: readonly string[];
  proxy?: ProxySettings;
  timeoutMs?: number;
}

/** A running Chromium and the folder it writes to; `close` ends the process and deletes the folder. */
export interface LaunchedBrowser {
  browser: Browser;
  /** Chromium's temporary folder (its TMPDIR), deleted by `close`. */
  folder: string;
  close(): Promise<void>;
}

/**
 * Chromium puts its singleton socket at `$TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket` and dies
 * at start when that path exceeds what a Unix socket may have (104 bytes on macOS, 108 on Linux).
 */
const MAX_CHROMIUM_TMPDIR = 104 - '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length - 4;

/**
 * The folders this process's browsers use: a folder named with this process's id but not in here is a
 * previous process's (a restarted container gives its worker the same id again).
 */
const launchedHere = new Set<string>();

/**
 * Starts a headless Chromium with no page open. Pages belong in off-the-record contexts made from it
 * (`browser.newContext()`); never a persistent one, whose profile would keep what pages leave.
 */
export async function launchChromium(options: LaunchOptions): Promise<LaunchedBrowser> {
  // Named after this process, so a later start can tell a killed process's folder from a live one's.
  const folder = await mkdtemp(join(tmpdir(), `${BROWSER_FOLDER_PREFIX}${process.pid}-`));
  launchedHere.add(folder);
  const removeFolder = async () => {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    launchedHere.delete(folder);
  };
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: options.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
      timeout: options.timeoutMs ?? 30_000,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      env: browserEnv(folder),
      // Playwright's defaults stop Chromium on SIGINT/SIGTERM; the process decides when to close it,
      // so a signal must not kill the browser mid-page.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await removeFolder();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    browser,
    folder,
    close: () =>
      (closing ??= (async () => {
        await browser.close().catch(() => undefined);
        await removeFolder();
      })()),
  };
}

/**
 * Chromium's environment, so that what it writes outside its profile lands in the folder deleted with
 * it: crash dumps (Crashpad keeps them under the configuration folder even with --disable-breakpad, and
 * a dump holds the pages' memory), its caches, and its temporary files (shared memory when /dev/shm is
 * not used) unless the folder is too deep for the socket Chromium makes there.
 */
function browserEnv(folder: string): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    ...env,
    XDG_CONFIG_HOME: join(folder, 'config'),
    XDG_CACHE_HOME: join(folder, 'cache'),
    ...(folder.length <= MAX_CHROMIUM_TMPDIR ? { TMPDIR: folder } : {}),
  };
}

/**
 * Removes what killed processes left in the temp folder: this project's browser folders whose process
 * is gone (their name carries its id), older versions' profiles (`exposure-chromium-` with no process
 * id: they held cached pages) that no running Chromium uses, and Playwright's own profile folders that
 * no running Chromium uses. Returns the names removed. A live process's folder is never touched, so
 * several workers can share one machine.
 */
export async function removeLeftoverBrowserFolders(folder: string = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const candidates = names.filter(
    (name) => name.startsWith(BROWSER_FOLDER_PREFIX) || PLAYWRIGHT_PROFILE.test(name),
  );
  if (candidates.length === 0) return [];
  const inUse = await profilesInUse();
  const removed: string[] = [];
  for (const name of candidates) {
    const path = join(folder, name);
    const owner = ownerPid(name);
    const leftover =
      owner !== undefined
        ? owner === process.pid
          ? !launchedHere.has(path)
          : !isAlive(owner)
        : inUse
          ? !inUse.has(path) && (await untouchedFor(path, STARTING_MS))
          : await untouchedFor(path, STALE_MS);
    if (!leftover) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    if (!existsSync(path)) removed.push(name);
  }
  return removed;
}

const PLAYWRIGHT_PROFILE = /^playwright_chromiumdev_profile-/;
/** Where running processes cannot be listed: a profile untouched this long is no running browser's. */
const STALE_MS = 24 * 60 * 60 * 1000;
/** A profile this young may be one whose Chromium is still starting (the folder comes first). */
const STARTING_MS = 10_000;

function ownerPid(name: string): number | undefined {
  const match = new RegExp(`^${BROWSER_FOLDER_PREFIX}(\\d+)-`).exec(name);
  return match ? Number(match[1]) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The profile folders running Chromiums were started with (`--user-data-dir=`), read from /proc; undefined
 * where there is no /proc to read.
 */
async function profilesInUse(): Promise<Set<string> | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const used = new Set<string>();
  await Promise.all(
    pids.map(async (pid) => {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      for (const arg of cmdline.split('\0')) {
        if (arg.startsWith('--user-data-dir=')) used.add(arg.slice('--user-data-dir='.length));
      }
    }),
  );
  return used;
}

async function untouchedFor(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

/** How pages are presented to sites: the same desktop profile for every context. */
export interface ContextProfile {
  userAgent: string;
  /**
   * Fixed, never the machine's own: the host's zone would tell a hostile site where the person scanning
   * lives.
   */
  timezoneId: string;
}

/**
 * A new off-the-record context: its cookies, cache and storage live in memory only and are gone when it
 * is closed. Service workers and WebSockets are refused, since both escape request routing.
 */
export async function openOffTheRecordContext(
  browser: Browser,
  profile: ContextProfile,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    userAgent: profile.userAgent,
    timezoneId: profile.timezoneId,
    viewport: { width: 1366, height: 768 },
    serviceWorkers: 'block',
    acceptDownloads: false,
  });
  try {
    // Pages we read have no use for WebSockets; a routed socket never connected to the server goes nowhere.
    await context.routeWebSocket(
      () => true,
      (socket) => socket.close(),
    );
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
  return context;
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

/** Request kinds a fetched page never downloads (Playwright resource types). */
export const DEFAULT_BLOCKED_RESOURCES: readonly string[] = ['image', 'font', 'media'];

/**
 * Applies the fetch lock-down to a new page: blocked resource kinds and every request the page may not
 * make are aborted, redirects included.
 */
export async function lockDownPage(
  context: BrowserContext,
  page: Page,
  options: PageOptions,
  blocked: ReadonlySet<string>,
): Promise<void> {
  await page.route('**/*', (route) => filterRequest(route, options, blocked));
  if (options.allowRequest) await guardRedirects(context, page, options.allowRequest);
}

function filterRequest(route: Route, options: PageOptions, blocked: ReadonlySet<string>): Promise<void> {
  const request = route.request();
  if (!options.loadImages && blocked.has(request.resourceType())) {
    return route.abort('blockedbyclient');
  }
  let url: URL;
  try {
    url = new URL(request.url());
  } catch {
    return route.abort('blockedbyclient');
  }
  if (options.allowRequest && !options.allowRequest(url, isMainDocument(request))) {
    return route.abort('blockedbyclient');
  }
  return route.continue();
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
