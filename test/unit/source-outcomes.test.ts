/**
 * What each paste, dox, archive and forum source's answer becomes in the report's coverage, as one
 * table: the real search processor, the real plain-HTTP fetcher (with its in-place retries) and each
 * adapter, against a local server answering what the site would. "Could not look" must never read as
 * "nothing there", and "nothing there" must never fail a source.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { describeCoverage, type Coverage } from '../../shared/domain/coverage.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { RetryingFetcher } from '../../workers/fetchers/retrying.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import type { PipelineDeps } from '../../workers/processors/pipeline.deps.js';
import type { ScanContextLoader } from '../../workers/processors/scan-context.js';
import { createSearchProcessor } from '../../workers/processors/search.processor.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';

interface Answer {
  status: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

/** What the site answers to every request of the row, or `dead`: nothing listens. */
type Scenario = Answer | 'dead';

interface Row {
  source: string;
  situation: string;
  answer: Scenario;
  coverage: Coverage;
  /** Words the recorded reason must hold. */
  reason?: RegExp;
}

const html = (body: string, status = 200): Answer => ({ status, body, type: 'text/html' });
const json = (body: unknown, status = 200): Answer => ({
  status,
  body: JSON.stringify(body),
  type: 'application/json',
});

const CAPTCHA = html(
  '<!DOCTYPE html><html><head><title>archive.today</title></head><body><form><p>Please complete the CAPTCHA to continue.</p></form></body></html>',
);
const TOO_MANY: Answer = {
  status: 429,
  body: '<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1></body></html>',
  type: 'text/html',
  headers: { 'retry-after': '30' },
};
const SERVER_ERROR = html('<html><body><h1>502 Bad Gateway</h1></body></html>', 502);
const KIWIFLARE = {
  status: 203,
  body: '<!DOCTYPE html><html id="sssg" lang="en"><head><title>Just a moment</title></head><body data-sssg-challenge="00" data-sssg-difficulty="18"></body></html>',
  type: 'text/html',
};
const PASTEBIN_ARCHIVE = html(
  `<html><body><table class="maintable">${['Ab12Cd34', 'Ef56Gh78', 'Ij90Kl12']
    .map((key) => `<tr><td><a href="/${key}">paste</a></td><td><a href="/archive/text">text</a></td></tr>`)
    .join('')}</table></body></html>`,
);

/** What every source shares: refusals, slow-downs, challenges, dead and failing servers. */
function common(source: string): Row[] {
  return [
    { source, situation: '401', answer: html('<h1>Unauthorized</h1>', 401), coverage: 'blocked' },
    { source, situation: '403', answer: html('<h1>Forbidden</h1>', 403), coverage: 'blocked' },
    { source, situation: '429 after the allowed waits', answer: TOO_MANY, coverage: 'rate-limited' },
    { source, situation: 'a CAPTCHA', answer: CAPTCHA, coverage: 'challenge' },
    { source, situation: 'connection refused', answer: 'dead', coverage: 'unreachable' },
    { source, situation: '5xx after retries', answer: SERVER_ERROR, coverage: 'unreachable' },
  ];
}

const ROWS: Row[] = [
  // rentry and JustPaste.it: the one "search" is the page named after the handle.
  ...common('rentry'),
  {
    source: 'rentry',
    situation: '404 for the guessed slug',
    answer: html('<html><body>gone</body></html>', 404),
    coverage: 'complete',
  },
  {
    source: 'rentry',
    situation: 'a page that is neither',
    answer: html('<html><body>maintenance</body></html>'),
    coverage: 'unreachable',
  },
  ...common('justpaste'),
  {
    source: 'justpaste',
    situation: '404 for the guessed page name',
    answer: html('<html><body><h1>Oops</h1></body></html>', 404),
    coverage: 'complete',
  },
  // The archives: an address with no copy is nothing there.
  ...common('archive-today'),
  {
    source: 'archive-today',
    situation: '404 TimeMap (no copy of the address)',
    answer: { status: 404, body: 'TimeMap does not exists', type: 'text/plain' },
    coverage: 'complete',
  },
  {
    source: 'archive-today',
    situation: '404 TimeMap with another body',
    answer: html('<html><body>Not found</body></html>', 404),
    coverage: 'complete',
  },
  ...common('wayback'),
  { source: 'wayback', situation: 'no captures', answer: json([]), coverage: 'complete' },
  {
    source: 'wayback',
    situation: 'a CDX error page',
    answer: html('<html><body>Internal error</body></html>'),
    coverage: 'unreachable',
  },
  // Listings: only the newest pastes are listed, and the report says so.
  ...common('pastebin'),
  {
    source: 'pastebin',
    situation: 'the archive lists only the newest pastes',
    answer: PASTEBIN_ARCHIVE,
    coverage: 'partial',
    reason: /only the newest 3 pastes of its public archive/,
  },
  {
    source: 'pastebin',
    situation: '"Please slow down" after the allowed waits',
    answer: html('<html><body>Please slow down</body></html>'),
    coverage: 'rate-limited',
  },
  ...common('pasteee'),
  {
    source: 'pasteee',
    situation: 'the recent list shows only the newest pastes',
    answer: html('<html><body><a href="/p/Ab3dE">a</a><a href="/p/qX7rT">b</a></body></html>'),
    coverage: 'partial',
    reason: /only the newest 2 pastes of its recent list/,
  },
  // Searches of hostile sites.
  ...common('psbdmp'),
  { source: 'psbdmp', situation: 'no dumps', answer: json([]), coverage: 'complete' },
  {
    source: 'psbdmp',
    situation: '404 from the search API (not a guessed address)',
    answer: json({ error: 'Not found' }, 404),
    coverage: 'unreachable',
  },
  ...common('doxbin'),
  {
    source: 'doxbin',
    situation: 'no paste titled so',
    answer: html('<html><body><table><tr><th>Title</th></tr></table></body></html>'),
    coverage: 'complete',
  },
  ...common('kiwifarms'),
  {
    source: 'kiwifarms',
    situation: 'no results',
    answer: html('<html id="XF"><body><div class="blockMessage">No results found.</div></body></html>'),
    coverage: 'complete',
  },
  {
    source: 'kiwifarms',
    situation: 'a login wall served with 200',
    answer: html(
      '<html id="XF" data-template="login"><body><div class="blockMessage">You must be logged-in to do that.</div></body></html>',
    ),
    coverage: 'blocked',
    reason: /login wall/,
  },
  {
    source: 'kiwifarms',
    situation: 'flood control after the allowed waits',
    answer: html(
      '<html id="XF"><body><div class="blockMessage">You must wait at least 10 seconds before performing this action.</div></body></html>',
    ),
    coverage: 'rate-limited',
  },
  { source: 'kiwifarms', situation: 'an unpassed KiwiFlare check', answer: KIWIFLARE, coverage: 'challenge' },
];

