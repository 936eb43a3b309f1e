import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { startHttpProxy, type HttpProxy } from '../support/http-proxy.js';
import { startRequestLogServer, type RequestLogServer } from '../support/request-log-server.js';
import { startSocksProxy, type SocksProxy } from '../support/socks-proxy.js';
import { startTcpTap, type TcpTap } from '../support/tcp-tap.js';

/**
 * docs/safety.md §2: with EXPOSURE_PROXY set, every fetch goes through the proxy. The proxies here bind
 * their outgoing connections to 127.0.0.2, so a server tells a proxied request (from 127.0.0.2) from
 * a direct one (from 127.0.0.1) by its peer address alone.
 */
const PROXY_EXIT = '127.0.0.2';

let farm: ReplicaFarm;
let pastebin: SourceEntry;
let target: RequestLogServer;

const peer = (address: string) => address.replace(/^::ffff:/, '');

function sourceAt(baseUrl: string, allowPrivateNetwork = true): SourceEntry {
  return {
    ...pastebin,
    id: 'proxy-test',
    name: 'Proxy test',
    baseUrl,
    allowPrivateNetwork,
    politeness: { ...pastebin.politeness, requestsPerSecond: 50, concurrency: 4 },
  };
}

/** A resolver that fails the test if anything tries to resolve a target name locally. */
const noLocalDns = async (hostname: string): Promise<LookupAddress[]> => {
  throw new Error(`a target name was resolved locally: ${hostname}`);
};

beforeAll(async () => {
  farm = await startReplicaFarm();
  pastebin = loadCatalog({ overrides: farm.overrides }).get('pastebin');
  target = await startRequestLogServer();
});

afterAll(async () => {
  await target?.close();
  await farm?.close();
});

describe('SOCKS5 proxy (microsocks)', () => {
  let socks: SocksProxy;
  beforeAll(async () => {
    socks = await startSocksProxy({ bindAddress: PROXY_EXIT });
  }, 120_000);
  afterAll(() => socks?.close());

  it('sends every request through the proxy: the server sees only the proxy as its peer', async () => {
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      proxy: socks.url,
      resolveHost: noLocalDns,
    });
    const direct = new HttpFetcher({ gate: new InProcessSourceGate() });
    try {
      const source = sourceAt(target.url);
      const before = target.log.length;
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => fetcher.fetch(source, `${target.url}/socks/${i}`)),
      );
      const proxied = target.log.slice(before);
      expect(proxied).toHaveLength(6);
      expect(proxied.map((entry) => peer(entry.remoteAddress))).toEqual(Array(6).fill(PROXY_EXIT));

      // Control: without a proxy the same server sees this process itself.
      await direct.fetch(source, `${target.url}/direct`);
      expect(peer(target.log.at(-1)!.remoteAddress)).toBe('127.0.0.1');
    } finally {
      await Promise.all([fetcher.close(), direct.close()]);
    }
  });

  it('fetches the replica farm through the proxy: every connection the farm served came from the proxy', async () => {
    const tap: TcpTap = await startTcpTap({
      host: '127.0.0.1',
      port: Number(new URL(farm.baseUrls.pastebin!).port),
    });
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      proxy: socks.url,
      resolveHost: noLocalDns,
    });
    try {
      const source = sourceAt(tap.url);
      const before = farm.requestCount('pastebin');
      const archive = await fetcher.fetch(source, `${tap.url}/archive`);
      const found = getAdapter('pastebin').parseSearchPage(source, archive.body, archive.url);
      expect(found.pages.length).toBeGreaterThan(1);
      const pages = found.pages.slice(0, 3);
      for (const ref of pages) expect((await fetcher.fetch(source, ref.url)).status).toBe(200);

      const fetched = 1 + pages.length;
      console.info(
        `proxy: ${fetched} fetches, farm received ${farm.requestCount('pastebin') - before} requests over ${tap.peers.length} connections, peers ${[...new Set(tap.peers)].join(',')}`,
      );
      expect(farm.requestCount('pastebin') - before).toBe(fetched);
      expect(tap.peers.length).toBeGreaterThan(0);
      expect(new Set(tap.peers)).toEqual(new Set([PROXY_EXIT]));
      // And the proxy's own log has one tunnel for each of those connections.
      const tapPort = new URL(tap.url).port;
      expect(socks.log().filter((line) => line.endsWith(`connected to 127.0.0.1:${tapPort}`))).toHaveLength(
        tap.peers.length,
      );
    } finally {
      await fetcher.close();
      await tap.close();
    }
  });

  it('socks5h: the proxy resolves the target name; nothing is looked up locally', async () => {
    // No bound exit here: microsocks may resolve "localhost" to ::1, which 127.0.0.2 cannot reach.
    const plain = await startSocksProxy();
    const dualStack = await startRequestLogServer(undefined, '::');
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      proxy: plain.url.replace(/^socks5:/, 'socks5h:'),
      resolveHost: noLocalDns,
    });
    try {
      const base = `http://localhost:${dualStack.port}`;
      const page = await fetcher.fetch(sourceAt(base), `${base}/named`);
      expect(page.status).toBe(200);
      expect(dualStack.log.map((entry) => entry.headers.host)).toEqual([`localhost:${dualStack.port}`]);
    } finally {
      await fetcher.close();
      await dualStack.close();
      await plain.close();
    }
  });

  it('still refuses a private target for a source without allowPrivateNetwork, before the proxy hears of it', async () => {
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      proxy: socks.url,
      resolveHost: noLocalDns,
    });
    try {
      const before = target.log.length;
      const linesBefore = socks.log().length;
      const error = await fetcher
        .fetch(sourceAt(target.url, false), `${target.url}/private`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'refused', reason: 'ssrf:loopback' });
      expect(target.log.length).toBe(before);
      expect(socks.log().length).toBe(linesBefore);
    } finally {
      await fetcher.close();
    }
  });

  it('never falls back to a direct connection when the proxy is down', async () => {
    const gone = await startSocksProxy();
    await gone.close();
    const fetcher = new HttpFetcher({ gate: new InProcessSourceGate(), proxy: gone.url });
    try {
      const before = target.log.length;
      const error = await fetcher
        .fetch(sourceAt(target.url), `${target.url}/while-down`)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unreachable' });
      expect(target.log.length).toBe(before);
    } finally {
      await fetcher.close();
    }
  });
});

