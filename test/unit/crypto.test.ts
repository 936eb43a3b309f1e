import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../shared/crypto/api-key.js';
import {
  createDataKey,
  generateMasterKey,
  open,
  openJson,
  parseMasterKey,
  seal,
  sealJson,
  SealedDataError,
  unwrapDataKey,
} from '../../shared/crypto/envelope.js';
import { createKeyedHasher } from '../../shared/crypto/keyed-hash.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';

const master = parseMasterKey(generateMasterKey());

describe('envelope encryption', () => {
  it('round-trips bytes, strings and JSON under a data key', () => {
    const { dataKey } = createDataKey(master);
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    expect(open(dataKey, seal(dataKey, bytes)).equals(bytes)).toBe(true);
    expect(open(dataKey, seal(dataKey, 'velvetfox ✓')).toString('utf8')).toBe('velvetfox ✓');
    expect(open(dataKey, seal(dataKey, '')).length).toBe(0);
    const value = { identifiers: [{ id: 'h1', kind: 'handle', value: 'velvetfox' }], consent: null };
    expect(openJson(dataKey, sealJson(dataKey, value, 'scan-1'), 'scan-1')).toEqual(value);
  });

  it('writes version | 12-byte IV | 16-byte tag | ciphertext, with a fresh IV each time', () => {
    const { dataKey } = createDataKey(master);
    const a = seal(dataKey, 'same text');
    const b = seal(dataKey, 'same text');
    expect(a[0]).toBe(1);
    expect(a.length).toBe(1 + 12 + 16 + 'same text'.length);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.includes(Buffer.from('same text'))).toBe(false);
  });

  it('refuses any tampered byte, including the version, IV, tag and ciphertext', () => {
    const { dataKey } = createDataKey(master);
    const sealed = seal(dataKey, 'home address: 12 Example Road');
    for (const index of [0, 1, 12, 13, 28, 29, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 0x01;
      expect(() => open(dataKey, tampered), `byte ${index} flipped`).toThrow(SealedDataError);
    }
    expect(() => open(dataKey, sealed.subarray(0, 20))).toThrow(/truncated/);
  });

  it('refuses the wrong key and the wrong scan id as associated data', () => {
    const { dataKey } = createDataKey(master);
    const { dataKey: otherKey } = createDataKey(master);
    const sealed = seal(dataKey, 'secret', 'scan-a');
    expect(() => open(otherKey, sealed, 'scan-a')).toThrow(/wrong key, wrong scan, or tampered/);
    expect(() => open(dataKey, sealed, 'scan-b')).toThrow(SealedDataError);
    expect(() => open(dataKey, sealed)).toThrow(SealedDataError);
    expect(open(dataKey, sealed, 'scan-a').toString()).toBe('secret');
  });

  it('unwraps a data key only with the master key and context it was wrapped with', () => {
    const { dataKey, wrapped } = createDataKey(master, 'scan-a');
    expect(unwrapDataKey(master, wrapped, 'scan-a').equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(master, wrapped, 'scan-b')).toThrow(SealedDataError);
    expect(() => unwrapDataKey(parseMasterKey(generateMasterKey()), wrapped, 'scan-a')).toThrow(
      SealedDataError,
    );
    // A wrapped key is not scan data: it does not open as such even under the master key.
    expect(() => open(master, wrapped, 'scan-a')).toThrow(SealedDataError);
    // Uint8Array (as PGlite may return bytea) works like Buffer.
    expect(unwrapDataKey(master, new Uint8Array(wrapped), 'scan-a').equals(dataKey)).toBe(true);
  });

  it('explains a bad master key without echoing it', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => parseMasterKey(short)).toThrow(/exactly 32 bytes, got 16/);
    expect(() => parseMasterKey('')).toThrow(/empty/);
    expect(() => parseMasterKey('not base64 at all!')).toThrow(/not valid base64/);
    try {
      parseMasterKey(short);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    const generated = generateMasterKey();
    expect(parseMasterKey(generated).toString('base64')).toBe(generated);
    expect(parseMasterKey(`  ${generated}\n`).length).toBe(32);
    expect(() => seal(Buffer.alloc(16), 'x')).toThrow(/32 bytes/);
  });
});

describe('keyed hash', () => {
  it('is deterministic for one key, differs per key and per purpose, and is 32 hex characters', () => {
    const hash = createKeyedHasher(master);
    const same = createKeyedHasher(Buffer.from(master));
    const other = createKeyedHasher(parseMasterKey(generateMasterKey()));
    const h = hash('page-url', 'https://forum.example/threads/1');
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(same('page-url', 'https://forum.example/threads/1')).toBe(h);
    expect(other('page-url', 'https://forum.example/threads/1')).not.toBe(h);
    expect(hash('log', 'https://forum.example/threads/1')).not.toBe(h);
    expect(hash('page-url', 'https://forum.example/threads/2')).not.toBe(h);
    expect(hash('a', 'b:c')).not.toBe(hash('a:b', 'c'));
  });
});

describe('API keys', () => {
  it('generates prefixed random keys whose SHA-256 is the stored hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^esk_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    // The FIPS 180-2 test vector: the stored hash is plain SHA-256 of the key, in hex.
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('scan vault texts', () => {
  const masterBase64 = generateMasterKey();
  const vault = new ScanVault(masterBase64);
  const scanId = '00000000-0000-4000-8000-000000000001';
  const { wrapped, keyId } = vault.newScanKey(scanId);
  const scan = { id: scanId, wrapped_key: wrapped, key_id: keyId };

  it('round-trips a page text sealed as text, and still opens one sealed as JSON', () => {
    const text = 'line one\n"quoted" \u0000 ünïcode \ud83d\ude00\r\n';
    expect(vault.openText(scan, vault.sealText(scan, text))).toBe(text);
    expect(vault.openText(scan, vault.seal(scan, text))).toBe(text);
    expect(vault.openText(scan, vault.sealText(scan, ''))).toBe('');
  });

  it('refuses a sealed value that is not a text, and a text moved to another scan', () => {
    expect(() => vault.openText(scan, vault.seal(scan, { not: 'text' }))).toThrow(SealedDataError);
    const other = { id: '00000000-0000-4000-8000-000000000002', wrapped_key: wrapped, key_id: keyId };
    expect(() => vault.openText(other, vault.sealText(scan, 'x'))).toThrow(SealedDataError);
  });
});
