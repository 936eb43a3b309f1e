import { createHash } from 'node:crypto';
import { isDoxShaped } from '../../shared/domain/dox-shape.js';
import { isPublicIdentifier } from '../../shared/domain/identifier.js';
import type { FindingDetail } from '../../shared/domain/scan.js';
import { countsAsExposure, exposedIdentifierIds, scoreExposure } from '../../shared/domain/severity.js';
import {
  isDependencyOutage,
  pacedRetryDelay,
  PermanentJobError,
  SourceError,
  safeErrorMessage,
} from '../../shared/errors.js';
import { extractText, matchText, type CompiledProfile } from '../../shared/matching/index.js';
import { MarkupTooDeepError } from '../../shared/text/dom.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { failsForGood, type Processor } from '../../shared/queue/jobs.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { UpsertFindingInput } from '../../shared/db/repositories/finding.repository.js';
import type { FetchResult } from '../fetchers/http.fetcher.js';
import { getAdapter } from '../sources/adapter.registry.js';
import type { Logger } from '../../shared/log.js';
import type { PipelineDeps } from './pipeline.deps.js';
import { browserCouldPass, routeBeforeFetch } from './browser-handoff.js';
import { queuePages } from './queue-pages.js';
import type { PageStore, PageTarget } from './page-store.js';
import type { ScanContext, ScanContextLoader } from './scan-context.js';
import type { SourceLanes } from './source-lanes.js';

/**
 * Fetch: read a batch of pages of one source, one after another; for each, split it into posts,
 * match every identifier of the person locally (sensitive ones included: they never left this
 * machine), and upsert one finding per post that matched. A page's findings are written before the
 * page is marked fetched, so a crash in between only repeats idempotent work; a page's writes go on
 * while the next page is read, and the job ends once all of them are stored. A job run again reads
 * only its pages still pending.
 */
export function createFetchProcessor(
  deps: PipelineDeps,
  context: ScanContextLoader,
  pageStore: PageStore,
  lanes: SourceLanes,
  via: 'http' | 'browser',
): Processor<'fetch'> & Processor<'browse'> {
  return async ({ scanId, sourceId, pageIds }, ctx) => {
    const loaded = await context.load(scanId);
    if (loaded.finished) return;
    const targets = await pageStore.targets(pageIds);
    const source = deps.catalog.get(sourceId);
    const writes: Array<Promise<void>> = [];
    // The batch's outcome: the first failure that calls for running the job again, else the first
    // that failed a page for good (its page is marked failed; the job fails as that page's would).
    let retry: { error: unknown } | undefined;
    let final: { error: unknown } | undefined;
    const failed = async (pageId: string | undefined, error: unknown): Promise<void> => {
      if (!failsForGood(error, ctx)) {
        retry ??= { error };
        return;
      }
      if (pageId) await deps.pages.markFailed(pageId, safeErrorMessage(error));
      final ??= { error };
    };
    // A failure that escapes the loop (storage out while marking a page failed) still waits for the
    // writes under way: a job never ends with writes of its own unsettled.
    let escaped: { error: unknown } | undefined;
    try {
      for (const pageId of pageIds) {
        // The source asked us to wait, or storage is out: the rest of the batch waits for the job's
        // next run (other failures concern their own page only).
        if (retry && (pacedRetryDelay(retry.error) !== undefined || isDependencyOutage(retry.error))) break;
        const page = targets.get(pageId);
        if (!page) {
          await failed(undefined, new PermanentJobError('page no longer exists'));
          continue;
        }
        if (page.status !== 'pending') continue;
        try {
          const read = await fetchAndMatch(
            deps,
            context,
            loaded,
            pageStore,
            lanes,
            { scanId, source, pageId, page },
            via,
          );
          if (read) writes.push(read.stored.then(undefined, (error: unknown) => failed(pageId, error)));
        } catch (error) {
          await failed(pageId, error);
        }
      }
    } catch (error) {
      escaped = { error };
    }
    for (const write of await Promise.allSettled(writes)) {
      if (write.status === 'rejected') escaped ??= { error: write.reason as unknown };
    }
    if (escaped) throw escaped.error;
    if (retry) throw retry.error;
    if (final) throw final.error;
  };
}

/**
 * Reads, matches and stores one page of a fetch job. Resolves once the page is read and matched, to
 * its writes under way (undefined when the page went to the browser queue instead); wrapped, since
 * an async function resolving to a promise would wait for it.
 */
