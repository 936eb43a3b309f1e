import { createDataKey, openJson, parseMasterKey, sealJson, unwrapDataKey } from './envelope.js';
import { createKeyedHasher, type KeyedHasher } from './keyed-hash.js';

/**
 * Everything a process does with the master key, in one object: new per-scan data keys, sealing and
 * opening a scan's data (with the scan id as associated data, so sealed bytes cannot be moved to
 * another scan), and keyed hashes for logs and dedupe keys.
 */
export interface ScanKeyRef {
  id: string;
  wrapped_key: Uint8Array;
}

const CACHED_KEYS = 256;

export class ScanVault {
  private readonly master: Buffer;
  readonly hash: KeyedHasher;
  // Unwrapping is cheap but not free; a fetch worker opens the same scan's data for every page.
  private readonly keys = new Map<string, Buffer>();

  constructor(masterKeyBase64: string) {
    this.master = parseMasterKey(masterKeyBase64);
    this.hash = createKeyedHasher(this.master);
  }

  newScanKey(scanId: string): { dataKey: Buffer; wrapped: Buffer } {
    const key = createDataKey(this.master, scanId);
    this.remember(scanId, key.dataKey);
    return key;
  }

  private keyOf(scan: ScanKeyRef): Buffer {
    let key = this.keys.get(scan.id);
    if (!key) {
      key = unwrapDataKey(this.master, scan.wrapped_key, scan.id);
      this.remember(scan.id, key);
    }
    return key;
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
