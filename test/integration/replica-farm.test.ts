import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { startReplicaFarm } from '../replicas/farm.js';
import type { ReplicaFarm } from '../replicas/farm.js';
import {
  decoyValues,
  demoExpectations,
  demoForum,
  demoPastes,
  demoProfile,
  demoSearchQueries,
  noisePostIds,
  trapPostIds,
} from '../replicas/personas/demo.persona.js';
import type { ExpectedFinding } from '../replicas/personas/demo.persona.js';
import { firstMatcherIds } from '../support/seed-matcher.js';

let farm: ReplicaFarm;
let kiwifarms: SourceEntry;
let pastebin: SourceEntry;

beforeAll(async () => {
  farm = await startReplicaFarm();
  const catalog = loadCatalog({ overrides: farm.overrides });
  kiwifarms = catalog.get('kiwifarms');
  pastebin = catalog.get('pastebin');
});
afterAll(async () => {
  await farm?.close();
});

async function get(
  url: string,
): Promise<{ status: number; body: string; url: string; location: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  return {
    status: response.status,
    body: await response.text(),
    url,
    location: response.headers.get('location'),
  };
}

/** Follows redirects by hand so each hop is checked to stay on the replica. */
async function follow(url: string): Promise<{ body: string; url: string }> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    const answer = await get(current);
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      current = new URL(answer.location, current).href;
      continue;
    }
    expect(answer.status, `GET ${current}`).toBe(200);
    return { body: answer.body, url: current };
  }
  throw new Error(`too many redirects from ${url}`);
}

async function searchForum(
  query: string,
): Promise<{ threads: string[]; pagesRead: number; outcomes: string[] }> {
  const adapter = getAdapter('xenforo');
  let page = await follow(adapter.searchUrl(kiwifarms, query));
  const threads: string[] = [];
  const outcomes: string[] = [];
  for (let pagesRead = 1; ; pagesRead++) {
    const parsed = adapter.parseSearchPage(kiwifarms, page.body, page.url);
    outcomes.push(parsed.outcome);
    for (const ref of parsed.pages) if (!threads.includes(ref.url)) threads.push(ref.url);
    if (!parsed.next) return { threads, pagesRead, outcomes };
    page = await follow(parsed.next);
  }
}

async function readThread(threadUrl: string): Promise<ExtractedPost[]> {
  const adapter = getAdapter('xenforo');
  const posts: ExtractedPost[] = [];
  let next: string | undefined = threadUrl;
  while (next) {
    const page = await follow(next);
    posts.push(...adapter.extractPosts(kiwifarms, page.body, page.url));
    next = adapter.nextPageUrl?.(kiwifarms, page.body, page.url);
  }
  return posts;
}

