import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { startReplicaFarm } from '../replicas/farm.js';
import type { ReplicaFarm } from '../replicas/farm.js';
import type { BoardSiteSeed } from '../replicas/imageboard-seed.util.js';
import { demoForum, demoPastes, demoProfile, demoSearchQueries } from '../replicas/personas/demo.persona.js';
import type { ExpectedFinding } from '../replicas/personas/demo.persona.js';
import {
  archivedMoeSeed,
  desuarchiveSeed,
  fourchanSeed,
  fourplebsSeed,
} from '../replicas/personas/imageboards.seed.js';
import {
  secondArchivedMoeThreads,
  secondDecoyValues,
  secondDeeperExposures,
  secondExpectations,
  secondForumThread,
  secondFourchanThreads,
  secondNoisePostIds,
  secondPastes,
  secondProfile,
  secondSearchQueries,
} from '../replicas/personas/second.persona.js';
import { firstMatcherIds } from '../support/seed-matcher.js';
import { readOnSource, searchOnSource } from '../support/source-fetch.js';

/**
 * The second synthetic persona ("Wrenna Fosselthwaite", `secondProfile`) shares the farm with the demo
 * persona. Her content was added to the forum, Pastebin, archived.moe and 4chan seeds; here each replica
 * is read by its adapter, as the search and fetch processors read a real source, and the seed matcher
 * must find exactly `secondExpectations`: on the sources a scan of her reads, on every post of the farm
 * (so no demo post holds one of her identifiers), and nowhere else. The demo persona's own suites
 * prove, on the same seeds, that her posts hold none of the demo persona's identifiers.
 */
const SEEDED_SOURCES = ['kiwifarms', 'pastebin', 'archived-moe', '4chan'] as const;
const ARCHIVES: Record<string, BoardSiteSeed> = {
  'archived-moe': archivedMoeSeed,
  '4plebs': fourplebsSeed,
  desuarchive: desuarchiveSeed,
};
/** Sources where she is not seeded: a scan of her there finds nothing. */
const OTHER_SOURCES = [
  '4plebs',
  'desuarchive',
  'lolcow',
  'psbdmp',
  'doxbin',
  'rentry',
  'pasteee',
  'wayback',
  'justpaste',
  'archive-today',
] as const;

let farm: ReplicaFarm;
let catalog: Catalog;

beforeAll(async () => {
  farm = await startReplicaFarm();
  catalog = loadCatalog({ overrides: farm.overrides });
});
afterAll(async () => {
  await farm?.close();
});

/** A search of one source: its result pages point at its own pages only; each URL once. */
async function search(
  source: SourceEntry,
  query: string | undefined,
): Promise<{ urls: string[]; outcomes: string[] }> {
  const { refs, outcomes } = await searchOnSource(source, query);
  for (const ref of refs) expect(ref.sourceId ?? source.id).toBe(source.id);
  return { urls: [...new Set(refs.map((ref) => ref.url))], outcomes };
}

/** What one scan with these handles reads from a source: its searches or its listing, every page once. */
async function scanSource(sourceId: string, queries: readonly string[]): Promise<ExtractedPost[]> {
  const source = catalog.get(sourceId);
  const listing = getAdapter(source.adapter).searchMode === 'listing';
  const urls = new Set<string>();
  for (const query of listing ? [undefined] : queries)
    for (const url of (await search(source, query)).urls) urls.add(url);
  expect(urls.size, `${sourceId} pages`).toBeLessThanOrEqual(source.politeness.maxPagesPerScan);
  const posts: ExtractedPost[] = [];
  for (const url of urls) posts.push(...(await readOnSource(source, url)));
  return posts;
}

/** Every post a replica holds, not only those a search reaches: forum threads, pastes, archive threads. */
async function everyPost(sourceId: string): Promise<ExtractedPost[]> {
  const source = catalog.get(sourceId);
  const posts: ExtractedPost[] = [];
  if (sourceId === 'kiwifarms') {
    for (const thread of demoForum.threads)
      posts.push(
        ...(await readOnSource(source, `${source.baseUrl}/threads/${thread.slug}.${thread.threadId}/`)),
      );
  } else if (ARCHIVES[sourceId]) {
    for (const thread of ARCHIVES[sourceId].threads) {
      const url = `${source.baseUrl}/_/api/chan/thread/?board=${thread.board}&num=${thread.posts[0]?.no}`;
      posts.push(...(await readOnSource(source, url)));
    }
  } else {
    posts.push(...(await scanSource(sourceId, [])));
  }
  return posts;
}

