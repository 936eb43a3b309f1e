import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { describeCoverage, type Coverage } from '../../shared/domain/coverage.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { RetryingFetcher } from '../../workers/fetchers/retrying.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import type { PipelineDeps } from '../../workers/processors/pipeline.deps.js';
import type { ScanContextLoader } from '../../workers/processors/scan-context.js';
import { createSearchProcessor } from '../../workers/processors/search.processor.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { startReplicaFarm } from '../replicas/farm.js';
import type { ReplicaFarm, ReplicaRequest } from '../replicas/farm.js';
import { createFourchanReplica } from '../replicas/fourchan.replica.js';
import type { BoardSiteSeed, ReplicaHandler } from '../replicas/imageboard-seed.util.js';
import { createLynxchanReplica } from '../replicas/lynxchan.replica.js';
import { demoProfile, demoSearchQueries } from '../replicas/personas/demo.persona.js';
import type { ExpectedFinding } from '../replicas/personas/demo.persona.js';
import {
  archivedMoeSeed,
  desuarchiveSeed,
  fourchanSeed,
  fourplebsSeed,
  imageboardDecoyValues,
  imageboardDeeperExposures,
  imageboardExpectations,
  imageboardTrapPostIds,
  lolcowSeed,
  lynxchanExpectations,
  lynxchanSeed,
} from '../replicas/personas/imageboards.seed.js';
import {
  aliceArchiveSeed,
  archiveofsinsSeed,
  b4kSeed,
  moreArchivesDecoyValues,
  palanqSeed,
  thebarchiveSeed,
} from '../replicas/personas/more-archives.seed.js';
import { createVichanReplica } from '../replicas/vichan.replica.js';
import { firstMatcherIds } from '../support/seed-matcher.js';

const ARCHIVES: Record<string, BoardSiteSeed> = {
  'archived-moe': archivedMoeSeed,
  '4plebs': fourplebsSeed,
  desuarchive: desuarchiveSeed,
  // Seeded with neither persona: every handle search there must come back empty.
  thebarchive: thebarchiveSeed,
  palanq: palanqSeed,
  b4k: b4kSeed,
  'alice-archive': aliceArchiveSeed,
  archiveofsins: archiveofsinsSeed,
};
const LISTINGS = ['4chan', 'lolcow'] as const;
const IMAGEBOARD_SOURCES = [...Object.keys(ARCHIVES), ...LISTINGS];

let farm: ReplicaFarm;
let catalog: Catalog;
/** Replicas of software no shipped source uses (LynxChan) or uses differently (vichan JSON), served here. */
const extra: { servers: Server[]; log: ReplicaRequest[]; lynxchan?: SourceEntry; vichanJson?: SourceEntry } =
  {
    servers: [],
    log: [],
  };

async function serve(sourceId: string, handler: ReplicaHandler): Promise<string> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    extra.log.push({
      sourceId,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      at: Date.now(),
      headers: { ...req.headers },
      remoteAddress: req.socket.remoteAddress ?? '',
    });
    handler(req, res);
  });
  extra.servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function entry(
  id: string,
  adapter: 'lynxchan' | 'vichan',
  baseUrl: string,
  options: Record<string, unknown>,
): SourceEntry {
  return sourceEntrySchema.parse({
    id,
    name: id,
    adapter,
    trust: 'hostile',
    baseUrl,
    fetch: 'http',
    options,
    allowPrivateNetwork: true,
    politeness: { requestsPerSecond: 50, concurrency: 1, maxResultPages: 5, maxPagesPerScan: 100 },
  });
}

