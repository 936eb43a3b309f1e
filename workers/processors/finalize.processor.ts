import type { Severity } from '../../shared/domain/severity.js';
import { maxSeverity } from '../../shared/domain/severity.js';
import type { Processor } from '../../shared/queue/jobs.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Finalize: runs once every search and fetch of the scan has ended. Scores the scan and closes it:
 * `completed` when every source was searched and every page read, `partial` when a source or a page
 * failed for good (the report names which and why), `failed` when no source could be searched at all.
 */
export function createFinalizeProcessor(deps: PipelineDeps): Processor<'finalize'> {
  return async ({ scanId }) => {
    const scan = await deps.scans.get(scanId);
    if (!scan || scan.status === 'completed' || scan.status === 'partial' || scan.status === 'failed') return;
    const progress = await deps.scans.sourceProgress(scanId);
    const findings = await deps.findings.listByScan(scanId);

    let severity: Severity | 'none' = 'none';
    for (const finding of findings)
      severity = severity === 'none' ? finding.severity : maxSeverity(severity, finding.severity);
    const identifiersExposed = [...new Set(findings.flatMap((finding) => finding.identifier_ids))].sort();
    const pagesWithFindings = new Set(findings.map((finding) => finding.page_id)).size;
    const pagesFetched = progress.reduce((n, source) => n + source.pages_done, 0);

    const searched = progress.filter((source) => source.status !== 'skipped');
    const failedSources = searched.filter((source) => source.status === 'failed');
    const incomplete = failedSources.length > 0 || progress.some((source) => source.pages_failed > 0);
    const status =
      searched.length > 0 && failedSources.length === searched.length
        ? 'failed'
        : incomplete
          ? 'partial'
          : 'completed';

    await deps.scans.finish(scanId, status, {
      severity,
      findings: findings.length,
      pagesWithFindings,
      pagesFetched,
      identifiersExposed,
    });
    deps.log.info({ scanId, status, findings: findings.length }, 'scan finished');
  };
}
