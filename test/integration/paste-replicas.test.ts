import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { foldArchivedCopies, type PlacedFinding } from '../../shared/report/fold-copies.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { siteHosts } from '../../shared/catalog/catalog.schema.js';
import { PASTEEE_FARM_API_KEY, RENTRY_FARM_ACCESS_CODE, startReplicaFarm } from '../replicas/farm.js';
import type { ReplicaFarm } from '../replicas/farm.js';
import { demoExpectations, demoProfile, demoSearchQueries } from '../replicas/personas/demo.persona.js';
import type { ExpectedFinding } from '../replicas/personas/demo.persona.js';
import {
  pasteDecoyValues,
  pasteDeeperExposures,
  pasteExpectations,
  pasteTrapPostIds,
  waybackCaptures,
} from '../replicas/personas/pastes.seed.js';
import { createWaybackReplica } from '../replicas/wayback.replica.js';
import { firstMatcherIds } from '../support/seed-matcher.js';
import { fetchOnSource, readOnSource, searchOnSource } from '../support/source-fetch.js';

/**
 * The paste/dox sites, the archives and web search, each replica read by its adapter the way the
 * search and fetch processors read a real source: search pages followed through `next`, every page
 * fetched (and its `nextPageUrl` followed), posts extracted. The posts must hold exactly the persona's
 * seeded exposures (`pasteExpectations`), and the hostile replicas must have heard handles only.
 */
const PASTE_SOURCES = ['psbdmp', 'doxbin', 'rentry', 'pasteee', 'wayback'] as const;

let farm: ReplicaFarm;
let catalog: Catalog;

beforeAll(async () => {
  farm = await startReplicaFarm();
  catalog = loadCatalog({ overrides: farm.overrides });
});
afterAll(async () => {
  await farm?.close();
});

/** A search of a paste source: every result page must have parsed as results or as none. */
async function search(source: SourceEntry, query: string | undefined): ReturnType<typeof searchOnSource> {
  const found = await searchOnSource(source, query);
  for (const outcome of found.outcomes)
    expect(['results', 'empty'], `${source.id} search`).toContain(outcome);
  return found;
}

/** What a scan of one source reads: its searches (handles only) or its listing, then every page once. */
async function scanSource(sourceId: string): Promise<ExtractedPost[]> {
  const source = catalog.get(sourceId);
  const adapter = getAdapter(source.adapter);
  const queries = adapter.searchMode === 'listing' ? [undefined] : demoSearchQueries;
  const urls = new Set<string>();
  for (const query of queries) {
    for (const ref of (await search(source, query)).refs) {
      expect(ref.sourceId ?? sourceId).toBe(sourceId);
      urls.add(ref.url);
    }
  }
  expect(urls.size, `${sourceId} pages`).toBeLessThanOrEqual(source.politeness.maxPagesPerScan);
  const posts: ExtractedPost[] = [];
  for (const url of urls) posts.push(...(await readOnSource(source, url)));
  return posts;
}

const sortFindings = (list: ExpectedFinding[]): ExpectedFinding[] =>
  [...list]
    .map((f) => ({ ...f, identifierIds: [...f.identifierIds].sort() }))
    .sort((a, b) => `${a.sourceId}/${a.postId}`.localeCompare(`${b.sourceId}/${b.postId}`));

/** One finding per post id, identifiers merged, as the pipeline's idempotent upserts make it. */
function findingsOf(sourceId: string, posts: ExtractedPost[]): ExpectedFinding[] {
  const byPost = new Map<string, Set<string>>();
  for (const post of posts) {
    const ids = firstMatcherIds(post.text);
    if (ids.length === 0) continue;
    byPost.set(post.postId, new Set([...(byPost.get(post.postId) ?? []), ...ids]));
  }
  return [...byPost].map(([postId, ids]) => ({ sourceId, postId, identifierIds: [...ids] }));
}

const scanned = new Map<string, ExtractedPost[]>();
async function scanned$(sourceId: string): Promise<ExtractedPost[]> {
  if (!scanned.has(sourceId)) scanned.set(sourceId, await scanSource(sourceId));
  return scanned.get(sourceId) ?? [];
}

const digits = (text: string): string => text.replace(/\D+/g, '');
/** Rough local checks for the deeper identifiers, enough to keep the hand-written list honest. */
const deeperChecks: Record<string, (text: string) => boolean> = {
  t1: (text) => digits(text).includes('5035550167'),
  a1: (text) => /72 Brackenfold Lane/i.test(text),
  d1: (text) => text.includes('1994-11-03'),
};

