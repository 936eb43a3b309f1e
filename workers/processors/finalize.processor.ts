import type { ScanSourceRow } from '../../shared/db/repositories/scan.repository.js';
import { isPublicIdentifier } from '../../shared/domain/identifier.js';
import type { FindingDetail } from '../../shared/domain/scan.js';
import { maxSeverity, scorePage, type Severity } from '../../shared/domain/severity.js';
import { JobMustWaitError } from '../../shared/errors.js';
import { failsForGood, type Processor } from '../../shared/queue/jobs.js';
import type { PipelineDeps } from './pipeline.deps.js';
import type { ScanContextLoader } from './scan-context.js';

/**
 * Finalize: runs once every search and fetch of the scan has ended, and checks that their ends are
 * stored (a job whose failure could not be written, the database being out, ended without a trace):
 * while work is unrecorded it comes back later (bounded, UNRECORDED_WAIT_MS apart), then concludes
 * with that work named as missing, never as done. Scores the scan as its report does and closes
 * it: `completed` when every source was searched and every page read, `partial` when anything was
 * left unread (a source or a page failed for good, or work is missing for any other reason; the
 * report names which and why), `failed` when no source could be searched at all.
 */
export function createFinalizeProcessor(
  deps: PipelineDeps,
  context: ScanContextLoader,
): Processor<'finalize'> {
  return async ({ scanId }, ctx) => {
    try {
      const { scan, request, finished } = await context.load(scanId);
      if (finished) return;
      const progress = await deps.scans.sourceProgress(scanId);
      if (progress.some(workUnrecorded) && ctx.paceAllowed) {
        throw new JobMustWaitError('work of the scan is not recorded as ended yet', UNRECORDED_WAIT_MS);
      }
      const findings = await deps.findings.listByScan(scanId);

      const identifiers = new Map(
        request.identifiers.map((identifier) => [
          identifier.id,
          { kind: identifier.kind, public: isPublicIdentifier(identifier) },
        ]),
      );
      const byPage = new Map<string, typeof findings>();
      // A post that only holds a possible namesake exposes nothing (its identifierIds are empty):
      // it sets no level.
      for (const finding of findings.filter((stored) => stored.identifier_ids.length > 0))
        byPage.set(finding.page_id, [...(byPage.get(finding.page_id) ?? []), finding]);
      let severity: Severity | 'none' = 'none';
      for (const pageFindings of byPage.values()) {
        const details = pageFindings.map((finding) =>
          deps.vault.open<FindingDetail>(scan, finding.sealed_detail),
        );
        const page = scorePage({
          identifierIds: [...new Set(pageFindings.flatMap((finding) => finding.identifier_ids))],
          identifiers,
          trust: deps.catalog.has(pageFindings[0]!.source_id)
            ? deps.catalog.get(pageFindings[0]!.source_id).trust
            : 'hostile',
          doxShaped: details.some((detail) => detail.doxShaped),
          postSeverities: pageFindings.map((finding) => finding.severity),
        });
        severity = severity === 'none' ? page : maxSeverity(severity, page);
      }

      const searched = progress.filter((source) => source.status !== 'skipped');
      // A source that failed on its own; one whose work went unrecorded is partial, not failed.
      const failedSources = searched.filter(
        (source) => source.status === 'failed' && !workUnrecorded(source),
      );
      const status =
        searched.length > 0 && failedSources.length === searched.length
          ? 'failed'
          : searched.some(leftWorkUndone)
            ? 'partial'
            : 'completed';

      await deps.scans.finish(scanId, status, {
        severity,
        findings: findings.length,
        pagesWithFindings: byPage.size,
        pagesFetched: progress.reduce((n, source) => n + source.pages_done, 0),
        identifiersExposed: [...new Set(findings.flatMap((finding) => finding.identifier_ids))].sort(),
      });
      deps.log.info({ scanId, status, findings: findings.length }, 'scan finished');
    } catch (error) {
      // A scan must end: if even finalizing fails for good, it ends as failed rather than running forever.
      if (failsForGood(error, ctx)) await closeAsFailed(deps, scanId);
      throw error;
    }
  };
}

/** How long finalize waits between looks at unrecorded work (at most MAX_PACED_RETRIES looks). */
const UNRECORDED_WAIT_MS = 2_000;

/**
 * Work of a source that ended without a stored outcome: a search neither recorded done nor failing
 * its source, or a page neither fetched nor failed.
 */
function workUnrecorded(source: ScanSourceRow): boolean {
  if (source.status === 'skipped') return false;
  const searchesMissing = source.status !== 'failed' && source.searches_done < source.searches_total;
  return searchesMissing || source.pages_done + source.pages_failed < source.pages_total;
}

/**
 * A source left work undone: it failed, a page failed, searches or pages never finished, or it was
 * read only in part (a result or page cap).
 */
function leftWorkUndone(source: ScanSourceRow): boolean {
  return (
    source.status === 'failed' ||
    source.coverage === 'partial' ||
    source.pages_failed > 0 ||
    source.pages_done + source.pages_failed < source.pages_total ||
    source.searches_done < source.searches_total
  );
}

export async function closeAsFailed(
  deps: Pick<PipelineDeps, 'scans' | 'log'>,
  scanId: string,
): Promise<void> {
  await deps.scans
    .finish(scanId, 'failed', {
      severity: 'none',
      findings: 0,
      pagesWithFindings: 0,
      pagesFetched: 0,
      identifiersExposed: [],
    })
    .catch(() => undefined);
  deps.log.warn({ scanId }, 'scan failed');
}