/** One finding per post id, identifiers merged, as the pipeline's idempotent upserts make it. */
function findingsOf(
  sourceId: string,
  posts: ExtractedPost[],
  identifiers: typeof secondProfile.identifiers | typeof demoProfile.identifiers = secondProfile.identifiers,
): ExpectedFinding[] {
  const byPost = new Map<string, Set<string>>();
  for (const post of posts) {
    const ids = firstMatcherIds(post.text, identifiers);
    if (ids.length === 0) continue;
    byPost.set(post.postId, new Set([...(byPost.get(post.postId) ?? []), ...ids]));
  }
  return [...byPost].map(([postId, ids]) => ({ sourceId, postId, identifierIds: [...ids] }));
}

const sorted = (list: ExpectedFinding[]): ExpectedFinding[] =>
  [...list]
    .map((f) => ({ ...f, identifierIds: [...f.identifierIds].sort() }))
    .sort((a, b) => `${a.sourceId}/${a.postId}`.localeCompare(`${b.sourceId}/${b.postId}`));

const digits = (text: string): string => text.replace(/\D+/g, '');
/** Rough local checks for her deeper identifiers, enough to keep the hand-written list honest. */
const deeperChecks: Record<string, (text: string) => boolean> = {
  t1: (text) => digits(text).includes('7700900417'),
  a1: (text) => /14 Thimbleweed Row/i.test(text),
  d1: (text) => text.includes('1998-06-21'),
};

