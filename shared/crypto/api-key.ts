import { createHash, randomBytes } from 'node:crypto';

/** Recognisable prefix: secret scanners and people reading a leaked config can tell what it is. */
const PREFIX = 'esk_';

/**
 * A new API key and the hash to store. The key is shown to its owner once; only the hash is kept.
 * Plain SHA-256 is enough here (no salt or slow hash): the key carries 256 random bits, so there is
 * nothing to guess, and an unsalted hash lets authentication look the key up by index.
 */
export function generateApiKey(): { key: string; hash: string } {
  const key = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
