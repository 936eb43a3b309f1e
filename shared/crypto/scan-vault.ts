import {
  createDataKey,
  masterKeyId,
  open,
  openJson,
  parseMasterKey,
  SealedDataError,
  seal,
  sealJson,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';
import { createKeyedHasher, type KeyedHasher } from './keyed-hash.js';

/**
 * Everything a process does with the master key, in one object: new per-scan data keys, sealing and
 * opening a scan's data (with the scan id as associated data, so sealed bytes cannot be moved to
 * another scan), and keyed hashes for logs and dedupe keys.
 *
 * During a master key rotation the vault also holds the previous master keys: a data key is opened
 * with the master key its row names (`key_id`), new data keys are always wrapped under the current one,
 * and `keys rotate` re-wraps the old ones (`rewrap`). Keyed hashes always come from the current key.
 */
export interface ScanKeyRef {
  id: string;
  /** The scan's data key wrapped by a master key (stored apart from the scan, in data_keys). */
  wrapped_key: Uint8Array;
  /** masterKeyId of the master key that wrapped it; null for keys stored before ids were recorded. */
  key_id?: string | null;
}

export interface WrappedScanKey {
  dataKey: Buffer;
  wrapped: Buffer;
  /** The current master key's id, to be stored with `wrapped`. */
  keyId: string;
}

const CACHED_KEYS = 256;
/** The first byte of a text sealed by sealText (never the first byte of JSON). */
const TEXT_MARK = 0;

export class ScanVault {
  private readonly master: Buffer;
  /** The current master key's id: every key this vault wraps is wrapped under it. */
  readonly keyId: string;
  /** Current first, then the previous keys still accepted for opening, by id. */
  private readonly masters = new Map<string, Buffer>();
  readonly hash: KeyedHasher;
  // Unwrapping is cheap but not free; a fetch worker opens the same scan's data for every page.
  private readonly keys = new Map<string, Buffer>();

  constructor(masterKeyBase64: string, previousMasterKeysBase64: readonly string[] = []) {
    this.master = parseMasterKey(masterKeyBase64);
    this.keyId = masterKeyId(this.master);
    this.masters.set(this.keyId, this.master);
    for (const previous of previousMasterKeysBase64) {
      const key = parseMasterKey(previous);
      const id = masterKeyId(key);
      if (!this.masters.has(id)) this.masters.set(id, key);
    }
    this.hash = createKeyedHasher(this.master);
  }

  /** Ids of the previous master keys this vault still opens data keys with. */
  get previousKeyIds(): string[] {
    return [...this.masters.keys()].filter((id) => id !== this.keyId);
  }

  newScanKey(scanId: string): WrappedScanKey {
    const key = createDataKey(this.master, scanId);
    this.remember(scanId, key.dataKey);
    return { ...key, keyId: this.keyId };
  }

  /**
   * The same data key wrapped under the current master key (rotation): the sealed data it opens is
   * left as it is. Throws SealedDataError when no master key this vault holds opens it.
   */
  rewrap(scan: ScanKeyRef): { wrapped: Buffer; keyId: string } {
    return { wrapped: wrapDataKey(this.master, this.unwrap(scan), scan.id), keyId: this.keyId };
  }

  private keyOf(scan: ScanKeyRef): Buffer {
    let key = this.keys.get(scan.id);
    if (!key) {
      key = this.unwrap(scan);
      this.remember(scan.id, key);
    }
    return key;
  }

  /** Opens a wrapped data key with the master key its row names, or with each one held for older rows. */
  private unwrap(scan: ScanKeyRef): Buffer {
    if (scan.key_id != null) {
      const master = this.masters.get(scan.key_id);
      if (!master) {
        throw new SealedDataError(
          `the scan's data key is wrapped under master key ${scan.key_id}, which this process does not hold (EXPOSURE_PREVIOUS_MASTER_KEYS)`,
        );
      }
      return unwrapDataKey(master, scan.wrapped_key, scan.id);
    }
    let failure: unknown;
    for (const master of this.masters.values()) {
      try {
        return unwrapDataKey(master, scan.wrapped_key, scan.id);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  private remember(scanId: string, key: Buffer): void {
    if (this.keys.size >= CACHED_KEYS) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(scanId, key);
  }

  seal(scan: ScanKeyRef, value: unknown): Buffer {
    return sealJson(this.keyOf(scan), value, scan.id);
  }

  open<T>(scan: ScanKeyRef, sealed: Uint8Array): T {
    return openJson<T>(this.keyOf(scan), sealed, scan.id);
  }

  /**
   * A text sealed as its UTF-8 bytes behind a NUL byte, rather than as a JSON string (`seal`): a
   * fetch worker seals every page it reads, and JSON-encoding a page of text cost it more than the
   * encryption. JSON never starts with a NUL byte, so openText tells the two apart.
   */
  sealText(scan: ScanKeyRef, text: string): Buffer {
    const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
    bytes[0] = TEXT_MARK;
    bytes.write(text, 1, 'utf8');
    return seal(this.keyOf(scan), bytes, scan.id);
  }

  /** A text sealed by sealText, or as a JSON string by `seal` (snapshots stored before sealText). */
  openText(scan: ScanKeyRef, sealed: Uint8Array): string {
    const bytes = open(this.keyOf(scan), sealed, scan.id);
    if (bytes[0] === TEXT_MARK) return bytes.subarray(1).toString('utf8');
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value !== 'string') throw new SealedDataError('sealed value is not a text');
    return value;
  }

  /** Forgets a scan's key (after the scan is deleted). */
  forget(scanId: string): void {
    this.keys.delete(scanId);
  }

  /** A stable id for a page of a scan, so a retried search re-adds the same page, never a twin. */
  pageId(scanId: string, url: string): string {
    return toUuid(this.hash('page-id', `${scanId}\n${normaliseUrl(url)}`));
  }

  urlKey(scanId: string, url: string): string {
    return this.hash('page-url', `${scanId}\n${normaliseUrl(url)}`);
  }
}

/** Fragments never change what a server returns; dropping them makes `#post-1` and `#post-2` one page. */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

function toUuid(hex32: string): string {
  const h = hex32.padEnd(32, '0');
  // Version 8 (custom) and the RFC variant bits, so the id is a well-formed UUID.
  const version = `8${h.slice(13, 16)}`;
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16) + h.slice(17, 20);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}-${variant}-${h.slice(20, 32)}`;
}
