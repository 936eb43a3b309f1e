import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';

/**
 * Envelope encryption: every scan gets its own random data key that seals its identifiers, URLs and
 * evidence; only the wrapped (sealed) data key is stored, so rotating or destroying the master key, or
 * deleting one scan's row, makes that scan's data unreadable without touching anything else.
 *
 * Sealed format: version (1 byte) | IV (12 bytes) | GCM tag (16 bytes) | ciphertext.
 * The version byte lets a later format coexist with data already at rest.
 */

const FORMAT_VERSION = 1;
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

// Binds a wrapped data key to its role, so a data key can never be opened as if it were scan data.
const DATA_KEY_AAD = 'exposure-scanner/data-key';

/** Thrown when sealed bytes cannot be opened; never says more than that, to give an attacker no oracle. */
export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

/**
 * Reads the master key from its configured base64 form. The message never echoes the value: it is a
 * secret, and error messages end up in logs.
 */
export function parseMasterKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (trimmed === '') {
    throw new Error(
      'master key is empty: set EXPOSURE_MASTER_KEY to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
    );
  }
  // Buffer.from(..., 'base64') silently skips invalid characters, so validate the alphabet first.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new Error(
      'master key is not valid base64: set EXPOSURE_MASTER_KEY to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
    );
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `master key must be exactly ${KEY_BYTES} bytes, got ${key.length}: set EXPOSURE_MASTER_KEY to 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

// Labels of the key id's derivation: the id says which master key wrapped a data key, never the key.
const KEY_ID_SALT = 'exposure-scanner/master-key-id/salt/v1';
const KEY_ID_INFO = 'exposure-scanner/master-key-id/v1';
const KEY_ID_BYTES = 8;

/**
 * A short, stable name of a master key (16 hex characters), stored beside each wrapped data key so a
 * process holding several master keys (during a rotation) knows which one opens it. Derived one way
 * (HKDF) under its own labels: it reveals nothing of the key and equals no other hash made from it.
 */
export function masterKeyId(master: Buffer): string {
  assertKey(master);
  return Buffer.from(hkdfSync('sha256', master, KEY_ID_SALT, KEY_ID_INFO, KEY_ID_BYTES)).toString('hex');
}

/** A fresh master key in the base64 form parseMasterKey accepts. */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * A new data key and its wrapped form. `context` (the scan id) binds the wrapped key to its scan, so a
 * wrapped key copied onto another scan's row does not open.
 */
export function createDataKey(master: Buffer, context?: string): { dataKey: Buffer; wrapped: Buffer } {
  const dataKey = randomBytes(KEY_BYTES);
  return { dataKey, wrapped: wrapDataKey(master, dataKey, context) };
}

/** `dataKey` sealed by `master` for `context`: a new data key, or an existing one re-wrapped (rotation). */
export function wrapDataKey(master: Buffer, dataKey: Buffer, context?: string): Buffer {
  assertKey(master);
  assertKey(dataKey);
  return seal(master, dataKey, dataKeyAad(context));
}

/** The data key inside `wrapped`; throws SealedDataError for the wrong master key or context. */
export function unwrapDataKey(master: Buffer, wrapped: Buffer | Uint8Array, context?: string): Buffer {
  const dataKey = open(master, wrapped, dataKeyAad(context));
  if (dataKey.length !== KEY_BYTES) throw new SealedDataError('wrapped data key has the wrong length');
  return dataKey;
}

/**
 * Encrypts and authenticates `plaintext`. `aad` (the scan id, where the caller has one) is authenticated
 * but not stored: sealed bytes moved to another scan fail to open instead of decrypting under a wrong name.
 */
export function seal(key: Buffer, plaintext: Buffer | Uint8Array | string, aad?: string): Buffer {
  assertKey(key);
  const iv = nextIv();
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const body = cipher.update(data);
  const last = cipher.final();
  // One buffer of its own, written once (not from Node's shared pool: a sealed value handed to the
  // database thread is copied with the whole memory it sits in).
  const sealed = Buffer.allocUnsafeSlow(HEADER_BYTES + body.length + last.length);
  sealed[0] = FORMAT_VERSION;
  iv.copy(sealed, 1);
  cipher.getAuthTag().copy(sealed, 1 + IV_BYTES);
  body.copy(sealed, HEADER_BYTES);
  last.copy(sealed, HEADER_BYTES + body.length);
  return sealed;
}

/**
 * IVs come from a pool the CSPRNG fills 256 IVs at a time: each is still random and used once, but a
 * call into the generator per value cost more than encrypting a page's snapshot. The IV returned is a
 * view, valid until the next call (seal copies it into the sealed value at once).
 */
const IV_POOL = Buffer.alloc(IV_BYTES * 256);
let ivTaken = IV_POOL.length;

function nextIv(): Buffer {
  if (ivTaken >= IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivTaken = 0;
  }
  const iv = IV_POOL.subarray(ivTaken, ivTaken + IV_BYTES);
  ivTaken += IV_BYTES;
  return iv;
}

/** Decrypts sealed bytes; throws SealedDataError on a wrong key, a wrong `aad` or any tampering. */
export function open(key: Buffer, sealed: Buffer | Uint8Array, aad?: string): Buffer {
  assertKey(key);
  const bytes = Buffer.isBuffer(sealed)
    ? sealed
    : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < HEADER_BYTES) throw new SealedDataError('sealed data is truncated');
  if (bytes[0] !== FORMAT_VERSION)
    throw new SealedDataError(`sealed data has unknown format version ${bytes[0]}`);
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    // OpenSSL's message ("unable to authenticate data") means nothing to an operator.
    throw new SealedDataError('sealed data could not be opened: wrong key, wrong scan, or tampered');
  }
}

export function sealJson(key: Buffer, value: unknown, aad?: string): Buffer {
  return seal(key, JSON.stringify(value), aad);
}

/** The caller validates the shape (zod) where it matters: authentication proves origin, not schema. */
export function openJson<T>(key: Buffer, sealed: Buffer | Uint8Array, aad?: string): T {
  return JSON.parse(open(key, sealed, aad).toString('utf8')) as T;
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES)
    throw new Error(`encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

function dataKeyAad(context: string | undefined): string {
  return context === undefined ? DATA_KEY_AAD : `${DATA_KEY_AAD}:${context}`;
}
