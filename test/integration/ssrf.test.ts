import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import type { ResolveHost } from '../../workers/fetchers/ssrf-guard.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { startRequestLogServer, type RequestLogServer } from '../support/request-log-server.js';

/**
 * docs/safety.md §5: a URL from a page never makes a worker reach a private, loopback, link-local or
 * metadata address, unless the source was configured there on purpose (`allowPrivateNetwork`, as the
 * replica farm is). Each refusal is proven on the internal server's own log: it received nothing.
 */
let farm: ReplicaFarm;
let pastebin: SourceEntry;
/** Stands for an internal service (an admin panel, a metadata endpoint) on loopback, IPv4 and IPv6. */
let internal: RequestLogServer;

const resolver =
  (answers: (hostname: string) => string[]): ResolveHost =>
  async (hostname) =>
    answers(hostname).map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));

function source(baseUrl: string, allowPrivateNetwork: boolean): SourceEntry {
  return {
    ...pastebin,
    id: 'ssrf-test',
    name: 'SSRF test',
    baseUrl,
    allowPrivateNetwork,
    politeness: { ...pastebin.politeness, requestsPerSecond: 50 },
  };
}

async function refusal(fetcher: HttpFetcher, entry: SourceEntry, url: string): Promise<SourceError> {
  const error = await fetcher.fetch(entry, url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${url} must be refused`).toBeInstanceOf(SourceError);
  return error as SourceError;
}

beforeAll(async () => {
  farm = await startReplicaFarm();
  pastebin = loadCatalog({ overrides: farm.overrides }).get('pastebin');
  // '::' listens on IPv4 and IPv6 loopback alike, so 127.0.0.1, localhost and [::1] all reach it.
  internal = await startRequestLogServer(
    () => ({ body: '<html><body>internal secrets</body></html>' }),
    '::',
  );
});

afterAll(async () => {
  await internal?.close();
  await farm?.close();
});

describe('SSRF guard in the HTTP fetcher', () => {
  const fetcher = new HttpFetcher({ gate: new InProcessSourceGate() });
  afterAll(() => fetcher.close());

  it('fetches the replica farm, which is configured on loopback on purpose', async () => {
    expect(pastebin.allowPrivateNetwork).toBe(true);
    const before = farm.requestCount('pastebin');
    const page = await fetcher.fetch(pastebin, `${farm.baseUrls.pastebin}/archive`);
    expect(page.status).toBe(200);
    expect(farm.requestCount('pastebin')).toBe(before + 1);
  });

  it('refuses the same replica for a source not configured there on purpose', async () => {
    const before = farm.requestCount('pastebin');
    const error = await refusal(
      fetcher,
      { ...pastebin, allowPrivateNetwork: false },
      `${farm.baseUrls.pastebin}/archive`,
    );
    expect(error).toMatchObject({ kind: 'refused', reason: 'ssrf:loopback' });
    expect(farm.requestCount('pastebin')).toBe(before);
  });

  it.each([
    ['loopback IPv4', () => `http://127.0.0.1:${internal.port}/admin`, 'ssrf:loopback'],
    ['localhost', () => `http://localhost:${internal.port}/admin`, 'ssrf:loopback'],
    ['loopback IPv6', () => `http://[::1]:${internal.port}/admin`, 'ssrf:loopback'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${internal.port}/admin`, 'ssrf:loopback'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', 'ssrf:metadata'],
  ])('does not fetch a link to %s for a source without allowPrivateNetwork', async (_label, link, reason) => {
    const url = link();
    const before = internal.log.length;
    // The link's own origin as the source: the host rule passes, so only the SSRF guard stands between.
    const error = await refusal(fetcher, source(new URL(url).origin, false), url);
    expect(error.kind, url).toBe('refused');
    expect(error.reason, url).toBe(reason);
    expect(error.message).not.toContain(url);
    expect(internal.log.length, url).toBe(before);
  });

  it.each([
    ['loopback IPv4', () => `http://127.0.0.1:${internal.port}/admin`],
    ['localhost', () => `http://localhost:${internal.port}/admin`],
    ['loopback IPv6', () => `http://[::1]:${internal.port}/admin`],
  ])('does fetch %s for a source configured there on purpose (control)', async (_label, link) => {
    const url = link();
    const before = internal.log.length;
    const page = await fetcher.fetch(source(new URL(url).origin, true), url);
    expect(page.body).toContain('internal secrets');
    expect(internal.log.length).toBe(before + 1);
  });

  it('never follows a link from a replica page to an internal address (the host rule and the guard)', async () => {
    const before = internal.log.length;
    for (const url of [
      `http://127.0.0.1:${internal.port}/admin`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const error = await refusal(fetcher, pastebin, url);
      expect(error.kind).toBe('refused');
    }
    expect(internal.log.length).toBe(before);
  });
});

