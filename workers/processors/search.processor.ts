import { SourceError, PermanentJobError, safeErrorMessage } from '../../shared/errors.js';
import { coverageOfFailure } from '../../shared/domain/coverage.js';
import type { PageRef } from '../../shared/domain/page.js';
import { failsForGood, type Processor } from '../../shared/queue/jobs.js';
import { mayQueryRemotely } from '../planning.js';
import { getAdapter } from '../sources/adapter.registry.js';
import type { PipelineDeps } from './pipeline.deps.js';
import type { ScanContextLoader } from './scan-context.js';
import { browserCouldPass } from './browser-handoff.js';
import { queuePages } from './queue-pages.js';

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
    if (!deps.browser && source.fetch === 'browser') return handToBrowser();
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
      let url: string | undefined = adapter.searchUrl(source, query);
      for (let page = 0; url && page < source.politeness.maxResultPages; page++) {
        let response;
        try {
          response = await deps.fetcher.fetch(source, url);
        } catch (error) {
          // Pages already read are read again there: adding their pages twice adds nothing.
          if (browserCouldPass(deps, source, error)) return await handToBrowser();
          throw error;
        }
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
        const result = adapter.parseSearchPage(source, response.body, response.url);
        if (result.outcome === 'throttled') {
          const waitMs = (result.retryAfterSeconds ?? 60) * 1000;
          throw new SourceError(source.id, `${source.name} asked us to wait (flood control)`, waitMs);
        }
        if (result.outcome === 'unknown') {
          throw new SourceError(
            source.id,
            `${source.name} answered with neither results nor "no results" (a login wall, a challenge or an error page)`,
          );
        }
        found.push(...result.pages);
        url = result.next;
      }
      if (url) {
        // Results went on past the source's cap: what lies beyond it was not read, and the report says so.
        await deps.scans.markPartial(
          scanId,
          sourceId,
          `only the first ${source.politeness.maxResultPages} pages of search results were read`,
        );
      }
      // A page found here may belong to another source of the scan (a web search pointing at a forum
      // thread); it is fetched and parsed as that source's. Pages of sources the scan did not choose
      // are left alone.
      const bySource = new Map<string, string[]>();
      for (const ref of found) {
        const owner = ref.sourceId ?? source.id;
        if (!scan.options.sources.includes(owner) || !deps.catalog.has(owner)) continue;
        bySource.set(owner, [...(bySource.get(owner) ?? []), ref.url]);
      }
      for (const [owner, urls] of bySource) await queuePages(deps, scan, deps.catalog.get(owner), urls);
      await deps.scans.searchDone(scanId, sourceId, identifierId ?? 'listing');
      deps.log.info({ scanId, sourceId, pages: found.length }, 'search done');
    } catch (error) {
      if (failsForGood(error, ctx)) {
        await deps.scans.failSource(scanId, sourceId, safeErrorMessage(error), coverageOfFailure(error));
      }
      throw error;
    }
  };
}
