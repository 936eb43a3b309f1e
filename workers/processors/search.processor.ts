import { SourceError, PermanentJobError, pacedRetryDelay, safeErrorMessage } from '../../shared/errors.js';
import { coverageOfFailure } from '../../shared/domain/coverage.js';
import type { PageRef } from '../../shared/domain/page.js';
import type { ListingSections, SearchPage } from '../sources/adapter.js';
import { failsForGood, type Processor } from '../../shared/queue/jobs.js';
import { mayQueryRemotely } from '../planning.js';
import { getAdapter } from '../sources/adapter.registry.js';
import type { PipelineDeps } from './pipeline.deps.js';
import type { ScanContextLoader } from './scan-context.js';
import { browserCouldPass, routeBeforeFetch } from './browser-handoff.js';
import { pageCapReason, queuePages } from './queue-pages.js';

/**
 * Search: run one query (or walk one listing) on one source, page by page up to the source's cap, and
 * queue a fetch for every page the results point at. A worker without a browser hands a search that
 * needs one (a browser-only source, or a challenge on the way) to the browser queue, whole.
 */
export function createSearchProcessor(
  deps: PipelineDeps,
  context: ScanContextLoader,
  via: 'http' | 'browser',
): Processor<'search'> & Processor<'browseSearch'> {
  return async (job, ctx) => {
    const { scanId, sourceId, identifierId } = job;
    const { scan, request, finished } = await context.load(scanId);
    if (finished) return;
    const source = deps.catalog.get(sourceId);
    const adapter = getAdapter(source.adapter);
    if (via === 'browser' && !deps.browser) {
      throw new PermanentJobError('a browser search reached a worker without a browser');
    }
    const handToBrowser = async (): Promise<void> => {
      await deps.jobs.addBrowserSearches([job]);
      deps.log.info({ scanId, sourceId }, 'search sent to the browser queue');
    };
    if (routeBeforeFetch(deps, source) === 'browser-queue') return handToBrowser();
    try {
      let query: string | undefined;
      if (identifierId !== null) {
        const identifier = request.identifiers.find((candidate) => candidate.id === identifierId);
        if (!identifier) throw new PermanentJobError('search names an identifier the scan does not have');
        // Second line of defence behind planning: never type a sensitive identifier into a search box
        // without the requester's recorded opt-in (docs/safety.md §2).
        if (!mayQueryRemotely(identifier, scan.options.remoteSearchOptIn)) {
          throw new PermanentJobError('refused to send a sensitive identifier to a remote search');
        }
        query = identifier.value;
      }
      const found: PageRef[] = [];
      const max = source.politeness.maxResultPages;
      // What listings said they leave out (only the newest pastes are listed).
      const windows = new Set<string>();
      const readPage = async (url: string, section: boolean): Promise<SearchPage | 'gone'> => {
        let response;
        try {
          response = await deps.fetcher.fetch(source, url);
        } catch (error) {
          // Pages already read are read again there: adding their pages twice adds nothing.
          if (browserCouldPass(deps, source, error)) throw HANDED_TO_BROWSER;
          throw error;
        }
        // A section of a site (a board) that is not there holds nothing to read.
        if (section && (response.status === 404 || response.status === 410)) return 'gone';
        if (response.status === 401 || response.status === 403) {
          // A login wall or an access block: retrying will not get past it, and the report says so.
          throw new SourceError(
            source.id,
            `${source.name} refused access (HTTP ${response.status})`,
            undefined,
            {
              kind: 'blocked',
              reason: 'refused-access',
            },
          );
        }
        if (response.status >= 500)
          throw new SourceError(source.id, `${source.name} answered HTTP ${response.status}`);
        const result = adapter.parseSearchPage(source, response.body, response.url, response.status);
        if (result.outcome === 'throttled') {
          const waitMs = (result.retryAfterSeconds ?? 60) * 1000;
          throw new SourceError(source.id, `${source.name} asked us to wait (flood control)`, waitMs);
        }
        if (result.outcome === 'blocked') {
          throw new SourceError(
            source.id,
            `${source.name} shows this only to members (a login wall)`,
            undefined,
            {
              kind: 'blocked',
              reason: 'login-wall',
            },
          );
        }
        if (result.outcome === 'challenge') {
          throw new SourceError(source.id, `${source.name} answered with an anti-bot check`, undefined, {
            kind: 'blocked',
            reason: 'challenge:page',
          });
        }
        if (result.partial) windows.add(result.partial);
        if (result.outcome === 'unknown') {
          throw new SourceError(
            source.id,
            `${source.name} answered with neither results nor "no results" (a login wall, a challenge or an error page)`,
          );
        }
        return result;
      };
      let sections: ListingSections | undefined;
      let url: string | undefined = adapter.searchUrl(source, query);
      for (let page = 0; url && page < max; page++) {
        const result = await readPage(url, false);
        if (result === 'gone') {
          url = undefined;
          break;
        }
        found.push(...result.pages);
        // A site's index may span pages (LynxChan's board list): their sections add up.
        if (result.sections) sections = joinSections(sections, result.sections);
        url = result.next;
      }
      // Results went on past the source's cap: what lies beyond it was not read, and the report says so.
      const leftOut = [
        ...windows,
        ...(url ? [`only the first ${max} pages of search results were read`] : []),
      ];
      if (sections) {
        const walked = await walkSections(sections, (next) => readPage(next, true), max);
        found.push(...walked.pages);
        leftOut.push(...walked.leftOut);
      }
      // A page found here may belong to another source of the scan (a web search pointing at a forum
      // thread); it is fetched and parsed as that source's. Pages of sources the scan did not choose
      // are left alone.
      const bySource = new Map<string, string[]>();
      for (const ref of found) {
        const owner = ref.sourceId ?? source.id;
        if (!scan.options.sources.includes(owner) || !deps.catalog.has(owner)) continue;
        const urls = bySource.get(owner);
        if (urls) urls.push(ref.url);
        else bySource.set(owner, [ref.url]);
      }
      for (const [owner, urls] of bySource) await queuePages(deps, scan, deps.catalog.get(owner), urls);
      if (leftOut.length > 0) {
        // Recorded after the pages are queued so that it is not replaced by the per-scan cap's own
        // sentence, which it repeats when this search alone found more pages than the cap lets through.
        const own = bySource.get(source.id)?.length ?? 0;
        if (own > source.politeness.maxPagesPerScan) leftOut.push(pageCapReason(source));
        await deps.scans.markPartial(scanId, sourceId, leftOut.join('; '));
      }
      await deps.scans.searchDone(scanId, sourceId, identifierId ?? 'listing');
      deps.log.info({ scanId, sourceId, pages: found.length }, 'search done');
    } catch (error) {
      if (error === HANDED_TO_BROWSER) return await handToBrowser();
      if (failsForGood(error, ctx)) {
        await deps.scans.failSource(scanId, sourceId, safeErrorMessage(error), coverageOfFailure(error));
      }
      throw error;
    }
  };
}

