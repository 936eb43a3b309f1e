import { createHmac, hkdfSync } from 'node:crypto';

/** Hex characters kept: 128 bits, plenty against collisions within a deployment, shorter in logs and indexes. */
const HASH_HEX_CHARS = 32;

// Fixed salt and info: derivation must be stable across restarts so dedupe keys stay comparable; the
// secrecy comes from the master key, the labels only separate this key from any other derived one.
const HKDF_SALT = 'exposure-scanner/keyed-hash/salt/v1';
const HKDF_INFO = 'exposure-scanner/keyed-hash/v1';

export type KeyedHasher = (purpose: string, value: string) => string;

/**
 * Hashes values that must be compared or logged but never revealed (identifiers in logs, page URLs as
 * dedupe keys). Keyed by a secret derived from the master key, so a hash cannot be reversed by guessing
 * candidate values, and the same value hashes differently in each deployment. `purpose` separates uses:
 * a URL key never equals a log hash of the same string.
 */
export function createKeyedHasher(master: Buffer): KeyedHasher {
  if (master.length !== 32) throw new Error(`master key must be 32 bytes, got ${master.length}`);
  const key = Buffer.from(hkdfSync('sha256', master, HKDF_SALT, HKDF_INFO, 32));
  return (purpose, value) => {
    const hmac = createHmac('sha256', key);
    // Length-prefix the purpose so ("a", "b:c") and ("a:b", "c") cannot collide.
    hmac.update(`${Buffer.byteLength(purpose, 'utf8')}:${purpose}:`, 'utf8');
    hmac.update(value, 'utf8');
    return hmac.digest('hex').slice(0, HASH_HEX_CHARS);
  };
}
