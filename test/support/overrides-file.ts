import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicaFarm } from '../replicas/farm.js';

/**
 * Writes the EXPOSURE_SOURCE_OVERRIDES file that points every source at the replica farm, with a
 * politeness the local replicas can take (the shipped catalog is slow on purpose for the real sites).
 */
export function writeFarmOverrides(farm: ReplicaFarm): string {
  const dir = mkdtempSync(join(tmpdir(), 'exposure-overrides-'));
  const path = join(dir, 'sources.json');
  const overrides = Object.fromEntries(
    Object.entries(farm.overrides).map(([id, o]) => [
      id,
      { ...o, politeness: { requestsPerSecond: 50, concurrency: 4 } },
    ]),
  );
  writeFileSync(path, JSON.stringify(overrides));
  return path;
}