/** Thrown inside a search to hand it whole to the browser queue. */
const HANDED_TO_BROWSER = Symbol('handed to the browser queue');

/**
 * Walks the sections of a site (an imageboard's boards) one after another, each up to `max` pages.
 * A section that is gone (404) holds nothing, and one that fails is left out; both are counted in the
 * coverage (the site listed them, so not reading them is said), and the others go on. They are counted,
 * not named: a board's name is the site's text, and a board can be named after the person hunted,
 * while coverage sentences are stored in clear. Only what
 * concerns the whole source stops the walk: a request to slow down (the source is paused), a challenge,
 * the browser hand-off, or no section read at all because they failed. Pages come interleaved (each
 * section's first, then each one's second, ...) so a per-scan page cap reaches every board's busiest
 * threads instead of every thread of the first boards.
 */
async function walkSections(
  sections: ListingSections,
  read: (url: string) => Promise<SearchPage | 'gone'>,
  max: number,
): Promise<{ pages: PageRef[]; leftOut: string[] }> {
  const perSection: PageRef[][] = [];
  // Sections are counted, never named (see above).
  let failed = 0;
  let missing = 0;
  let cut = 0;
  let lastError: unknown;
  for (const section of sections.list) {
    const pages: PageRef[] = [];
    let url: string | undefined = section.url;
    let gone = false;
    try {
      for (let page = 0; url && page < max; page++) {
        const result = await read(url);
        if (result === 'gone') {
          gone = page === 0;
          url = undefined;
          break;
        }
        pages.push(...result.pages);
        url = result.next;
      }
    } catch (error) {
      if (!sectionMayFail(error)) throw error;
      failed++;
      lastError = error;
      continue;
    }
    if (gone) missing++;
    else perSection.push(pages);
    if (url) cut++;
  }
  const total = sections.list.length;
  if (failed > 0 && perSection.length === 0) throw lastError;
  const leftOut: string[] = [];
  if (failed > 0) {
    leftOut.push(`${failed} of ${total} ${sections.noun} could not be read`);
  }
  if (missing > 0) {
    leftOut.push(`${missing} of ${total} ${sections.noun} were not there (HTTP 404)`);
  }
  if (cut > 0) {
    leftOut.push(`only the first ${max} listing pages of ${cut} ${sections.noun} were read`);
  }
  if (sections.leftOut) {
    leftOut.push(`${sections.leftOut} more ${sections.noun} listed by the site were not walked`);
  }
  const pages: PageRef[] = [];
  for (let i = 0; perSection.some((list) => i < list.length); i++)
    for (const list of perSection) if (i < list.length) pages.push(list[i] as PageRef);
  return { pages, leftOut };
}

/** A section's own failure (an error page, a refusal, a dead request) rather than the whole source's. */
function sectionMayFail(error: unknown): boolean {
  if (error === HANDED_TO_BROWSER || pacedRetryDelay(error) !== undefined) return false;
  if (error instanceof Error && error.name === 'ChallengeStopError') return false;
  if (error instanceof SourceError && error.reason?.startsWith('challenge:')) return false;
  return error instanceof SourceError;
}

function joinSections(before: ListingSections | undefined, more: ListingSections): ListingSections {
  if (!before) return more;
  const leftOut = (before.leftOut ?? 0) + (more.leftOut ?? 0);
  return { noun: before.noun, list: [...before.list, ...more.list], ...(leftOut > 0 ? { leftOut } : {}) };
}
