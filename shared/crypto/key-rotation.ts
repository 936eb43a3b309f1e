import type { DataKeyRepository } from '../db/repositories/data-key.repository.js';
import { SealedDataError } from './envelope.js';
import type { ScanVault } from './scan-vault.js';

export interface RotationResult {
  /** Keys now wrapped under the vault's current master key. */
  rewrapped: number;
  /** Keys no master key the vault holds could open, by the master key id their row names. */
  unopened: Array<{ scanId: string; masterKeyId: string | null }>;
}

const BATCH = 500;

/**
 * Re-wraps every data key under the vault's current master key (`keys rotate`). Only the small wrapped
 * keys change: the sealed data they open (requests, pages, findings) is not touched, and every scan
 * reads the same afterwards. Keys no held master key opens are reported, not changed.
 */
export async function rotateDataKeys(
  keys: Pick<DataKeyRepository, 'listNotUnder' | 'replace'>,
  vault: ScanVault,
): Promise<RotationResult> {
  const result: RotationResult = { rewrapped: 0, unopened: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await keys.listNotUnder(vault.keyId, BATCH, after);
    for (const row of rows) {
      let wrapped: { wrapped: Buffer; keyId: string };
      try {
        wrapped = vault.rewrap({ id: row.scanId, wrapped_key: row.wrappedKey, key_id: row.masterKeyId });
      } catch (error) {
        if (!(error instanceof SealedDataError)) throw error;
        result.unopened.push({ scanId: row.scanId, masterKeyId: row.masterKeyId });
        continue;
      }
      // A scan deleted since it was read keeps no key: nothing to store.
      if (await keys.replace(row.scanId, row.wrappedKey, wrapped.wrapped, wrapped.keyId)) result.rewrapped++;
    }
    if (rows.length < BATCH) return result;
    after = rows[rows.length - 1]!.scanId;
  }
}