let server: Server;
let liveBase: string;
let deadBase: string;
let current: Answer = html('');
const shipped: Catalog = loadCatalog();

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(current.status, {
      'content-type': `${current.type ?? 'text/html'}; charset=utf-8`,
      ...current.headers,
    });
    res.end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  liveBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  deadBase = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Recorded {
  done: boolean;
  partial?: string;
  failed?: { reason: string; coverage: Coverage };
}

/** One search job, run as the last attempt a worker would make, and what it recorded. */
async function runSearch(row: Row): Promise<Recorded> {
  const entry = shipped.get(row.source);
  const source: SourceEntry = {
    ...entry,
    baseUrl: row.answer === 'dead' ? deadBase : liveBase,
    allowPrivateNetwork: true,
    politeness: { ...entry.politeness, requestsPerSecond: 1000, concurrency: 4, maxResultPages: 50 },
  };
  if (row.answer !== 'dead') current = row.answer;
  const recorded: Recorded = { done: false };
  const scans = {
    markPartial: async (_scan: string, _source: string, reason: string) => {
      recorded.partial = reason;
    },
    searchDone: async () => {
      recorded.done = true;
    },
    failSource: async (_scan: string, _source: string, reason: string, coverage: Coverage) => {
      recorded.failed = { reason, coverage };
    },
  };
  const catalog: Catalog = { list: () => [source], has: (id) => id === source.id, get: () => source };
  const deps = {
    scans,
    catalog,
    fetcher: new RetryingFetcher(new HttpFetcher({ gate: new InProcessSourceGate(), timeoutMs: 5000 }), {
      baseDelayMs: 1,
    }),
    // A browser is "there", so a challenge is not handed on: this attempt is the browser's last word.
    browser: { fetchWithBrowser: () => Promise.reject(new Error('not used')) },
    pages: {
      existingUrlKeys: async () => [],
      countBySource: async () => 0,
      addPages: async () => undefined,
    },
    vault: {
      urlKey: (_s: string, url: string) => url,
      pageId: (_s: string, url: string) => url,
      seal: () => '',
    },
    jobs: { addFetches: async () => undefined, addBrowserSearches: async () => undefined },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined },
  } as unknown as PipelineDeps;
  const context = {
    load: async () => ({
      scan: { id: 'scan-1', options: { sources: [source.id], remoteSearchOptIn: [] } },
      request: { identifiers: [{ id: 'h1', kind: 'handle', value: 'mothlantern' }] },
      finished: false,
    }),
  } as unknown as ScanContextLoader;
  const search = createSearchProcessor(deps, context, 'http');
  const listing = getAdapter(source.adapter).searchMode === 'listing';
  await search(
    { scanId: 'scan-1', sourceId: source.id, identifierId: listing ? null : 'h1' },
    { attempt: 1, finalAttempt: true, paceAllowed: false },
  ).catch(() => undefined);
  return recorded;
}

/** The state the report shows for the source after that one search. */
function coverageOf(recorded: Recorded): { coverage: Coverage; reason: string } {
  return describeCoverage(
    {
      status: recorded.failed ? 'failed' : recorded.done ? 'done' : 'running',
      coverage: recorded.failed?.coverage ?? (recorded.partial ? 'partial' : null),
      reason: recorded.failed?.reason ?? recorded.partial ?? null,
      searchesTotal: 1,
      searchesDone: recorded.done ? 1 : 0,
      pagesTotal: 0,
      pagesFetched: 0,
      pagesFailed: 0,
    },
    true,
  );
}

describe('what each source answer becomes in the report', () => {
  it('covers every adapter of the paste, dox, archive and forum sources', () => {
    const adapters = new Set(ROWS.map((row) => shipped.get(row.source).adapter));
    expect([...adapters].sort()).toEqual(
      [
        'archive-today',
        'doxbin',
        'justpaste',
        'pastebin',
        'pasteee',
        'psbdmp',
        'rentry',
        'wayback',
        'xenforo',
      ].sort(),
    );
  });

  it.each(ROWS.map((row) => [`${row.source}: ${row.situation} -> ${row.coverage}`, row] as const))(
    '%s',
    async (_name, row) => {
      const recorded = await runSearch(row);
      const { coverage, reason } = coverageOf(recorded);
      expect(coverage, JSON.stringify(recorded)).toBe(row.coverage);
      if (row.reason) expect(reason).toMatch(row.reason);
      // Never the sentence of a source that did not know what it saw, for a plain "nothing there".
      if (coverage === 'complete') {
        expect(recorded.failed).toBeUndefined();
        expect(reason).not.toMatch(/neither results nor/);
      }
    },
  );
});
