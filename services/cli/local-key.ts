import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMasterKey, parseMasterKey } from '../../shared/crypto/envelope.js';

/**
 * Local mode keeps its master key in the data folder (mode 0600) when EXPOSURE_MASTER_KEY is not
 * set, so a person scanning themself has nothing to configure. Returns whether it was just created.
 */
export function loadOrCreateLocalKey(dataDir: string): { key: string; path: string; created: boolean } {
  const path = join(dataDir, 'master.key');
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    parseMasterKey(key);
    return { key, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = generateMasterKey();
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, path, created: true };
}