describe('the second persona in the replica farm', () => {
  it('is her own invented person: none of her identifiers is one of the demo persona’s', () => {
    const demoValues = new Set(demoProfile.identifiers.map((i) => i.value.toLowerCase()));
    for (const identifier of secondProfile.identifiers)
      expect(demoValues.has(identifier.value.toLowerCase()), identifier.id).toBe(false);
    expect(secondSearchQueries).toEqual(
      secondProfile.identifiers.filter((i) => i.kind === 'handle').map((i) => i.value),
    );
    // Her seeds were added to the existing ones, not swapped in.
    expect(demoForum.threads).toContain(secondForumThread);
    expect(archivedMoeSeed.threads).toEqual(expect.arrayContaining(secondArchivedMoeThreads));
    expect(demoPastes).toEqual(expect.arrayContaining(secondPastes));
    expect(fourchanSeed.threads).toEqual(expect.arrayContaining(secondFourchanThreads));
  });

  it('the forum search for either handle reaches her thread and only hers', async () => {
    const source = catalog.get('kiwifarms');
    const thread = `${source.baseUrl}/threads/${secondForumThread.slug}.${secondForumThread.threadId}/`;
    for (const query of secondSearchQueries)
      expect(await search(source, query), query).toEqual({ urls: [thread], outcomes: ['results'] });
    // And the demo persona's handles do not reach it.
    for (const query of demoSearchQueries) expect((await search(source, query)).urls).not.toContain(thread);
  });

  it('archived.moe searches for her handles reach exactly her thread, by text and by poster name', async () => {
    const source = catalog.get('archived-moe');
    const [thread] = secondArchivedMoeThreads;
    const url = `${source.baseUrl}/_/api/chan/thread/?board=${thread?.board}&num=${thread?.posts[0]?.no}`;
    for (const query of secondSearchQueries) expect((await search(source, query)).urls, query).toEqual([url]);
    for (const query of demoSearchQueries) expect((await search(source, query)).urls).not.toContain(url);
  });

  it('a scan of her over the seeded sources yields exactly secondExpectations', async () => {
    const found: ExpectedFinding[] = [];
    for (const sourceId of SEEDED_SOURCES)
      found.push(...findingsOf(sourceId, await scanSource(sourceId, secondSearchQueries)));
    expect(sorted(found)).toEqual(sorted(secondExpectations));
  });

  it('every post of the farm agrees: her findings are exactly where the seed says, none in demo posts', async () => {
    const all: Array<{ sourceId: string; post: ExtractedPost }> = [];
    for (const sourceId of [...SEEDED_SOURCES, '4plebs', 'desuarchive', 'lolcow'])
      for (const post of await everyPost(sourceId)) all.push({ sourceId, post });
    const found = [...new Set(all.map((a) => a.sourceId))].flatMap((sourceId) =>
      findingsOf(
        sourceId,
        all.filter((a) => a.sourceId === sourceId).map((a) => a.post),
      ),
    );
    expect(sorted(found)).toEqual(sorted(secondExpectations));

    // Her posts hold none of the demo persona's identifiers, deeper ones included.
    const hers = new Set(secondExpectations.map((e) => `${e.sourceId}/${e.postId}`));
    const herPosts = all.filter(
      ({ sourceId, post }) =>
        hers.has(`${sourceId}/${post.postId}`) || secondNoisePostIds.includes(post.postId),
    );
    expect(herPosts.length).toBe(secondExpectations.length + secondNoisePostIds.length);
    for (const { sourceId, post } of herPosts) {
      expect(firstMatcherIds(post.text, demoProfile.identifiers), `${sourceId}/${post.postId}`).toEqual([]);
      expect(digits(post.text)).not.toContain('5035550167');
      expect(post.text).not.toMatch(/Brackenfold|1994-11-03/i);
    }

    // The phone/address/dob list names exactly the posts that hold them; decoys are on her pages.
    for (const kind of Object.keys(deeperChecks)) {
      const holding = all
        .filter(({ post }) => deeperChecks[kind]?.(post.text))
        .map(({ sourceId, post }) => `${sourceId}/${post.postId}`);
      const listed = secondDeeperExposures
        .filter((e) => e.identifierIds.includes(kind))
        .map((e) => `${e.sourceId}/${e.postId}`);
      expect(holding.sort(), kind).toEqual(listed.sort());
    }
    for (const deeper of secondDeeperExposures) expect(hers).toContain(`${deeper.sourceId}/${deeper.postId}`);
    const text = herPosts.map(({ post }) => post.text).join('\n');
    for (const decoy of secondDecoyValues) expect(text, decoy).toContain(decoy);
  });

  it('the other sources hold nothing of hers: a scan of her there finds nothing', async () => {
    for (const sourceId of OTHER_SOURCES) {
      const posts = await scanSource(sourceId, secondSearchQueries);
      expect(findingsOf(sourceId, posts), sourceId).toEqual([]);
    }
  });

  it('hostile replicas heard public handles only, hers or the demo persona’s', async () => {
    const handles = new Set([...secondSearchQueries, ...demoSearchQueries]);
    const sensitive = secondProfile.identifiers
      .filter((i) => i.kind !== 'handle')
      .flatMap((i) => [i.value.toLowerCase(), ...(i.kind === 'phone' ? [digits(i.value)] : [])]);
    for (const entry of farm.queryLog) {
      const sent = decodeURIComponent(`${entry.path} ${Object.values(entry.query).join(' ')}`).toLowerCase();
      for (const value of sensitive) expect(sent, `${entry.sourceId} ${entry.path}`).not.toContain(value);
    }
    const forumSearches = farm.queryLog.filter(
      (e) => e.sourceId === 'kiwifarms' && e.path === '/search/search',
    );
    expect(new Set(forumSearches.map((e) => e.query.keywords))).toEqual(handles);
    const archiveSearches = farm.queryLog.filter(
      (e) => e.sourceId === 'archived-moe' && e.path === '/_/api/chan/search/',
    );
    for (const entry of archiveSearches)
      expect(handles.has(entry.query.text ?? entry.query.username ?? ''), JSON.stringify(entry.query)).toBe(
        true,
      );
    expect(
      farm.queryLog
        .filter((e) => e.sourceId === 'pastebin' || e.sourceId === '4chan')
        .every((e) => Object.keys(e.query).length === 0),
    ).toBe(true);
  });
});