async function fetchAndMatch(
  deps: PipelineDeps,
  context: ScanContextLoader,
  { scan, request }: ScanContext,
  pageStore: PageStore,
  lanes: SourceLanes,
  { scanId, source, pageId, page }: { scanId: string; source: SourceEntry; pageId: string; page: PageTarget },
  via: 'http' | 'browser',
): Promise<{ stored: Promise<void> } | undefined> {
  const sourceId = source.id;
  const url = deps.vault.open<string>(scan, page.sealed_url);
  const response = await lanes(source, () => fetchPage(deps, source, url, via));
  if (!response) {
    // A JavaScript challenge, and this worker runs no browser: the page moves to the browser queue.
    await deps.jobs.addFetches([{ scanId, sourceId, pageIds: [pageId] }], 'browser');
    deps.log.info({ scanId, sourceId, pageId }, 'page sent to the browser queue');
    return undefined;
  }
  if (response.status === 404 || response.status === 410) {
    throw new PermanentJobError(`a page of ${source.name} is gone (HTTP ${response.status})`);
  }
  if (response.status >= 400)
    throw new SourceError(source.id, `${source.name} answered HTTP ${response.status}`);

  const { posts, next } = readPage(deps.log, source, response, scanId);
  if (next) await queuePages(deps, scan, source, [next]);

  const fetchedAt = new Date().toISOString();
  const contentSha256 = createHash('sha256').update(response.body).digest('hex');
  const profile = context.profileOf(scanId, request);
  const byId = new Map(request.identifiers.map((identifier) => [identifier.id, identifier]));
  const findings: UpsertFindingInput[] = [];
  for (const post of posts) {
    const result = matchText(profile, post.text, { otherPii: 'with-matches' });
    if (result.matches.length === 0) continue;
    const doxShaped = isDoxShaped(post.text);
    const exposed = result.matches.filter(countsAsExposure).flatMap((match) => {
      const identifier = byId.get(match.identifierId);
      return identifier ? [{ kind: identifier.kind, public: isPublicIdentifier(identifier) }] : [];
    });
    const detail: FindingDetail = {
      pageUrl: response.url,
      permalink: post.permalink,
      postId: post.postId,
      ...(post.author ? { author: authorForReport(profile, post.author) } : {}),
      matches: result.matches,
      otherPii: result.otherPii,
      fetchedAt,
      contentSha256,
      doxShaped,
    };
    findings.push({
      id: crypto.randomUUID(),
      scanId,
      pageId,
      sourceId,
      dedupeKey: deps.vault.hash('finding', `${scanId}\n${sourceId}\n${post.postId}`),
      severity: scoreExposure({ exposed, trust: source.trust, doxShaped }),
      identifierIds: exposedIdentifierIds(result.matches),
      sealedDetail: deps.vault.seal(scan, detail),
    });
  }
  // The page's findings, and only then the page marked fetched, written with those of the other
  // pages this process is reading.
  const stored = pageStore.settle({
    page: {
      id: pageId,
      contentSha256,
      sealedSnapshot: deps.vault.sealText(scan, response.body),
      httpStatus: response.status,
    },
    findings,
  });
  return {
    stored: stored.then(() =>
      deps.log.info({ scanId, sourceId, pageId, findings: findings.length }, 'page matched'),
    ),
  };
}

/**
 * The page's posts and its next page. A page nested too deep for its structure to be read (a hostile
 * page built to stall parsers) is matched as one post of its whole text, so nothing on it is missed.
 */
export function readPage(
  log: Logger,
  source: SourceEntry,
  response: FetchResult,
  scanId: string,
): { posts: ExtractedPost[]; next?: string } {
  const adapter = getAdapter(source.adapter);
  try {
    const next = adapter.nextPageUrl?.(source, response.body, response.url);
    return { posts: adapter.extractPosts(source, response.body, response.url), ...(next ? { next } : {}) };
  } catch (error) {
    if (!(error instanceof MarkupTooDeepError)) throw error;
    log.warn({ scanId, sourceId: source.id }, 'page nested too deep for its posts: matched whole');
    return {
      posts: [{ postId: 'page', permalink: response.url, text: extractText(response.url, response.body) }],
    };
  }
}

/** The page, or undefined when it needs a browser this worker does not have. */
async function fetchPage(
  deps: PipelineDeps,
  source: SourceEntry,
  url: string,
  via: 'http' | 'browser',
): Promise<FetchResult | undefined> {
  if (via === 'browser') {
    if (!deps.browser) throw new PermanentJobError('a browser page reached a worker without a browser');
    return deps.browser.fetchWithBrowser(source, url);
  }
  if (routeBeforeFetch(deps, source) === 'browser-queue') return undefined;
  try {
    return await deps.fetcher.fetch(source, url);
  } catch (error) {
    if (browserCouldPass(deps, source, error)) return undefined;
    throw error;
  }
}

/**
 * Who posted it, for the advocate's report. A poster-name field is free text on imageboards: if it
 * holds someone's personal data (an email, a phone), it is masked like the rest of the page.
 */
function authorForReport(profile: CompiledProfile, author: string): string {
  return matchText(profile, author).otherPii.length > 0 ? '[masked poster name]' : author;
}
