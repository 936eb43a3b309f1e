import type { Processors } from '../../shared/queue/jobs.js';
import { createFetchProcessor } from './fetch.processor.js';
import { createFinalizeProcessor } from './finalize.processor.js';
import type { PipelineDeps } from './pipeline.deps.js';
import { createPlanProcessor } from './plan.processor.js';
import { createScanContextLoader } from './scan-context.js';
import { createSearchProcessor } from './search.processor.js';

/** Every job name mapped to its processor; both runners take this one map. */
export function createProcessors(deps: PipelineDeps): Processors {
  const context = createScanContextLoader(deps);
  return {
    plan: createPlanProcessor(deps, context),
    search: createSearchProcessor(deps, context, 'http'),
    browseSearch: createSearchProcessor(deps, context, 'browser'),
    fetch: createFetchProcessor(deps, context, 'http'),
    browse: createFetchProcessor(deps, context, 'browser'),
    finalize: createFinalizeProcessor(deps, context),
  };
}
