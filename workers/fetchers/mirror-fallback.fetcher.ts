import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { FetchResult, PageFetcher } from './http.fetcher.js';

/** What is wrapped: the plain or escalating fetcher, with the browser path when this process has one. */
export type FallbackInner = PageFetcher & {
  fetchWithBrowser?(source: SourceEntry, url: string): Promise<FetchResult>;
  close?(): Promise<void>;
};

export interface MirrorFallbackOptions {
  /** `EXPOSURE_PROXY`: a `.onion` mirror is reachable only through a SOCKS proxy (Tor). */
  proxy?: string;
  /** How long a source stays on the mirror that answered before its main address is tried again. */
  stickyMs?: number;
  log?: Logger;
}

/**
 * A live source whose main address cannot be reached (the connection fails, or it answers with a
 * server error after the retries) is read on its mirrors, in catalog order, under the same rules: the
 * request is made as the same source (one politeness budget for all its addresses), with the mirror as
 * the only host allowed for it (the off-host check and the SSRF guard apply to the mirror as to the main
 * address). An answer of any other kind (a 404, a refusal, a challenge, a request to slow down) is the
 * site's answer and is never taken elsewhere. A source stays on the mirror that answered for a while,
 * so a dead main address costs one failed try per while rather than one per page.
 *
 * A mirror's answer is handed on under the main address (a mirror serves the same pages at the same
 * paths), so the adapters read it as the site's and the links they find lead back here.
 */
export class MirrorFallbackFetcher implements PageFetcher {
  /** Source id -> index into its addresses (0: main) and until when that choice holds. */
  private readonly current = new Map<string, { index: number; until: number }>();

  constructor(
    private readonly inner: FallbackInner,
    private readonly options: MirrorFallbackOptions = {},
  ) {}

  fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    return this.withFallback(source, url, (entry, target) => this.inner.fetch(entry, target));
  }

  fetchWithBrowser(source: SourceEntry, url: string): Promise<FetchResult> {
    const browser = this.inner.fetchWithBrowser?.bind(this.inner);
    if (!browser) throw new Error('this fetcher has no browser path');
    return this.withFallback(source, url, browser);
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private async withFallback(
    source: SourceEntry,
    url: string,
    read: (entry: SourceEntry, url: string) => Promise<FetchResult>,
  ): Promise<FetchResult> {
    const addresses = liveAddresses(source, this.options.proxy);
    const onAddress = addresses.findIndex((address) => isUnder(url, address));
    if (addresses.length === 1 || onAddress < 0) return read(source, url);
    const path = url.slice(addresses[onAddress]!.length);
    const held = this.current.get(source.id);
    const start = held && held.until > Date.now() ? held.index : 0;
    let lastError: unknown;
    let lastAnswer: FetchResult | undefined;
    for (let step = 0; step < addresses.length; step++) {
      const index = (start + step) % addresses.length;
      const address = addresses[index]!;
      const entry = index === 0 ? source : { ...source, baseUrl: address };
      try {
        const answer = await read(entry, address + path);
        if (answer.status < 500) {
          this.hold(source, index);
          return index === 0 ? answer : { ...answer, url: onMainAddress(answer.url, address, addresses[0]!) };
        }
        lastAnswer = answer;
      } catch (error) {
        if (!addressIsDown(error)) throw error;
        lastError = error;
      }
    }
    if (lastAnswer) return lastAnswer;
    throw lastError;
  }

  private hold(source: SourceEntry, index: number): void {
    const before = this.current.get(source.id)?.index ?? 0;
    if (index === 0) {
      this.current.delete(source.id);
    } else {
      this.current.set(source.id, { index, until: Date.now() + (this.options.stickyMs ?? 10 * 60_000) });
    }
    if (before !== index) {
      // The mirror's position only: addresses are the catalog's, but logs say as little as they can.
      this.options.log?.info({ sourceId: source.id, address: index }, 'source read on another address');
    }
  }
}

/** The addresses a page of the source may be read at, main first; `.onion` ones only through SOCKS. */
export function liveAddresses(source: Pick<SourceEntry, 'baseUrl' | 'mirrors'>, proxy?: string): string[] {
  const viaSocks = proxy !== undefined && /^socks5h?:/.test(proxy);
  return [source.baseUrl, ...source.mirrors]
    .filter((address, index) => index === 0 || viaSocks || !new URL(address).hostname.endsWith('.onion'))
    .map((address) => address.replace(/\/+$/, ''));
}

function onMainAddress(url: string, mirror: string, main: string): string {
  return isUnder(url, mirror) ? main + url.slice(mirror.length) : url;
}

function isUnder(url: string, address: string): boolean {
  return url === address || url.startsWith(`${address}/`) || url.startsWith(`${address}?`);
}

/** The address could not be reached at all (not an answer of the site's). */
function addressIsDown(error: unknown): boolean {
  return error instanceof SourceError && (error.kind === 'unreachable' || error.kind === 'server');
}
