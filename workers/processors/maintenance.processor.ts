import { purgeExpiredScans } from '../../shared/retention/scan-erasure.js';
import type { Processor } from '../../shared/queue/jobs.js';
import type { PipelineDeps } from './pipeline.deps.js';

export type MaintenanceDeps = Pick<PipelineDeps, 'scans' | 'pages' | 'audit' | 'vault' | 'jobs' | 'log'>;

/**
 * The maintenance queue's purge job, produced by its job scheduler (BullJobRunner.schedulePurge):
 * erases every scan past its retention period, as ScanService.purgeExpired does (one home:
 * shared/retention/scan-erasure.ts). Reads already treat those scans as gone; this removes them.
 */
export function createPurgeProcessor(deps: MaintenanceDeps): Processor<'purge'> {
  return async () => {
    const purged = await purgeExpiredScans(deps);
    if (purged > 0) deps.log.info({ purged }, 'expired scans purged');
  };
}