describe('paste, dox, archive and web-search replicas', () => {
  it('are part of the farm, and the whole catalog loads with an adapter for every source', () => {
    for (const id of [...PASTE_SOURCES, 'searxng', 'justpaste', 'archive-today']) {
      expect(farm.baseUrls[id], id).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(farm.overrides[id]).toEqual({ baseUrl: farm.baseUrls[id], allowPrivateNetwork: true });
    }
    const shipped = loadCatalog();
    for (const entry of shipped.list()) expect(getAdapter(entry.adapter).name).toBe(entry.adapter);
    expect(shipped.list().map((entry) => entry.id)).toEqual(
      expect.arrayContaining([
        ...PASTE_SOURCES,
        'searxng',
        'justpaste',
        'archive-today',
        'kiwifarms',
        'pastebin',
      ]),
    );
    const trust = Object.fromEntries(shipped.list().map((entry) => [entry.id, entry.trust]));
    expect(trust).toMatchObject({
      psbdmp: 'hostile',
      doxbin: 'hostile',
      rentry: 'hostile',
      pasteee: 'hostile',
      justpaste: 'hostile',
      wayback: 'neutral',
      'archive-today': 'neutral',
      searxng: 'neutral',
    });
    expect(shipped.get('doxbin').fetch).toBe('browser');
    expect(shipped.get('searxng')).toMatchObject({
      enabled: false,
      baseUrl: 'http://127.0.0.1:8888',
      allowPrivateNetwork: false,
    });
  });

  it('yield exactly the seeded exposures, traps fetched but unmatched, decoys present', async () => {
    const all: Array<{ sourceId: string; post: ExtractedPost }> = [];
    const found: ExpectedFinding[] = [];
    for (const sourceId of PASTE_SOURCES) {
      const posts = await scanned$(sourceId);
      all.push(...posts.map((post) => ({ sourceId, post })));
      found.push(...findingsOf(sourceId, posts));
    }
    expect(sortFindings(found)).toEqual(sortFindings(pasteExpectations));

    const ids = all.map(({ post }) => post.postId);
    for (const trap of pasteTrapPostIds) expect(ids, `trap ${trap} is fetched`).toContain(trap);
    const text = all.map(({ post }) => post.text).join('\n');
    for (const decoy of pasteDecoyValues) expect(text, decoy).toContain(decoy);

    // The phone/address/dob list names exactly the posts that hold them.
    for (const kind of Object.keys(deeperChecks)) {
      const holding = new Set(
        all
          .filter(({ post }) => deeperChecks[kind]?.(post.text))
          .map(({ sourceId, post }) => `${sourceId}/${post.postId}`),
      );
      const listed = new Set(
        pasteDeeperExposures
          .filter((e) => e.identifierIds.includes(kind))
          .map((e) => `${e.sourceId}/${e.postId}`),
      );
      expect([...holding].sort(), kind).toEqual([...listed].sort());
    }
    const expectedKeys = new Set(pasteExpectations.map((e) => `${e.sourceId}/${e.postId}`));
    for (const deeper of pasteDeeperExposures)
      expect(expectedKeys).toContain(`${deeper.sourceId}/${deeper.postId}`);
  });

  it('psbdmp: both search shapes, dumps on psbdmp itself, permalinks naming the Pastebin paste', async () => {
    const psbdmp = catalog.get('psbdmp');
    const { refs } = await search(psbdmp, 'mothlantern');
    expect(refs.map((ref) => ref.url)).toEqual(
      ['Vd3Rm8Qa', 'Ln6Ks2Pw', 'Gq9Zt4Hb'].map((id) => `${farm.baseUrls.psbdmp}/api/v3/dump/${id}`),
    );
    const legacy = await fetchOnSource(psbdmp, `${farm.baseUrls.psbdmp}/api/search/Sorrel_Draws`);
    expect(getAdapter('psbdmp').parseSearchPage(psbdmp, legacy.body, legacy.url).pages).toEqual(
      ['Vd3Rm8Qa', 'Ln6Ks2Pw'].map((id) => ({ url: `${farm.baseUrls.psbdmp}/api/v3/dump/${id}` })),
    );
    expect((await search(psbdmp, 'nobody-here')).outcomes).toEqual(['empty']);
    const posts = await scanned$('psbdmp');
    expect(posts.find((p) => p.postId === 'Vd3Rm8Qa')?.permalink).toBe('https://pastebin.com/Vd3Rm8Qa');
    expect((await fetchOnSource(psbdmp, `${farm.baseUrls.psbdmp}/api/v3/dump/ZZZZZZZZ`)).status).toBe(404);
  });

  it('doxbin: title search spans pages; unknown pastes are 404', async () => {
    const doxbin = catalog.get('doxbin');
    const { refs, outcomes } = await search(doxbin, 'mothlantern');
    expect(outcomes).toEqual(['results', 'results']);
    expect(refs.map((ref) => new URL(ref.url).pathname)).toEqual([
      '/upload/mothlanternSorrelQuistgarde',
      '/upload/mothlanternsofFernhollowlampshop',
    ]);
    expect((await search(doxbin, 'nobody-here')).outcomes).toEqual(['empty']);
    expect((await fetchOnSource(doxbin, `${farm.baseUrls.doxbin}/upload/Nothing`)).status).toBe(404);
  });

  it('rentry: slug guesses; raw views refuse without rentry-auth and read the same with it', async () => {
    const rentry = catalog.get('rentry');
    expect((await search(rentry, 'nobody-here')).outcomes).toEqual(['empty']);
    const base = farm.baseUrls.rentry;
    const raw = await fetchOnSource(rentry, `${base}/mothlantern/raw`);
    expect(raw.status).toBe(403);
    expect(raw.body).toMatch(/^This page does not have a SECRET_RAW_ACCESS_CODE set\..*rentry-auth$/);
    const api = await fetchOnSource(rentry, `${base}/api/raw/mothlantern`);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ status: '403' });
    expect(getAdapter('rentry').extractPosts(rentry, api.body, api.url)).toEqual([]);

    const auth = { 'rentry-auth': RENTRY_FARM_ACCESS_CODE };
    const html = (await scanned$('rentry')).find((post) => post.postId === 'mothlantern');
    for (const url of [`${base}/mothlantern/raw`, `${base}/api/raw/mothlantern`]) {
      const answer = await fetchOnSource(rentry, url, auth);
      expect(answer.status, url).toBe(200);
      const [post] = getAdapter('rentry').extractPosts(rentry, answer.body, answer.url);
      expect(post?.postId).toBe('mothlantern');
      expect(firstMatcherIds(post?.text ?? '').sort()).toEqual(firstMatcherIds(html?.text ?? '').sort());
    }
    expect((await fetchOnSource(rentry, `${base}/mothlantern-old`)).status).toBe(404);
  });

  it('paste.ee: recent list, raw views, HTML views leading to raw, the keyed API', async () => {
    const pasteee = catalog.get('pasteee');
    const base = farm.baseUrls.pasteee;
    expect(await readOnSource(pasteee, `${base}/p/Mq4tZ`)).toEqual(
      (await scanned$('pasteee')).filter((p) => p.postId === 'Mq4tZ'),
    );
    expect((await fetchOnSource(pasteee, `${base}/v1/pastes/Mq4tZ`)).status).toBe(401);
    const api = await fetchOnSource(pasteee, `${base}/v1/pastes/Mq4tZ`, {
      'X-Auth-Token': PASTEEE_FARM_API_KEY,
    });
    const [post] = getAdapter('pasteee').extractPosts(pasteee, api.body, api.url);
    expect(post?.postId).toBe('Mq4tZ');
    expect(firstMatcherIds(post?.text ?? '').sort()).toEqual(['h2', 'n1']);
    const missing = await fetchOnSource(pasteee, `${base}/v1/pastes/nope1`, {
      'X-Auth-Token': PASTEEE_FARM_API_KEY,
    });
    expect(missing.status).toBe(404);
    expect(getAdapter('pasteee').extractPosts(pasteee, missing.body, missing.url)).toEqual([]);
  });

  it('wayback: filtered, collapsed CDX; raw and toolbar replays; nearest-capture redirects', async () => {
    const wayback = catalog.get('wayback');
    const base = farm.baseUrls.wayback;
    const { refs } = await search(wayback, 'Sorrel_Draws');
    expect(refs.map((ref) => ref.url)).toEqual([
      `${base}/web/20260916093000id_/https://kiwifarms.st/threads/mothlantern-sorrel_draws-the-moth-artist.81201/`,
      `${base}/web/20260920101500id_/https://kiwifarms.st/threads/mothlantern-sorrel_draws-the-moth-artist.81201/page-2`,
      // The forum's former domain: a thread only the archive still has.
      `${base}/web/20250302190000id_/https://kiwifarms.net/threads/sorrel_draws-moth-prints-again.61377/`,
      `${base}/web/20250304120000id_/https://kiwifarms.net/threads/sorrel_draws-moth-prints-again.61377/`,
      `${base}/web/20250304120500id_/https://kiwifarms.net/threads/sorrel_draws-moth-prints-again.61377/page-2`,
    ]);
    const moth = 'https://kiwifarms.st/threads/mothlantern-sorrel_draws-the-moth-artist.81201/';
    const challenge = await fetch(`${base}/web/20261012083010id_/${moth}page-2`);
    expect(challenge.status).toBe(203);
    const near = await fetch(`${base}/web/20260917id_/${moth}`, { redirect: 'manual' });
    expect(near.status).toBe(302);
    expect(near.headers.get('location')).toBe(`/web/20260916093000id_/${moth}`);
    const withToolbar = await fetchOnSource(wayback, `${base}/web/20260916093000/${moth}`);
    expect(withToolbar.body).toContain('BEGIN WAYBACK TOOLBAR INSERT');
    const viaToolbar = getAdapter('wayback').extractPosts(wayback, withToolbar.body, withToolbar.url);
    expect(viaToolbar.map((p) => p.postId)).toEqual(
      ['7310001', '7310002', '7310003', '7310004', '7310005'].map((id) => `kiwifarms.st:${id}`),
    );
    expect(viaToolbar[0]?.permalink).toBe(`${base}/web/20260916093000/${moth}`);
    const text = await fetchOnSource(wayback, `${base}/cdx/search/cdx?url=rentry.co/mothlantern*`);
    expect(text.body.trim().split('\n')).toHaveLength(2);
    expect((await fetch(`${base}/web/20260101000000id_/https://nowhere.example/`)).status).toBe(404);
  });

  it('wayback: pages through the CDX server with its percent-encoded resume keys, sent back as received', async () => {
    // One capture per answer, so the former domain's three captures of the handle take three pages.
    const shipped = catalog.get('wayback');
    const wayback: SourceEntry = {
      ...shipped,
      options: { ...shipped.options, limit: 1 },
      politeness: { ...shipped.politeness, maxResultPages: 50 },
    };
    const adapter = getAdapter('wayback');
    const asked: string[] = [];
    const refs: PageRef[] = [];
    let url: string | undefined = adapter.searchUrl(wayback, 'Sorrel_Draws');
    for (let page = 0; url && page < 50; page++) {
      asked.push(url);
      const answer = await fetchOnSource(wayback, url);
      expect(answer.status).toBe(200);
      const parsed = adapter.parseSearchPage(wayback, answer.body, answer.url);
      expect(['results', 'empty']).toContain(parsed.outcome);
      refs.push(...parsed.pages);
      url = parsed.next;
    }
    expect(url).toBeUndefined();
    const former = asked.filter((u) => new URL(u).searchParams.get('url') === 'kiwifarms.net/threads/');
    expect(former).toHaveLength(3);
    const keys = former.map((u) => /[?&]resumeKey=([^&]*)/.exec(u)?.[1]);
    expect(keys[0]).toBeUndefined();
    for (const key of keys.slice(1)) {
      // Exactly as the server printed it: `,` `)` `/` percent-encoded, the space a `+`, nothing encoded twice.
      expect(key).toMatch(
        /^net%2Ckiwifarms%29%2Fthreads%2Fsorrel_draws-moth-prints-again\.61377%2F(?:page-2)?\+\d{14}$/,
      );
    }
    const urls = refs.map((ref) => ref.url);
    expect(new Set(urls).size).toBe(urls.length);
    const base = farm.baseUrls.wayback;
    const old = 'https://kiwifarms.net/threads/sorrel_draws-moth-prints-again.61377/';
    expect(urls).toEqual(
      expect.arrayContaining([
        `${base}/web/20250302190000id_/${old}`,
        `${base}/web/20250304120000id_/${old}`,
        `${base}/web/20250304120500id_/${old}page-2`,
      ]),
    );
    // The server heard each key once, decoded to the position it had issued.
    const heard = farm.queryLog
      .filter((entry) => entry.sourceId === 'wayback' && entry.query.url === 'kiwifarms.net/threads/')
      .map((entry) => entry.query.resumeKey)
      .filter((key) => key !== undefined);
    expect(heard).toEqual(
      expect.arrayContaining([expect.stringMatching(/^net,kiwifarms\)\/threads\/.+ \d{14}$/)]),
    );
  });

  it("wayback: a copy kept only under the forum's former domain is found and counted as the forum's post", async () => {
    const posts = await scanned$('wayback');
    const old = posts.find((post) => post.postId === 'kiwifarms.net:6120001');
    expect(old?.permalink).toMatch(
      /\/web\/\d{14}\/https:\/\/kiwifarms\.net\/threads\/sorrel_draws-moth-prints-again\.61377\/$/,
    );
    expect(firstMatcherIds(old?.text ?? '')).toEqual(['h2']);
    // The report folds copies by the host in front of the post id and each source's hosts (its address
    // and aliases): under the farm, the forum's shipped domains are its aliases.
    const kiwifarms = catalog.get('kiwifarms');
    expect(siteHosts(kiwifarms)).toEqual(expect.arrayContaining(['kiwifarms.st', 'kiwifarms.net']));
    const placed = (
      id: string,
      sourceId: string,
      placeKind: 'site' | 'archive',
      postId: string,
    ): PlacedFinding => ({
      id,
      pageId: id,
      sourceId,
      severity: 'high' as PlacedFinding['severity'],
      trust: placeKind === 'site' ? 'hostile' : 'neutral',
      placeKind,
      detail: { postId, fetchedAt: `2026-10-0${id.length}T00:00:00Z` } as PlacedFinding['detail'],
    });
    const folded = foldArchivedCopies(
      [
        placed('old', 'wayback', 'archive', 'kiwifarms.net:6120001'),
        placed('live', 'kiwifarms', 'site', '6120001'),
        placed('newer', 'wayback', 'archive', 'kiwifarms.st:6120001'),
      ],
      [
        { id: 'kiwifarms', placeKind: 'site', hosts: siteHosts(kiwifarms) },
        { id: 'wayback', placeKind: 'archive', hosts: siteHosts(catalog.get('wayback')) },
      ],
    );
    expect(folded).toHaveLength(1);
    expect(folded[0]?.primary.id).toBe('live');
    expect(folded[0]?.copies.map((copy) => copy.id).sort()).toEqual(['newer', 'old']);
  });

  it('wayback: answers a burst with 429 as the real one does', async () => {
    const server = createServer(createWaybackReplica(waybackCaptures().slice(0, 1), { burstLimit: 2 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(
          `http://127.0.0.1:${port}/cdx/search/cdx?url=kiwifarms.st/*&output=json`,
        );
        statuses.push(response.status);
        if (response.status === 429) expect(response.headers.get('x-ts')).toBe('429');
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('justpaste and archive.today: nothing at the handles; snapshots behind a CAPTCHA read as nothing', async () => {
    const justpaste = catalog.get('justpaste');
    for (const query of demoSearchQueries)
      expect((await search(justpaste, query)).outcomes).toEqual(['empty']);
    expect(await readOnSource(justpaste, `${farm.baseUrls.justpaste}/lampwickguide`)).toHaveLength(1);

    const archive = catalog.get('archive-today');
    const urls = (archive.options as { urls: string[] }).urls;
    for (const query of demoSearchQueries) {
      expect((await search(archive, query)).outcomes).toEqual(urls.map(() => 'empty'));
    }
    const adapter = getAdapter('archive-today');
    const timemap = await fetchOnSource(
      archive,
      `${farm.baseUrls['archive-today']}/timemap/https://rentry.co/lampwick-recipes`,
    );
    const snapshot = `${farm.baseUrls['archive-today']}/20260901120000/https://rentry.co/lampwick-recipes`;
    expect(adapter.parseSearchPage(archive, timemap.body, timemap.url).pages).toEqual([{ url: snapshot }]);
    const captcha = await fetchOnSource(archive, snapshot);
    expect(adapter.extractPosts(archive, captcha.body, captcha.url)).toEqual([]);
    expect(adapter.parseSearchPage(archive, captcha.body, timemap.url).outcome).toBe('challenge');
  });

  it('searxng: hits on the other replicas go to the source owning them, other hosts are dropped', async () => {
    const hostOf = (id: string): string => new URL(farm.baseUrls[id] ?? '').host;
    const owned = ['kiwifarms', 'pastebin', 'doxbin', 'rentry', 'pasteee'];
    const searxng: SourceEntry = {
      ...catalog.get('searxng'),
      enabled: true,
      options: { owners: Object.fromEntries(owned.map((id) => [hostOf(id), id])), pagesPerSite: 2 },
    };
    const base = farm.baseUrls.searxng;
    expect((await fetch(`${base}/search?q=x`)).status).toBe(403);

    const refs = new Map<string, PageRef>();
    for (const query of demoSearchQueries) {
      for (const ref of (await search(searxng, query)).refs) refs.set(ref.url, ref);
    }
    const bySource = [...refs.values()].map((ref) => `${ref.sourceId}:${new URL(ref.url).pathname}`).sort();
    expect(bySource).toEqual(
      [
        'doxbin:/upload/mothlanternSorrelQuistgarde',
        'kiwifarms:/threads/mothlantern-sorrel_draws-the-moth-artist.81201/',
        'pasteee:/p/Mq4tZ',
        'pastebin:/Qm7Lp2Xa',
        'rentry:/mothlantern',
      ].sort(),
    );
    // The engines' off-site hits reach the adapter and are dropped there.
    const secondPage = new URL(getAdapter('searxng').searchUrl(searxng, 'mothlantern'));
    secondPage.searchParams.set('pageno', '2');
    const first = await fetchOnSource(searxng, secondPage.href);
    const raw = (JSON.parse(first.body) as { results: Array<{ url: string }> }).results.map((r) => r.url);
    expect(raw).toEqual(expect.arrayContaining(['https://blog.example.com/2026/moth-lamps']));
    const parsed = getAdapter('searxng').parseSearchPage(searxng, first.body, first.url);
    expect(parsed).toMatchObject({ outcome: 'results', pages: [] });

    // Read as their owners' pages, they hold only findings the owners' ground truth lists.
    const truth = [...demoExpectations, ...pasteExpectations];
    for (const ref of refs.values()) {
      const owner = catalog.get(ref.sourceId ?? '');
      // A forum thread is read page by page through `nextPageUrl`; a paste.ee HTML view through its raw view.
      const posts = await readOnSource(owner, ref.url);
      const found = findingsOf(owner.id, posts);
      expect(found.length, ref.url).toBeGreaterThan(0);
      for (const finding of found) {
        const expected = truth.find((e) => e.sourceId === finding.sourceId && e.postId === finding.postId);
        expect(expected, `${finding.sourceId}/${finding.postId}`).toBeDefined();
        expect([...finding.identifierIds].sort()).toEqual([...(expected?.identifierIds ?? [])].sort());
      }
    }
  });

  it('hostile replicas heard public handles only; listings heard nothing', async () => {
    for (const sourceId of PASTE_SOURCES) await scanned$(sourceId);
    const sensitive = demoProfile.identifiers
      .filter((i) => i.kind !== 'handle')
      .map((i) => i.value.toLowerCase());
    const log = farm.queryLog.filter((entry) =>
      [...PASTE_SOURCES, 'searxng', 'justpaste', 'archive-today'].includes(entry.sourceId),
    );
    expect(log.length).toBeGreaterThan(20);
    for (const entry of log) {
      const sent = decodeURIComponent(`${entry.path} ${Object.values(entry.query).join(' ')}`).toLowerCase();
      for (const value of sensitive) expect(sent, `${entry.sourceId} ${entry.path}`).not.toContain(value);
    }
    const psbdmpQueries = log
      .filter((e) => e.sourceId === 'psbdmp' && e.path.startsWith('/api/v3/search/'))
      .map((e) => decodeURIComponent(e.path.slice('/api/v3/search/'.length)));
    expect(new Set(psbdmpQueries)).toEqual(new Set([...demoSearchQueries, 'nobody-here']));
    expect(log.filter((e) => e.sourceId === 'pasteee').every((e) => Object.keys(e.query).length === 0)).toBe(
      true,
    );
    expect(
      log
        .filter((e) => e.sourceId === 'doxbin' && e.query.search !== undefined)
        .every((e) => [...demoSearchQueries, 'nobody-here'].includes(e.query.search ?? '')),
    ).toBe(true);
  });
});
