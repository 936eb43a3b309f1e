import type { ScanRow } from '../../shared/db/repositories/scan.repository.js';
import { isScanFinished, type SealedScanRequest } from '../../shared/domain/scan.js';
import { compileProfile, type CompiledProfile } from '../../shared/matching/index.js';
import { PermanentJobError } from '../../shared/errors.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * A scan as a processor sees it: its row and its opened request. Compiled profiles are cached per
 * scan, because a fetch worker matches many pages of the same scan.
 */
const CACHED_PROFILES = 64;
/**
 * A fetch worker reads the same scan for every page; its row and opened request are kept this long.
 * Only the status can change meanwhile, and a stale "not finished" merely lets a page be matched.
 */
const SCAN_TTL_MS = 2_000;

export function createScanContextLoader(deps: Pick<PipelineDeps, 'scans' | 'vault'>) {
  const profiles = new Map<string, CompiledProfile>();
  const recent = new Map<string, { at: number; context: ScanContext }>();

  async function load(scanId: string): Promise<ScanContext> {
    const cached = recent.get(scanId);
    if (cached && Date.now() - cached.at < SCAN_TTL_MS) return cached.context;
    const scan = await deps.scans.get(scanId);
    if (!scan) {
      // Deleted (by a person or by retention): nothing of it stays in this process either.
      profiles.delete(scanId);
      recent.delete(scanId);
      deps.vault.forget(scanId);
      throw new PermanentJobError('scan no longer exists');
    }
    const finished = isScanFinished(scan.status);
    const request = deps.vault.open<SealedScanRequest>(scan, scan.sealed_request);
    const context = { scan, request, finished };
    if (recent.size >= CACHED_PROFILES) recent.delete(recent.keys().next().value!);
    recent.set(scanId, { at: Date.now(), context });
    return context;
  }

  function profileOf(scanId: string, request: SealedScanRequest): CompiledProfile {
    let profile = profiles.get(scanId);
    if (!profile) {
      if (profiles.size >= CACHED_PROFILES) profiles.delete(profiles.keys().next().value!);
      profile = compileProfile(request.identifiers);
      profiles.set(scanId, profile);
    }
    return profile;
  }

  return { load, profileOf };
}

export type ScanContextLoader = ReturnType<typeof createScanContextLoader>;

export interface ScanContext {
  scan: ScanRow;
  request: SealedScanRequest;
  finished: boolean;
}
