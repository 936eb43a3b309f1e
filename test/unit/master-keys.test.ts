import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';
import {
  generateMasterKey,
  masterKeyId,
  parseMasterKey,
  SealedDataError,
} from '../../shared/crypto/envelope.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';

/** Which master key opens a scan's data key, during and after a rotation (ScanVault), and its setting. */
describe('master keys', () => {
  const scanId = '6f1c2a4e-7d1b-4c3a-9e55-0a1b2c3d4e5f';
  const oldKey = generateMasterKey();
  const newKey = generateMasterKey();

  it('names a master key by a short one-way id, stable and distinct per key', () => {
    const id = masterKeyId(parseMasterKey(oldKey));
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(parseMasterKey(oldKey))).toBe(id);
    expect(masterKeyId(parseMasterKey(newKey))).not.toBe(id);
    expect(Buffer.from(oldKey, 'base64').toString('hex')).not.toContain(id);
  });

  it('opens a data key under the key its row names, a previous one included, and wraps new ones under the current', () => {
    const before = new ScanVault(oldKey);
    const { wrapped, keyId } = before.newScanKey(scanId);
    const sealed = before.seal({ id: scanId, wrapped_key: wrapped, key_id: keyId }, { value: 'quillmarrow' });

    const during = new ScanVault(newKey, [oldKey]);
    expect(during.keyId).toBe(masterKeyId(parseMasterKey(newKey)));
    expect(during.previousKeyIds).toEqual([keyId]);
    expect(during.open({ id: scanId, wrapped_key: wrapped, key_id: keyId }, sealed)).toEqual({
      value: 'quillmarrow',
    });
    // A key from before key ids (null) is tried under each key held.
    expect(
      new ScanVault(newKey, [oldKey]).open({ id: scanId, wrapped_key: wrapped, key_id: null }, sealed),
    ).toEqual({
      value: 'quillmarrow',
    });

    const rewrapped = during.rewrap({ id: scanId, wrapped_key: wrapped, key_id: keyId });
    expect(rewrapped.keyId).toBe(during.keyId);
    const after = new ScanVault(newKey);
    expect(
      after.open({ id: scanId, wrapped_key: rewrapped.wrapped, key_id: rewrapped.keyId }, sealed),
    ).toEqual({
      value: 'quillmarrow',
    });
    // The old key alone opens neither the re-wrapped key nor, without it, the old one under the new id.
    expect(() =>
      new ScanVault(oldKey).open(
        { id: scanId, wrapped_key: rewrapped.wrapped, key_id: rewrapped.keyId },
        sealed,
      ),
    ).toThrow(SealedDataError);
    expect(() =>
      new ScanVault(oldKey).open({ id: scanId, wrapped_key: rewrapped.wrapped, key_id: null }, sealed),
    ).toThrow(SealedDataError);
    // The new key alone cannot open a key still under the old one, and says which key id it lacks.
    expect(() =>
      new ScanVault(newKey).open({ id: scanId, wrapped_key: wrapped, key_id: keyId }, sealed),
    ).toThrow(keyId);
  });

  it('reads EXPOSURE_PREVIOUS_MASTER_KEYS as a comma-separated list and names the setting of a bad one', () => {
    expect(loadConfig({}).previousMasterKeys).toEqual([]);
    expect(
      loadConfig({ EXPOSURE_PREVIOUS_MASTER_KEYS: ` ${oldKey} , ${newKey}` }).previousMasterKeys,
    ).toEqual([oldKey, newKey]);
    expect(() => loadConfig({ EXPOSURE_PREVIOUS_MASTER_KEYS: `${oldKey},not-a-key` })).toThrow(ConfigError);
    expect(() => loadConfig({ EXPOSURE_PREVIOUS_MASTER_KEYS: `${oldKey},not-a-key` })).toThrow(
      /^invalid setting EXPOSURE_PREVIOUS_MASTER_KEYS\.1: must be 32 bytes/,
    );
  });
});
