import type { ScanVault } from '../crypto/scan-vault.js';
import type { AuditRepository } from '../db/repositories/audit.repository.js';
import type { PageRepository } from '../db/repositories/page.repository.js';
import type { ScanForErasure, ScanRepository } from '../db/repositories/scan.repository.js';
import type { SealedScanRequest } from '../domain/scan.js';
import { safeErrorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { scanJobRefs, type JobSink } from '../queue/jobs.js';

/**
 * Erasing a scan, the one way: on a person's request (ScanService.delete) and at the end of its
 * retention period (the maintenance queue's purge job in service mode, ScanService.purgeExpired before
 * each local scan). Its queue jobs go first, then its rows and its data key in one transaction (so no
 * copy of the rows taken before can be opened afterwards), then this process's cached key; the audit
 * log keeps the erasure (ids only).
 */
export interface ScanErasureDeps {
  scans: Pick<ScanRepository, 'getForErasure' | 'delete' | 'expired' | 'sourceProgress'>;
  pages: Pick<PageRepository, 'listByScan'>;
  audit: Pick<AuditRepository, 'append'>;
  vault: ScanVault;
  jobs: Pick<JobSink, 'removeJobs'>;
  log: Logger;
}

export type ErasureAction = 'scan.delete' | 'scan.expire';

const RETENTION_ACTOR = 'system:retention';

/**
 * `actor` is who erased it for the audit log ("api-key:<id>", "cli", "system:retention": never a
 * person). Returns false when the scan was already gone (erased by another process meanwhile).
 */
export async function eraseScan(
  deps: ScanErasureDeps,
  scanId: string,
  actor: string,
  action: ErasureAction,
): Promise<boolean> {
  const scan = await deps.scans.getForErasure(scanId);
  if (!scan) return false;
  await deps.jobs.removeJobs(await jobsOf(deps, scan));
  if (!(await deps.scans.delete(scanId))) return false;
  deps.vault.forget(scanId);
  await deps.audit.append({ actor, action, orgId: scan.org_id, scanId });
  deps.log.info({ scanId, action }, 'scan deleted');
  return true;
}

/**
 * docs/safety.md §4: scans past their retention period go, with everything derived from them. Returns
 * how many went. Safe to run from several processes at once: a scan is erased (and audited) once.
 */
export async function purgeExpiredScans(deps: ScanErasureDeps, now: Date = new Date()): Promise<number> {
  let purged = 0;
  for (const id of await deps.scans.expired(now)) {
    try {
      if (await eraseScan(deps, id, RETENTION_ACTOR, 'scan.expire')) purged++;
    } catch (error) {
      // One scan that cannot be erased now must not keep every later one alive; the next run retries it.
      deps.log.warn({ scanId: id, err: safeErrorMessage(error) }, 'expired scan not erased');
    }
  }
  return purged;
}

/**
 * Every job the scan could have had. Search job ids name the requester's identifier ids, which are in
 * its sealed request; when that cannot be opened (its data key is wrapped under a master key this
 * process does not hold), the searches its progress rows counted stand in, and any other job expires
 * from the queue on its own.
 */
async function jobsOf(deps: ScanErasureDeps, scan: ScanForErasure) {
  let identifierIds: string[];
  try {
    if (!scan.wrapped_key) throw new Error('no data key');
    const request = deps.vault.open<SealedScanRequest>(
      { id: scan.id, wrapped_key: scan.wrapped_key, key_id: scan.key_id },
      scan.sealed_request,
    );
    identifierIds = request.identifiers.map((identifier) => identifier.id);
  } catch (error) {
    deps.log.warn(
      { scanId: scan.id, err: safeErrorMessage(error) },
      'erasing a scan whose request is sealed shut',
    );
    const progress = await deps.scans.sourceProgress(scan.id);
    identifierIds = [
      ...new Set(progress.flatMap((row) => row.searches_done_keys).filter((key) => key !== 'listing')),
    ];
  }
  // Every search id the scan could have had: removing one that never existed costs nothing.
  const queries: Array<string | null> = [null, ...identifierIds];
  const searches = scan.options.sources.flatMap((sourceId) =>
    queries.map((identifierId) => ({ scanId: scan.id, sourceId, identifierId })),
  );
  const pages = await deps.pages.listByScan(scan.id);
  const fetches = pages.map((page) => ({ scanId: scan.id, sourceId: page.source_id, pageId: page.id }));
  return scanJobRefs(scan.id, searches, fetches);
}
