import { SourceError, type SourceErrorKind } from '../errors.js';

/**
 * How completely one source was checked. A report never says "nothing found" for a place whose
 * coverage is anything but `complete`: "could not look" must never read as "nothing there".
 */
export const COVERAGE_STATES = [
  'complete',
  'partial',
  'blocked',
  'rate-limited',
  'challenge',
  'unreachable',
  'not-searched',
] as const;
export type Coverage = (typeof COVERAGE_STATES)[number];

/** The states a source that gave up for good can end in. */
export type FailureCoverage = Exclude<Coverage, 'complete' | 'partial'>;

const BY_ERROR_KIND: Readonly<Record<SourceErrorKind, FailureCoverage>> = {
  throttled: 'rate-limited',
  blocked: 'blocked',
  unreachable: 'unreachable',
  server: 'unreachable',
  gone: 'unreachable',
  // We declined to send the request (an address outside the source's hosts): the place was not searched.
  refused: 'not-searched',
};

/** The coverage of a source whose search failed for good with `error`. */
export function coverageOfFailure(error: unknown): FailureCoverage {
  if (error instanceof Error && error.name === 'ChallengeStopError') return 'challenge';
  if (error instanceof SourceError) {
    // A challenge the browser could not pass is recorded as "blocked" with the challenge as its reason.
    if (error.reason?.startsWith('challenge:')) return 'challenge';
    return BY_ERROR_KIND[error.kind];
  }
  return 'unreachable';
}

/** What the report needs of a source's progress row to say how well it was checked. */
export interface SourceProgressFacts {
  status: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  /** Set when the source failed, or when its search stopped at a cap (`partial`). */
  coverage: Coverage | null;
  /** Our own sentence for the recorded coverage or failure. */
  reason: string | null;
  searchesTotal: number;
  searchesDone: number;
  pagesTotal: number;
  pagesFetched: number;
  pagesFailed: number;
}

/**
 * Whether the scan ended without finishing this source's work (a search or page whose outcome was
 * never stored): it is failed without a failure coverage of its own (ScanRepository.finish), and
 * resuming the scan finishes it.
 */
export function leftUnfinished(facts: Pick<SourceProgressFacts, 'status' | 'coverage'>): boolean {
  return facts.status === 'failed' && (facts.coverage === null || facts.coverage === 'partial');
}

/** One state and a plain-words reason for it, from the source's progress. */
export function describeCoverage(
  facts: SourceProgressFacts,
  scanFinished: boolean,
): { coverage: Coverage; reason: string } {
  if (facts.status === 'skipped') {
    return {
      coverage: 'not-searched',
      reason: `Not searched: ${facts.reason ?? 'this scan had nothing it could search for there'}.`,
    };
  }
  // A source fails on its own with a failure coverage (failSource); one the scan ended without
  // finishing says what is missing (below).
  const unfinished = leftUnfinished(facts);
  if (facts.status === 'failed' && !unfinished) {
    const coverage = facts.coverage && facts.coverage !== 'complete' ? facts.coverage : 'unreachable';
    return { coverage, reason: failureReason(coverage, facts.reason) };
  }
  if (facts.status === 'pending' || facts.status === 'running') {
    return scanFinished
      ? { coverage: 'not-searched', reason: 'The search of this place never finished.' }
      : { coverage: 'not-searched', reason: 'Not searched yet: the scan is still running.' };
  }
  const leftOut: string[] = [];
  if (facts.coverage === 'partial' && facts.reason) leftOut.push(facts.reason);
  if (facts.searchesDone < facts.searchesTotal) {
    leftOut.push(
      `${facts.searchesTotal - facts.searchesDone} of ${facts.searchesTotal} searches did not finish`,
    );
  }
  if (facts.pagesFailed > 0) {
    leftOut.push(`${facts.pagesFailed} of ${facts.pagesTotal} pages found could not be read`);
  }
  const unread = facts.pagesTotal - facts.pagesFetched - facts.pagesFailed;
  if (unread > 0) leftOut.push(`${unread} of ${facts.pagesTotal} pages found were never read`);
  if (unfinished) {
    const missing = leftOut.length > 0 ? leftOut.join('; ') : 'its work was not recorded as finished';
    // Nothing of it was read: never "checked in part".
    return facts.searchesDone === 0 && facts.pagesFetched === 0
      ? {
          coverage: 'not-searched',
          reason: `Not searched: the scan ended before its work was done (${missing}); resume the scan to finish it.`,
        }
      : {
          coverage: 'partial',
          reason: `Checked in part: the scan ended before its work was done (${missing}); resume the scan to finish it.`,
        };
  }
  if (leftOut.length > 0) {
    return { coverage: 'partial', reason: `Checked in part: ${leftOut.join('; ')}.` };
  }
  return {
    coverage: 'complete',
    reason:
      facts.pagesTotal === 0
        ? 'Searched; no page there matched the search.'
        : facts.pagesTotal === 1
          ? 'Searched; the one page found was read.'
          : `Searched; all ${facts.pagesTotal} pages found were read.`,
  };
}

const FAILURE_WORDS: Readonly<Record<FailureCoverage, string>> = {
  blocked: 'The site refused to let us read it (a login wall or an access block)',
  'rate-limited': 'The site asked us to slow down and we stopped rather than push it',
  challenge: 'The site put up an anti-bot check that could not be passed',
  unreachable: 'The site could not be reached or kept answering with errors',
  'not-searched': 'This place was not searched',
};

function failureReason(coverage: Coverage, stored: string | null): string {
  const words =
    coverage === 'complete' || coverage === 'partial' ? FAILURE_WORDS.unreachable : FAILURE_WORDS[coverage];
  return stored ? `${words}: ${stored.replace(/\.$/, '')}.` : `${words}.`;
}