beforeAll(async () => {
  farm = await startReplicaFarm();
  catalog = loadCatalog({ overrides: farm.overrides });
  // Two boards per page of its board list, so the list spans pages.
  extra.lynxchan = entry(
    'lynxchan',
    'lynxchan',
    await serve('lynxchan', createLynxchanReplica(lynxchanSeed, { boardsPerPage: 2 })),
    {},
  );
  // The lolcow seed on a stock vichan board, which does serve its JSON.
  extra.vichanJson = entry('vichan', 'vichan', await serve('vichan', createVichanReplica(lolcowSeed)), {
    boards: ['snow', 'pt'],
    listing: 'threads.json',
  });
});
afterAll(async () => {
  await farm?.close();
  await Promise.all(
    extra.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

/**
 * What the search processor does: the first URL, then `next` up to the source's cap; a site's sections
 * (its boards) each walked the same way, a missing board (404) holding nothing.
 */
async function search(
  source: SourceEntry,
  query?: string,
): Promise<{ pages: string[]; outcomes: string[]; urls: string[] }> {
  const adapter = getAdapter(source.adapter);
  const pages: string[] = [];
  const outcomes: string[] = [];
  const urls: string[] = [];
  const sections: string[] = [];
  const walk = async (first: string, section: boolean): Promise<void> => {
    let url: string | undefined = first;
    for (let n = 0; url && n < source.politeness.maxResultPages; n++) {
      const answer = await get(url);
      urls.push(url);
      if (section && answer.status === 404) return;
      // A site's index may be missing (a vichan site without boards.json): the adapter reads the 404.
      expect(answer.status, `GET ${url}`).toBe(section || answer.status !== 404 ? 200 : 404);
      const parsed = adapter.parseSearchPage(source, answer.body, url);
      outcomes.push(parsed.outcome);
      for (const ref of parsed.pages) if (!pages.includes(ref.url)) pages.push(ref.url);
      sections.push(...(parsed.sections?.list.map((entry) => entry.url) ?? []));
      url = parsed.next;
    }
  };
  await walk(adapter.searchUrl(source, query), false);
  for (const section of sections) await walk(section, true);
  return { pages, outcomes, urls };
}

async function readPages(source: SourceEntry, urls: string[]): Promise<ExtractedPost[]> {
  const posts: ExtractedPost[] = [];
  for (const url of urls) {
    const answer = await get(url);
    expect(answer.status, `GET ${url}`).toBe(200);
    posts.push(...getAdapter(source.adapter).extractPosts(source, answer.body, url));
  }
  return posts;
}

/** What one scan of the persona reads from a source: handle searches on archives, whole listings elsewhere. */
async function scanSource(source: SourceEntry): Promise<ExtractedPost[]> {
  const found: string[] = [];
  const queries = getAdapter(source.adapter).searchMode === 'query' ? demoSearchQueries : [undefined];
  for (const query of queries)
    for (const page of (await search(source, query)).pages) if (!found.includes(page)) found.push(page);
  return readPages(source, found);
}

function findings(sourceId: string, posts: ExtractedPost[]): ExpectedFinding[] {
  return posts
    .map((post) => ({ sourceId, postId: post.postId, identifierIds: firstMatcherIds(post.text) }))
    .filter((finding) => finding.identifierIds.length > 0);
}

const sorted = (list: ExpectedFinding[]): ExpectedFinding[] =>
  [...list]
    .map((f) => ({ ...f, identifierIds: [...f.identifierIds].sort() }))
    .sort((a, b) => `${a.sourceId}/${a.postId}`.localeCompare(`${b.sourceId}/${b.postId}`));

/** Every thread's API URL of an archive seed, so ground truth is checked on all posts, not only those found. */
function allArchiveThreads(source: SourceEntry, seed: BoardSiteSeed): string[] {
  return seed.threads.map(
    (thread) => `${source.baseUrl}/_/api/chan/thread/?board=${thread.board}&num=${thread.posts[0]?.no}`,
  );
}

describe('imageboard catalog entries', () => {
  it('load with the schema, name an adapter that exists and have a replica in the farm', () => {
    const shipped = loadCatalog();
    const expected: Record<string, string> = {
      'archived-moe': 'foolfuuka',
      '4plebs': 'foolfuuka',
      desuarchive: 'foolfuuka',
      thebarchive: 'foolfuuka',
      palanq: 'foolfuuka',
      b4k: 'foolfuuka',
      'alice-archive': 'foolfuuka',
      archiveofsins: 'foolfuuka',
      '4chan': 'fourchan',
      lolcow: 'vichan',
    };
    for (const [id, adapter] of Object.entries(expected)) {
      const source = shipped.get(id);
      expect(source, id).toMatchObject({
        adapter,
        trust: 'hostile',
        enabled: true,
        allowPrivateNetwork: false,
      });
      expect(source.baseUrl, id).toMatch(/^https:\/\//);
      expect(getAdapter(source.adapter).name).toBe(adapter);
      // Listing sources walk the whole site: no board list narrows them.
      if (id === '4chan' || id === 'lolcow') expect(source.options.boards, id).toBeUndefined();
      expect(farm.baseUrls[id], id).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(catalog.get(id).baseUrl).toBe(farm.baseUrls[id]);
      // The first URL is valid for the options as shipped.
      expect(() => getAdapter(source.adapter).searchUrl(source, 'someone')).not.toThrow();
    }
  });
});

describe('FoolFuuka replicas', () => {
  it('reach every archive thread that exposes the persona by searching her handles only', async () => {
    for (const id of Object.keys(ARCHIVES)) {
      const source = catalog.get(id);
      const expectedThreads = new Set(
        imageboardExpectations
          .filter((e) => e.sourceId === id)
          .map((e) => {
            const [board, post] = e.postId.split('/') as [string, string];
            const thread = ARCHIVES[id]?.threads.find(
              (t) =>
                t.board === board && t.posts.some((p) => `${p.no}${p.subnum ? `_${p.subnum}` : ''}` === post),
            );
            return `${source.baseUrl}/_/api/chan/thread/?board=${board}&num=${thread?.posts[0]?.no}`;
          }),
      );
      const reached = new Set<string>();
      for (const query of demoSearchQueries)
        for (const page of (await search(source, query)).pages) reached.add(page);
      expect([...reached].sort(), id).toEqual([...expectedThreads].sort());
    }
  });

  it('chains the poster-name search after the text search, and answers "No results found." with HTTP 200', async () => {
    const moe = catalog.get('archived-moe');
    const draws = await search(moe, 'Sorrel_Draws');
    expect(draws.urls.map((url) => new URL(url).search)).toEqual([
      '?text=Sorrel_Draws',
      '?username=Sorrel_Draws',
    ]);
    expect(draws.outcomes).toEqual(['results', 'results']);
    const nobody = await search(catalog.get('4plebs'), 'mothlantern');
    expect(nobody.outcomes).toEqual(['empty', 'empty']);
    const answer = await get(`${farm.baseUrls['4plebs']}/_/api/chan/search/?text=mothlantern`);
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { error: 'No results found.' }]);
  });

  it('answers like FoolFuuka on the unhappy paths', async () => {
    const base = farm.baseUrls['archived-moe'];
    const missing = await get(`${base}/_/api/chan/thread/?board=ic&num=1`);
    expect([missing.status, JSON.parse(missing.body)]).toEqual([404, { error: 'Thread not found.' }]);
    expect((await get(`${base}/_/api/chan/thread/?board=zz&num=1`)).status).toBe(422);
    expect((await get(`${base}/_/api/chan/search/?text=mothlantern&boards=ic.zz`)).status).toBe(422);
    const route = await get(`${base}/_/api/chan/nothing/`);
    expect([route.status, JSON.parse(route.body)]).toEqual([
      404,
      { error: 'Requested resource does not exist.' },
    ]);
    // The permalink's HTML page exists, with the post's anchor.
    const page = await get(`${base}/ic/thread/6620101/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="6620163_1"');
    // Newer forks wrap results in an object; the adapter reads both.
    const desu = JSON.parse(
      (await get(`${farm.baseUrls.desuarchive}/_/api/chan/search/?text=Sorrel_Draws`)).body,
    );
    expect(Object.keys(desu)).toEqual(['0', 'meta']);
  });
});

describe('4chan and lolcow replicas', () => {
  it('walk every board the site lists, boards no catalog entry ever named included, and read every thread', async () => {
    const fourchan = catalog.get('4chan');
    const walk = await search(fourchan);
    const boards = Object.keys(fourchanSeed.boards);
    expect(walk.urls).toEqual([
      `${fourchan.baseUrl}/boards.json`,
      ...boards.map((board) => `${fourchan.baseUrl}/${board}/catalog.json`),
    ]);
    expect(walk.pages).toEqual(
      boards.flatMap((board) =>
        fourchanSeed.threads
          .filter((t) => t.board === board)
          .sort((a, b) => Date.parse(b.posts.at(-1)!.postedAt) - Date.parse(a.posts.at(-1)!.postedAt))
          .map((t) => `${fourchan.baseUrl}/${board}/thread/${t.posts[0]?.no}.json`),
      ),
    );
    expect(walk.pages).toContain(`${fourchan.baseUrl}/lgbt/thread/91000700.json`);
    const lolcow = catalog.get('lolcow');
    const cow = await search(lolcow);
    expect(cow.urls).toEqual([
      `${lolcow.baseUrl}/`,
      `${lolcow.baseUrl}/snow/catalog.html`,
      `${lolcow.baseUrl}/pt/catalog.html`,
      `${lolcow.baseUrl}/meta/catalog.html`,
    ]);
    expect(cow.outcomes).toEqual(['results', 'results', 'results', 'empty']);
    expect(cow.pages).toEqual([
      `${lolcow.baseUrl}/snow/res/99500.html`,
      `${lolcow.baseUrl}/pt/res/99600.html`,
    ]);
  });

  it('answer like the real sites: 4chan 404 for a pruned thread and 304 when unchanged, lolcow without JSON', async () => {
    const base = farm.baseUrls['4chan'];
    expect((await get(`${base}/vt/thread/1.json`)).status).toBe(404);
    expect((await get(`${base}/zz/catalog.json`)).status).toBe(404);
    const thread = await get(`${base}/vt/thread/91000100.json`);
    expect(thread.type).toMatch(/^application\/json/);
    expect(JSON.parse(thread.body).posts[1].com).toContain(
      '<a href="#p91000100" class="quotelink">&gt;&gt;91000100</a>',
    );
    const later = new Date(Date.parse('2026-10-06T00:00:00Z')).toUTCString();
    expect((await get(`${base}/vt/thread/91000100.json`, { 'if-modified-since': later })).status).toBe(304);
    expect((await get(`${farm.baseUrls.lolcow}/snow/catalog.json`)).status).toBe(404);
    expect((await get(`${farm.baseUrls.lolcow}/snow/res/99500.json`)).status).toBe(404);
    const html = await get(`${farm.baseUrls.lolcow}/snow/res/99500.html`);
    expect(html.body).toContain('<a class="email" href="mailto:sage">');
  });
});

describe('imageboard ground truth', () => {
  it('a scan of every imageboard source yields exactly imageboardExpectations', async () => {
    const found: ExpectedFinding[] = [];
    for (const id of IMAGEBOARD_SOURCES) found.push(...findings(id, await scanSource(catalog.get(id))));
    expect(sorted(found)).toEqual(sorted(imageboardExpectations));
  });

  it('agrees with every seeded post: traps, decoys and deeper exposures are where the seed says', async () => {
    const all: Array<{ sourceId: string; post: ExtractedPost }> = [];
    for (const [id, seed] of Object.entries(ARCHIVES)) {
      const source = catalog.get(id);
      for (const post of await readPages(source, allArchiveThreads(source, seed)))
        all.push({ sourceId: id, post });
    }
    for (const id of LISTINGS)
      for (const post of await scanSource(catalog.get(id))) all.push({ sourceId: id, post });
    const found = all.flatMap(({ sourceId, post }) => findings(sourceId, [post]));
    expect(sorted(found)).toEqual(sorted(imageboardExpectations));

    const ids = all.map(({ post }) => post.postId);
    const seeded = [...Object.values(ARCHIVES), fourchanSeed, lolcowSeed].reduce(
      (n, seed) => n + seed.threads.reduce((m, t) => m + t.posts.length, 0),
      0,
    );
    expect(ids).toHaveLength(seeded);
    for (const trap of imageboardTrapPostIds.filter((t) => !t.startsWith('art/')))
      expect(ids, trap).toContain(trap);
    const text = all.map(({ post }) => post.text).join('\n');
    for (const decoy of [...imageboardDecoyValues, ...moreArchivesDecoyValues])
      expect(text, decoy).toContain(decoy);
    for (const deeper of imageboardDeeperExposures) {
      expect(
        imageboardExpectations.some((e) => e.sourceId === deeper.sourceId && e.postId === deeper.postId),
      ).toBe(true);
    }
    // "sage" in the options field (a mailto: link in the HTML) is a command, not text of the post.
    const saged = all.find(({ sourceId, post }) => sourceId === 'lolcow' && post.postId === 'snow/99512');
    expect(saged?.post.text).toBe(
      "sage for no milk but her name is Sorrel Quistgarde, it's on the raffle page",
    );
    expect(text).not.toContain('mailto:');
  });

  it('the LynxChan board and a JSON vichan board read the same way', async () => {
    const lynx = extra.lynxchan as SourceEntry;
    expect(sorted(findings('lynxchan', await scanSource(lynx)))).toEqual(sorted(lynxchanExpectations));
    const lynxPaths = extra.log.filter((r) => r.sourceId === 'lynxchan').map((r) => r.path);
    expect(lynxPaths).toEqual(
      expect.arrayContaining([
        '/boards.js',
        '/art/catalog.json',
        '/%CE%BB/catalog.json',
        '/cafe/catalog.json',
      ]),
    );
    expect(lynxPaths).toContain('/%CE%BB/res/120.json');
    expect((await get(`${lynx.baseUrl}/art/res/1.json`)).status).toBe(404);

    const vichan = extra.vichanJson as SourceEntry;
    const viaJson = findings('lolcow', await scanSource(vichan));
    expect(sorted(viaJson)).toEqual(sorted(imageboardExpectations.filter((e) => e.sourceId === 'lolcow')));
    expect(extra.log.filter((r) => r.sourceId === 'vichan').map((r) => r.path)).toEqual(
      expect.arrayContaining(['/snow/threads.json', '/pt/threads.json', '/snow/res/99500.json']),
    );
  });
});

describe('what the imageboards were told', () => {
  it('logged every request; archives received only the public handles, listings no query at all', () => {
    for (const id of IMAGEBOARD_SOURCES) expect(farm.requestCount(id), id).toBeGreaterThan(2);
    const handles = new Set(demoSearchQueries);
    const searches = farm.queryLog.filter((r) => r.sourceId in ARCHIVES && r.path === '/_/api/chan/search/');
    expect(searches.length).toBeGreaterThan(0);
    for (const request of searches) {
      const sent = request.query.text ?? request.query.username;
      expect(handles.has(sent ?? ''), JSON.stringify(request.query)).toBe(true);
    }
    // Listings send no query; LynxChan's board list takes only its fixed `json=1` and a page number.
    const listingQueries = [...farm.queryLog, ...extra.log].filter(
      (r) =>
        ['4chan', 'lolcow', 'lynxchan', 'vichan'].includes(r.sourceId) &&
        Object.keys(r.query).length > 0 &&
        !(
          r.path === '/boards.js' &&
          Object.entries(r.query).every(
            ([k, v]) => (k === 'json' && v === '1') || (k === 'page' && /^\d+$/.test(v)),
          )
        ),
    );
    expect(listingQueries).toEqual([]);
    const sensitive = demoProfile.identifiers
      .filter((i) => i.kind !== 'handle')
      .map((i) => i.value.toLowerCase());
    for (const request of [...farm.queryLog, ...extra.log]) {
      const sent = `${request.path} ${Object.values(request.query).join(' ')}`.toLowerCase();
      for (const value of sensitive) expect(sent).not.toContain(value);
    }
  });
});

/** What one listing search through the real search processor and fetcher recorded for its source. */
interface Walked {
  done: boolean;
  partial?: string;
  failed?: { reason: string; coverage: Coverage };
  queued: string[];
  requests: string[];
}

/** A whole-site walk as a worker makes it: the search processor, the plain-HTTP fetcher, the adapter. */
async function walkSite(
  id: string,
  adapter: 'fourchan' | 'vichan' | 'lynxchan',
  handler: ReplicaHandler,
  options: Record<string, unknown> = {},
): Promise<Walked & { source: SourceEntry }> {
  const requests: string[] = [];
  const base = await serve(id, (req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://replica.invalid').pathname);
    handler(req, res);
  });
  const source = sourceEntrySchema.parse({
    id,
    name: id,
    adapter,
    trust: 'hostile',
    baseUrl: base,
    fetch: 'http',
    options,
    allowPrivateNetwork: true,
    politeness: { requestsPerSecond: 1000, concurrency: 1, maxResultPages: 2, maxPagesPerScan: 100 },
  });
  const walked: Walked = { done: false, queued: [], requests };
  const deps = {
    scans: {
      markPartial: async (_scan: string, _source: string, reason: string) => {
        walked.partial = reason;
      },
      searchDone: async () => {
        walked.done = true;
      },
      failSource: async (_scan: string, _source: string, reason: string, coverage: Coverage) => {
        walked.failed = { reason, coverage };
      },
    },
    catalog: { list: () => [source], has: (other: string) => other === id, get: () => source },
    fetcher: new RetryingFetcher(new HttpFetcher({ gate: new InProcessSourceGate(), timeoutMs: 5000 }), {
      baseDelayMs: 1,
    }),
    pages: {
      existingUrlKeys: async () => [],
      countBySource: async () => 0,
      addPages: async (_scan: string, _source: string, pages: Array<{ id: string }>) => {
        walked.queued.push(...pages.map((page) => page.id));
      },
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
      scan: { id: 'scan-1', options: { sources: [id], remoteSearchOptIn: [] } },
      request: { identifiers: demoProfile.identifiers },
      finished: false,
    }),
  } as unknown as ScanContextLoader;
  await createSearchProcessor(
    deps,
    context,
    'http',
  )(
    { scanId: 'scan-1', sourceId: id, identifierId: null },
    { attempt: 1, finalAttempt: true, paceAllowed: false },
  ).catch(() => undefined);
  return { ...walked, source };
}

/** The report's words for the source after that search (its pages all read). */
function words(walked: Walked): { coverage: Coverage; reason: string } {
  return describeCoverage(
    {
      status: walked.failed ? 'failed' : walked.done ? 'done' : 'running',
      coverage: walked.failed?.coverage ?? (walked.partial ? 'partial' : null),
      reason: walked.failed?.reason ?? walked.partial ?? null,
      searchesTotal: 1,
      searchesDone: walked.done ? 1 : 0,
      pagesTotal: walked.queued.length,
      pagesFetched: walked.queued.length,
      pagesFailed: 0,
    },
    true,
  );
}

/** A lainchan-like vichan site: a board named in Greek, a busy one, an empty one. */
const lainSeed: BoardSiteSeed = {
  boards: { λ: 'Programming', cyb: 'Cyberpunk', zzz: 'Sleep' },
  threads: [
    {
      board: 'λ',
      posts: [
        {
          no: 31000,
          subject: 'scrapers',
          comment: 'who runs the bot reposting mothlantern',
          postedAt: '2026-10-09T10:00:00Z',
        },
        { no: 31004, name: 'Bernd', comment: '>>31000\nnobody cares', postedAt: '2026-10-09T10:05:00Z' },
      ],
    },
    {
      board: 'cyb',
      posts: [{ no: 800, subject: 'decks', comment: 'post your setups', postedAt: '2026-10-09T09:00:00Z' }],
    },
  ],
};

/** Answers 500 for one board's listing: a board the site cannot serve right now. */
function failingBoard(handler: ReplicaHandler, path: string): ReplicaHandler {
  return (req, res) => {
    if (new URL(req.url ?? '/', 'http://replica.invalid').pathname === path) {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>500 Internal Server Error</h1>');
      return;
    }
    handler(req, res);
  };
}

describe('whole-site walks through the search processor', () => {
  it('4chan: every board of boards.json; a missing board and a failing one never fail the source, and both are named', async () => {
    const walked = await walkSite(
      'fourchan-site',
      'fourchan',
      failingBoard(createFourchanReplica(fourchanSeed, { alsoListed: ['gone'] }), '/co/catalog.json'),
    );
    expect(walked.failed).toBeUndefined();
    expect(walked.done).toBe(true);
    const boards = [...Object.keys(fourchanSeed.boards), 'gone'];
    expect(walked.requests.filter((path) => path.endsWith('catalog.json'))).toEqual(
      boards.flatMap((board) =>
        board === 'co' ? Array(3).fill('/co/catalog.json') : [`/${board}/catalog.json`],
      ),
    );
    // The unnamed board's thread is found; the failing board's is not.
    expect(walked.queued).toContain(`${walked.source.baseUrl}/lgbt/thread/91000700.json`);
    expect(walked.queued).not.toContain(`${walked.source.baseUrl}/co/thread/91000400.json`);
    const { coverage, reason } = words(walked);
    expect(coverage).toBe('partial');
    expect(reason).toBe(
      `Checked in part: 1 of ${boards.length} boards could not be read; 1 of ${boards.length} boards were not there (HTTP 404).`,
    );
    expect(reason).not.toMatch(/http:|127\.0\.0\.1/);
  });

  it('vichan: the boards of boards.json, a Greek board read under its percent-encoded name, an empty board fine', async () => {
    const walked = await walkSite(
      'lain',
      'vichan',
      createVichanReplica(lainSeed, { boardsJson: true, alsoListed: ['x'] }),
      { listing: 'catalog.html', threads: 'html' },
    );
    expect(walked.requests.slice(0, 5)).toEqual([
      '/boards.json',
      '/%CE%BB/catalog.html',
      '/cyb/catalog.html',
      '/zzz/catalog.html',
      '/x/catalog.html',
    ]);
    const greek = `${walked.source.baseUrl}/%CE%BB/res/31000.html`;
    expect(walked.queued).toEqual([greek, `${walked.source.baseUrl}/cyb/res/800.html`]);
    const page = await get(greek);
    expect(page.status).toBe(200);
    const posts = getAdapter('vichan').extractPosts(walked.source, page.body, greek);
    expect(posts.map((post) => [post.postId, post.permalink, post.text])).toEqual([
      [
        'λ/31000',
        `${walked.source.baseUrl}/%CE%BB/res/31000.html#31000`,
        'scrapers\nwho runs the bot reposting mothlantern',
      ],
      // "Bernd" is a default name, not something anyone typed.
      ['λ/31004', `${walked.source.baseUrl}/%CE%BB/res/31000.html#31004`, '>>31000\nnobody cares'],
    ]);
    expect(firstMatcherIds(posts[0]!.text)).toEqual(['h1']);
    expect(words(walked)).toEqual({
      coverage: 'partial',
      reason: 'Checked in part: 1 of 4 boards were not there (HTTP 404).',
    });
  });

  it('vichan without boards.json: the front page lists the boards; with every board there the coverage is complete', async () => {
    const walked = await walkSite('lain-front', 'vichan', createVichanReplica(lainSeed), {
      listing: 'catalog.json',
    });
    expect(walked.requests.slice(0, 5)).toEqual([
      '/boards.json',
      '/',
      '/%CE%BB/catalog.json',
      '/cyb/catalog.json',
      '/zzz/catalog.json',
    ]);
    expect(walked.queued).toContain(`${walked.source.baseUrl}/%CE%BB/res/31000.json`);
    expect(words(walked)).toEqual({ coverage: 'complete', reason: 'Searched; all 2 pages found were read.' });
  });

  it('LynxChan: every page of the board list; options.boards narrows the walk', async () => {
    const whole = await walkSite(
      'lynx-site',
      'lynxchan',
      createLynxchanReplica(lynxchanSeed, { boardsPerPage: 2 }),
    );
    expect(whole.requests.filter((path) => path.endsWith('catalog.json'))).toEqual([
      '/art/catalog.json',
      '/%CE%BB/catalog.json',
      '/cafe/catalog.json',
    ]);
    expect(whole.queued).toContain(`${whole.source.baseUrl}/%CE%BB/res/120.json`);
    expect(words(whole).coverage).toBe('complete');
    // A board list longer than the source's page cap: the boards on later pages are said to be unread.
    const capped = await walkSite(
      'lynx-capped',
      'lynxchan',
      createLynxchanReplica(lynxchanSeed, { boardsPerPage: 1 }),
    );
    expect(capped.requests.filter((path) => path === '/boards.js')).toHaveLength(2);
    expect(words(capped).reason).toBe('Checked in part: only the first 2 pages of search results were read.');
    const narrowed = await walkSite('lynx-narrow', 'lynxchan', createLynxchanReplica(lynxchanSeed), {
      boards: ['λ', 'nope'],
    });
    expect(narrowed.requests.slice(1)).toEqual(['/%CE%BB/catalog.json', '/nope/catalog.json']);
    expect(words(narrowed).reason).toBe('Checked in part: 1 of 2 boards were not there (HTTP 404).');
  });

  it('fails the source only when no board could be read', async () => {
    const broken: ReplicaHandler = (req, res) => {
      const path = new URL(req.url ?? '/', 'http://replica.invalid').pathname;
      if (path === '/boards.json')
        createFourchanReplica({ boards: { a: 'A', b: 'B' }, threads: [] })(req, res);
      else {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<h1>502 Bad Gateway</h1>');
      }
    };
    const walked = await walkSite('fourchan-broken', 'fourchan', broken);
    expect(walked.done).toBe(false);
    expect(walked.failed?.coverage).toBe('unreachable');
  });
});
