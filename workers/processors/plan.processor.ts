import { failsForGood, type Processor } from '../../shared/queue/jobs.js';
import { closeAsFailed } from './finalize.processor.js';
import { planSearches } from '../planning.js';
import { getAdapter } from '../sources/adapter.registry.js';
import type { PipelineDeps } from './pipeline.deps.js';
import type { ScanContextLoader } from './scan-context.js';

/** Plan: decide the searches of a scan and start its flow (finalize waits for them all). */
export function createPlanProcessor(deps: PipelineDeps, context: ScanContextLoader): Processor<'plan'> {
  return async ({ scanId }, ctx) => {
    try {
      await plan(scanId);
    } catch (error) {
      // A scan that cannot even be planned ends as failed rather than staying queued forever.
      if (failsForGood(error, ctx)) await closeAsFailed(deps, scanId);
      throw error;
    }
  };

  async function plan(scanId: string): Promise<void> {
    const { scan, request, finished } = await context.load(scanId);
    if (finished) return;
    const sources = scan.options.sources.map((id) => {
      const source = deps.catalog.get(id);
      return { id: source.id, searchMode: getAdapter(source.adapter).searchMode };
    });
    const plans = planSearches({
      scanId,
      sources,
      identifiers: request.identifiers,
      remoteSearchOptIn: scan.options.remoteSearchOptIn,
    });
    // Absolute totals, so a retried plan sets the same numbers instead of adding them again.
    await deps.scans.startRunning(
      scanId,
      plans.map((plan) => ({
        sourceId: plan.sourceId,
        searches: plan.searches.length,
        skippedBecause: plan.skippedBecause,
      })),
    );
    await deps.jobs.startScanFlow(
      scanId,
      plans.flatMap((plan) => plan.searches),
    );
    deps.log.info({ scanId, searches: plans.reduce((n, p) => n + p.searches.length, 0) }, 'scan planned');
  }
}