describe('SSRF guard on names (injected resolver: no DNS offline)', () => {
  it('refuses a hostname that resolves to a private address, and fetches it when allowed on purpose', async () => {
    const fetcher = new HttpFetcher({
      gate: new InProcessSourceGate(),
      resolveHost: resolver((hostname) => (hostname === 'forum.test' ? ['127.0.0.1'] : [])),
    });
    try {
      const url = `http://forum.test:${internal.port}/thread/1`;
      const before = internal.log.length;
      const error = await refusal(fetcher, source(`http://forum.test:${internal.port}`, false), url);
      expect(error).toMatchObject({ kind: 'refused', reason: 'ssrf:loopback' });
      expect(internal.log.length).toBe(before);

      // The same resolver serves the connection itself: allowed on purpose, it reaches the server.
      const page = await fetcher.fetch(source(`http://forum.test:${internal.port}`, true), url);
      expect(page.status).toBe(200);
      expect(internal.log.length).toBe(before + 1);
      expect(internal.log.at(-1)!.headers.host).toBe(`forum.test:${internal.port}`);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a name that rebinds to loopback between the check and the connection', async () => {
    let calls = 0;
    // First answer (the check before the request) public, every later one (the connection) loopback.
    const rebinding = resolver(() => (calls++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']));
    const fetcher = new HttpFetcher({ gate: new InProcessSourceGate(), resolveHost: rebinding });
    try {
      const before = internal.log.length;
      const error = await refusal(
        fetcher,
        source(`http://rebind.test:${internal.port}`, false),
        `http://rebind.test:${internal.port}/`,
      );
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(error).toMatchObject({ kind: 'refused', reason: 'ssrf:loopback' });
      expect(internal.log.length).toBe(before);
    } finally {
      await fetcher.close();
    }
  });
});

describe('SSRF guard on redirects', () => {
  let redirecting: RequestLogServer;
  beforeAll(async () => {
    redirecting = await startRequestLogServer((path) =>
      path === '/to-metadata'
        ? { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
        : path === '/to-internal'
          ? { status: 302, headers: { location: `http://[::1]:${internal.port}/admin` } }
          : path === '/to-same-host'
            ? { status: 301, headers: { location: '/landing' } }
            : {},
    );
  });
  afterAll(() => redirecting.close());

  it('checks every hop: a redirect to an internal address is not followed, one on the same host is', async () => {
    const fetcher = new HttpFetcher({ gate: new InProcessSourceGate() });
    try {
      const replica = source(redirecting.url, true);
      const before = internal.log.length;
      for (const path of ['/to-metadata', '/to-internal']) {
        const error = await refusal(fetcher, replica, `${redirecting.url}${path}`);
        expect(error.kind, path).toBe('refused');
      }
      expect(internal.log.length).toBe(before);
      const landed = await fetcher.fetch(replica, `${redirecting.url}/to-same-host`);
      expect(landed.url).toBe(`${redirecting.url}/landing`);
    } finally {
      await fetcher.close();
    }
  });
});