describe('replica farm', () => {
  it('starts one loopback server per catalog source with matching overrides', () => {
    // Other suites (imageboards, pastes) add their sources; every enabled catalog source has a replica.
    const catalog = loadCatalog({ overrides: farm.overrides });
    expect(Object.keys(farm.baseUrls)).toEqual(expect.arrayContaining(['kiwifarms', 'pastebin']));
    for (const id of Object.keys(farm.baseUrls)) expect(catalog.has(id), id).toBe(true);
    for (const [id, baseUrl] of Object.entries(farm.baseUrls)) {
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(farm.overrides[id]).toEqual({ baseUrl, allowPrivateNetwork: true });
    }
    expect(kiwifarms.baseUrl).toBe(farm.baseUrls.kiwifarms);
    expect(pastebin.allowPrivateNetwork).toBe(true);
  });

  it('redirects a XenForo search to a stored result set, like XenForo does', async () => {
    const answer = await get(getAdapter('xenforo').searchUrl(kiwifarms, 'mothlantern'));
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^\/search\/\d+\/\?q=mothlantern&o=date$/);
  });

  it('finds every exposing thread by searching the public handles only', async () => {
    const base = farm.baseUrls.kiwifarms;
    const moth = `${base}/threads/mothlantern-sorrel_draws-the-moth-artist.81201/`;
    const fair = `${base}/threads/wickerby-art-fair-drama.81377/`;
    expect(await searchForum('mothlantern')).toEqual({
      threads: [moth],
      pagesRead: 1,
      outcomes: ['results'],
    });
    expect(await searchForum('Sorrel_Draws')).toEqual({
      threads: [fair, moth],
      pagesRead: 2,
      outcomes: ['results', 'results'],
    });
    expect((await searchForum('nobody-by-this-name')).outcomes).toEqual(['empty']);

    const found = new Set<string>();
    for (const query of demoSearchQueries)
      for (const thread of (await searchForum(query)).threads) found.add(thread);
    const threadIdsWithFindings = new Set(
      demoForum.threads
        .filter((thread) =>
          thread.pages.flat().some((post) => demoExpectations.some((e) => e.postId === post.postId)),
        )
        .map((thread) => thread.threadId),
    );
    expect([...found].map((url) => Number(/\.(\d+)\/$/.exec(url)?.[1])).sort()).toEqual(
      [...threadIdsWithFindings].sort(),
    );
  });

  it('serves thread pages the adapter reads into exactly the seeded posts, across pages', async () => {
    const base = farm.baseUrls.kiwifarms;
    for (const thread of demoForum.threads) {
      const threadUrl = `${base}/threads/${thread.slug}.${thread.threadId}/`;
      const posts = await readThread(threadUrl);
      const seeded = thread.pages.flat();
      expect(posts.map((post) => post.postId)).toEqual(seeded.map((post) => post.postId));
      posts.forEach((post, i) => {
        const seed = seeded[i]!;
        expect(post.author).toBe(seed.author);
        expect(post.permalink).toBe(`${threadUrl}post-${seed.postId}`);
        const withoutChrome = seed.html.replace(/<div class="bbCodeBlock-expandLink[^]*?<\/div>/, '');
        expect(post.text, `post ${seed.postId}`).toBe(htmlToText(withoutChrome));
      });
    }
  });

  it('redirects post permalinks to the page holding the post and answers 404 for unknown pages', async () => {
    const base = farm.baseUrls.kiwifarms;
    const thread = `/threads/mothlantern-sorrel_draws-the-moth-artist.81201/`;
    const permalink = await get(`${base}${thread}post-7310008`);
    expect(permalink.status).toBe(302);
    expect(permalink.location).toBe(`${thread}page-2#post-7310008`);
    expect((await get(`${base}/threads/81201/`)).location).toBe(thread);
    expect((await get(`${base}${thread}page-3`)).status).toBe(404);
    expect((await get(`${base}/threads/nothing.5/`)).status).toBe(404);
    expect((await get(`${base}/members/`)).status).toBe(404);
    expect((await get(`${farm.baseUrls.pastebin}/raw/ZZZZZZZZ`)).status).toBe(404);
    expect((await get(`${farm.baseUrls.pastebin}/nope`)).status).toBe(404);
  });

  it('serves a Pastebin archive whose raw pastes the adapter reads as one post each', async () => {
    const adapter = getAdapter('pastebin');
    const archive = await follow(adapter.searchUrl(pastebin, undefined));
    const listing = adapter.parseSearchPage(pastebin, archive.body, archive.url);
    expect(listing.outcome).toBe('results');
    expect(listing.pages.map((ref) => ref.url)).toEqual(
      demoPastes.map((p) => `${farm.baseUrls.pastebin}/raw/${p.key}`),
    );
    for (const [i, ref] of listing.pages.entries()) {
      const raw = await get(ref.url);
      expect(raw.status).toBe(200);
      const posts = adapter.extractPosts(pastebin, raw.body, ref.url);
      expect(posts).toEqual([
        {
          postId: demoPastes[i]!.key,
          permalink: `${farm.baseUrls.pastebin}/${demoPastes[i]!.key}`,
          text: demoPastes[i]!.body,
        },
      ]);
      // The HTML page of the same paste reads the same.
      const html = await get(`${farm.baseUrls.pastebin}/${demoPastes[i]!.key}`);
      expect(adapter.extractPosts(pastebin, html.body, html.url)[0]?.text).toBe(demoPastes[i]!.body);
    }
  });

  it('has ground truth that agrees with the seeded text: findings, traps, noise, decoys', async () => {
    const posts: Array<{ sourceId: string; post: ExtractedPost }> = [];
    for (const thread of demoForum.threads) {
      const url = `${farm.baseUrls.kiwifarms}/threads/${thread.slug}.${thread.threadId}/`;
      for (const post of await readThread(url)) posts.push({ sourceId: 'kiwifarms', post });
    }
    for (const paste of demoPastes) {
      const url = `${farm.baseUrls.pastebin}/raw/${paste.key}`;
      const raw = await get(url);
      for (const post of getAdapter('pastebin').extractPosts(pastebin, raw.body, url))
        posts.push({ sourceId: 'pastebin', post });
    }
    const found: ExpectedFinding[] = posts
      .map(({ sourceId, post }) => ({
        sourceId,
        postId: post.postId,
        identifierIds: firstMatcherIds(post.text),
      }))
      .filter((finding) => finding.identifierIds.length > 0);
    const sorted = (list: ExpectedFinding[]): ExpectedFinding[] =>
      [...list]
        .map((f) => ({ ...f, identifierIds: [...f.identifierIds].sort() }))
        .sort((a, b) => a.postId.localeCompare(b.postId));
    expect(sorted(found)).toEqual(sorted(demoExpectations));

    const ids = posts.map(({ post }) => post.postId);
    for (const id of [...trapPostIds, ...noisePostIds]) expect(ids, `seeded post ${id}`).toContain(id);
    const allText = posts.map(({ post }) => post.text).join('\n');
    for (const decoy of decoyValues) expect(allText, decoy).toContain(decoy);
  });

  it('logs every query a replica received, and hostile sources saw only public handles', async () => {
    expect(farm.requestCount('kiwifarms')).toBeGreaterThan(5);
    expect(farm.requestCount('pastebin')).toBeGreaterThan(5);
    const searches = farm.queryLog.filter(
      (entry) => entry.sourceId === 'kiwifarms' && entry.path === '/search/search',
    );
    expect(searches.map((entry) => entry.query.keywords)).toEqual(
      expect.arrayContaining(['mothlantern', 'Sorrel_Draws']),
    );
    expect(
      searches.every((entry) => entry.method === 'GET' && entry.query.o === 'date' && entry.at > 0),
    ).toBe(true);
    const sensitive = demoProfile.identifiers
      .filter((i) => i.kind !== 'handle')
      .map((i) => i.value.toLowerCase());
    for (const entry of farm.queryLog) {
      const sent = `${entry.path} ${Object.values(entry.query).join(' ')}`.toLowerCase();
      for (const value of sensitive) expect(sent).not.toContain(value);
    }
    expect(
      farm.queryLog.filter((e) => e.sourceId === 'pastebin').every((e) => Object.keys(e.query).length === 0),
    ).toBe(true);
  });
});
