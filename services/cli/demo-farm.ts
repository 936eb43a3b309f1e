import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { startReplicaFarm, type ReplicaFarm } from '../../test/replicas/farm.js';
import { cliEnvironment } from './cli-support.js';

/**
 * What `demo` and `ui --demo` run against: the offline replica farm on loopback, a throwaway database
 * and master key, and every catalog source pointed at its replica. Sources without a replica are
 * switched off, so nothing is ever fetched live from a demo.
 */
export interface DemoFarm {
  farm: ReplicaFarm;
  config: Config;
  overrides: SourceOverrides;
  /** The sources a demo scan searches: those the farm imitates. */
  sources: string[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startDemoFarm(): Promise<DemoFarm> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exposure-demo-'));
  const farm = await startReplicaFarm();
  const config = loadConfig(
    cliEnvironment({
      DATABASE_URL: '',
      EXPOSURE_DATA_DIR: dataDir,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_PROXY: '',
    }),
  );
  // The farm runs on this machine: no proxy is needed and it can take requests quickly.
  const overrides: SourceOverrides = Object.fromEntries(
    Object.entries(farm.overrides).map(([id, o]) => [
      id,
      { ...o, politeness: { requestsPerSecond: 50, concurrency: 4 } },
    ]),
  );
  for (const source of loadCatalog().list()) {
    if (!overrides[source.id]) overrides[source.id] = { enabled: false };
  }
  const catalog = loadCatalog({ overrides });
  return {
    farm,
    config,
    overrides,
    sources: catalog
      .list()
      .filter((source) => source.enabled)
      .map((source) => source.id),
    dataDir,
    close: async () => {
      await farm.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
