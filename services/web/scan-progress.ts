import type { ScanStatusView } from '../core/scan.service.js';
import { isScanFinished } from '../../shared/domain/scan.js';
import { scanStatusWords, sourceStatusWords } from './pages/status-words.js';

/**
 * A scan's progress as the pages and the live updates show it: counts and states per place, in plain
 * words. Ids, names of places and numbers only; nothing about the person.
 */
export interface ScanProgress {
  id: string;
  status: string;
  statusText: string;
  ended: boolean;
  /** Ended with work left undone (a place failed, searches or pages never finished): resume can finish it. */
  resumable: boolean;
  sources: Array<{
    id: string;
    name: string;
    status: string;
    statusText: string;
    coverageText: string;
    searches: { total: number; done: number };
    pages: { total: number; fetched: number; failed: number };
    searchesText: string;
    pagesText: string;
  }>;
}

export function toScanProgress(
  status: ScanStatusView,
  sourceNames: ReadonlyMap<string, string>,
): ScanProgress {
  const ended = isScanFinished(status.status);
  return {
    id: status.id,
    status: status.status,
    statusText: ended ? `${scanStatusWords(status.status)}.` : `${scanStatusWords(status.status)}…`,
    ended,
    resumable:
      ended &&
      status.sources.some(
        (source) =>
          source.status === 'failed' ||
          source.searches.done < source.searches.total ||
          source.pages.fetched + source.pages.failed < source.pages.total,
      ),
    sources: status.sources.map((source) => ({
      id: source.id,
      name: sourceNames.get(source.id) ?? source.id,
      status: source.status,
      statusText: sourceStatusWords(source.status),
      // Once the scan has ended, each place says how completely it was checked, as the report does.
      coverageText: ended ? source.coverageReason : 'Not known until the scan ends.',
      searches: source.searches,
      pages: source.pages,
      searchesText: `${source.searches.done} of ${source.searches.total}`,
      pagesText: pagesText(source.pages),
    })),
  };
}

function pagesText(pages: { total: number; fetched: number; failed: number }): string {
  const base = `${pages.fetched} of ${pages.total}`;
  return pages.failed > 0 ? `${base} (${pages.failed} could not be read)` : base;
}
