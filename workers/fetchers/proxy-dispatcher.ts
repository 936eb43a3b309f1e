/**
 * The undici dispatchers every HTTP fetch goes through (docs/safety.md §2).
 *
 * - No proxy: undici Agents whose connections resolve names through the SSRF guard (ssrf-guard.ts),
 *   so the address checked is the address connected to.
 * - `http://` / `https://` proxy: undici's ProxyAgent (CONNECT tunnel for every target, so the proxy
 *   never sees or rewrites the request, only host and port).
 * - `socks5://` / `socks5h://` proxy: undici's built-in Socks5ProxyAgent (undici >= 7.x; it prints one
 *   ExperimentalWarning per process). It always hands the target *name* to the proxy, so the proxy
 *   resolves it. We keep that for `socks5://` too, unlike curl: resolving locally would tell the local
 *   resolver (the ISP, the office network) which hostile sites the person is checking, which is what
 *   the proxy is there to hide. Both schemes therefore behave as `socks5h`.
 *
 * Through a proxy the SSRF guard checks IP literals and `localhost` names before each request (see
 * ssrf-guard.ts for what that leaves to the proxy).
 */
import { Agent, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici';
import { createLookup, systemResolveHost, type ResolveHost } from './ssrf-guard.js';

export interface OutboundDispatchers {
  /** For sources without `allowPrivateNetwork`. */
  guarded: Dispatcher;
  /** For sources configured on a private address on purpose. */
  open: Dispatcher;
  /** True when a proxy resolves target names (no local DNS for targets). */
  proxied: boolean;
  close(): Promise<void>;
}

export interface OutboundOptions {
  /** EXPOSURE_PROXY: http://, https://, socks5:// or socks5h://, with optional user:password@. */
  proxy?: string | undefined;
  /** Name resolution for direct connections (tests inject one; production uses the system's). */
  resolveHost?: ResolveHost;
  connections?: number;
  keepAliveTimeoutMs?: number;
}

export function createOutboundDispatchers(options: OutboundOptions = {}): OutboundDispatchers {
  const pool = {
    connections: options.connections ?? 32,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
  };
  if (options.proxy) {
    const dispatcher = createProxyDispatcher(options.proxy, pool);
    return { guarded: dispatcher, open: dispatcher, proxied: true, close: () => dispatcher.close() };
  }
  const resolveHost = options.resolveHost ?? systemResolveHost;
  const guarded = new Agent({ ...pool, connect: { lookup: createLookup(resolveHost, true) } });
  const open = new Agent({ ...pool, connect: { lookup: createLookup(resolveHost, false) } });
  return {
    guarded,
    open,
    proxied: false,
    close: async () => {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}

function createProxyDispatcher(
  proxy: string,
  pool: { connections: number; keepAliveTimeout: number },
): Dispatcher {
  const url = new URL(proxy);
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return new ProxyAgent({ uri: url.href, ...pool });
    case 'socks5:':
    case 'socks5h:': {
      // undici accepts only `socks5:`; both schemes behave as socks5h (see above). Credentials in the
      // URL are read by undici, percent-decoded.
      const socks = new URL(url.href.replace(/^socks5h:/, 'socks5:'));
      if (!socks.port) socks.port = '1080';
      return new Socks5ProxyAgent(socks.href, pool);
    }
    default:
      throw new Error(`unsupported proxy scheme ${url.protocol} (use http, https, socks5 or socks5h)`);
  }
}