describe('HTTP proxy', () => {
  let proxy: HttpProxy;
  beforeAll(async () => {
    proxy = await startHttpProxy({ bindAddress: PROXY_EXIT, requireAuth: 'scan:s3cret' });
  });
  afterAll(() => proxy?.close());

  it('tunnels every request through the proxy with its credentials: the server sees only the proxy', async () => {
    const url = new URL(proxy.url);
    url.username = 'scan';
    url.password = 's3cret';
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      proxy: url.href,
      resolveHost: noLocalDns,
    });
    try {
      const source = sourceAt(target.url);
      const before = target.log.length;
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => fetcher.fetch(source, `${target.url}/http/${i}`)),
      );
      const proxied = target.log.slice(before);
      expect(proxied).toHaveLength(5);
      expect(proxied.map((entry) => peer(entry.remoteAddress))).toEqual(Array(5).fill(PROXY_EXIT));
      expect(proxy.log.length).toBeGreaterThan(0);
      for (const entry of proxy.log) {
        expect(entry).toMatchObject({ method: 'CONNECT', target: `127.0.0.1:${target.port}` });
        expect(entry.proxyAuthorization).toBe(`Basic ${Buffer.from('scan:s3cret').toString('base64')}`);
      }
      // Nothing of the request itself names the proxy or the scanner.
      expect(proxied[0]!.headers['proxy-authorization']).toBeUndefined();
    } finally {
      await fetcher.close();
    }
  });

  it('fetches the replica farm through the HTTP proxy', async () => {
    const url = new URL(proxy.url);
    url.username = 'scan';
    url.password = 's3cret';
    const fetcher = new HttpFetcher({ gate: new InProcessSourceGate(), proxy: url.href });
    try {
      const before = farm.requestCount('pastebin');
      const connects = proxy.log.length;
      const archive = await fetcher.fetch(pastebin, `${farm.baseUrls.pastebin}/archive`);
      expect(archive.status).toBe(200);
      expect(farm.requestCount('pastebin')).toBe(before + 1);
      expect(proxy.log.slice(connects).map((entry) => entry.target)).toEqual([
        new URL(farm.baseUrls.pastebin!).host,
      ]);
    } finally {
      await fetcher.close();
    }
  });
});
