import type { SourceEntry } from '../shared/catalog/catalog.schema.js';
import { isPublicIdentifier, type Identifier } from '../shared/domain/identifier.js';
import type { SearchJob } from '../shared/queue/jobs.js';

/**
 * Decides which remote searches a scan sends. docs/safety.md §2: a hostile source only ever receives
 * public identifiers as queries, unless the requester opted in for that kind; everything else is
 * matched locally in the pages fetched. Listing sources receive no query at all.
 */
export interface SourcePlan {
  sourceId: string;
  searches: SearchJob[];
  /** Why nothing is searched on this source, when nothing is. */
  skippedBecause?: string;
}

export function mayQueryRemotely(identifier: Identifier, remoteSearchOptIn: readonly string[]): boolean {
  return isPublicIdentifier(identifier) || remoteSearchOptIn.includes(identifier.kind);
}

export function planSearches(input: {
  scanId: string;
  sources: Array<Pick<SourceEntry, 'id'> & { searchMode: 'query' | 'listing' }>;
  identifiers: Identifier[];
  remoteSearchOptIn: readonly string[];
}): SourcePlan[] {
  return input.sources.map((source) => {
    if (source.searchMode === 'listing') {
      return {
        sourceId: source.id,
        searches: [{ scanId: input.scanId, sourceId: source.id, identifierId: null }],
      };
    }
    const queries = input.identifiers.filter((identifier) =>
      mayQueryRemotely(identifier, input.remoteSearchOptIn),
    );
    const searches = queries.map((identifier) => ({
      scanId: input.scanId,
      sourceId: source.id,
      identifierId: identifier.id,
    }));
    return searches.length > 0
      ? { sourceId: source.id, searches }
      : {
          sourceId: source.id,
          searches,
          skippedBecause: 'no public identifier (handle or public display name) to search for',
        };
  });
}
