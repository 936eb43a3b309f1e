import type { Processors } from '../../shared/queue/jobs.js';
import { createFetchProcessor } from './fetch.processor.js';
import { createFinalizeProcessor } from './finalize.processor.js';
import { createPurgeProcessor } from './maintenance.processor.js';
import type { PipelineDeps } from './pipeline.deps.js';
import { createPageStore } from './page-store.js';
import { createPlanProcessor } from './plan.processor.js';
import { createScanContextLoader } from './scan-context.js';
import { createSourceLanes } from './source-lanes.js';
import { createSearchProcessor } from './search.processor.js';

/** Every job name mapped to its processor; both runners take this one map. */
export function createProcessors(deps: PipelineDeps): Processors {
  const context = createScanContextLoader(deps);
  // One per process, shared by both fetch queues: their page writes go together.
  const pageStore = createPageStore(deps);
  const lanes = createSourceLanes();
  return {
    plan: createPlanProcessor(deps, context),
    search: createSearchProcessor(deps, context, 'http'),
    browseSearch: createSearchProcessor(deps, context, 'browser'),
    fetch: createFetchProcessor(deps, context, pageStore, lanes, 'http'),
    browse: createFetchProcessor(deps, context, pageStore, lanes, 'browser'),
    finalize: createFinalizeProcessor(deps, context),
    purge: createPurgeProcessor(deps),
  };
}
