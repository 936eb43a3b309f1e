import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, as pure logic: the canonical form of an entry, its hash, and the walk
 * that finds the first entry edited, removed or inserted out of order. No IO: the repository reads the
 * rows and the chain head, this judges them.
 *
 * The database computes each hash when the row is inserted (migration 0006, `audit_log_row_hash`), so
 * the application can neither supply a hash nor back-date an entry. This file is the same formula in
 * TypeScript, for `exposure-scanner audit verify`; the two must agree byte for byte, and the
 * integration tests prove they do by verifying rows the database chained.
 */

/** The `prev_hash` of the first entry: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the formula inside every hash, so a later formula can never be mistaken for this one. */
const CANONICAL_VERSION = 'audit-v1';

/** One audit entry as the chain sees it: every column the hash covers. */
export interface ChainEntry {
  /** Position in the chain: 1, 2, 3... with no gap (set under the chain's lock). */
  seq: number;
  id: number;
  /** The time as the database formats it in UTC, to the microsecond: `2026-12-07T14:12:20.123456Z`. */
  atText: string;
  actor: string;
  action: string;
  orgId: string | null;
  scanId: string | null;
  findingId: string | null;
  /** The API key a `key.create` or `key.revoke` was about (its id). */
  keyId: string | null;
  prevHash: string;
  rowHash: string;
}

/** The chain's anchor: how many entries it had and the last one's hash, kept by the database apart from the rows. */
export interface ChainHead {
  seq: number;
  rowHash: string;
}

/** A field as the canonical form writes it: its UTF-8 length and itself, or "-" when absent (no two inputs collide). */
function field(value: string | null): string {
  return value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** The bytes an entry's hash is taken over: the previous hash, then every column of the entry. */
export function canonicalEntry(prevHash: string, entry: Omit<ChainEntry, 'prevHash' | 'rowHash'>): string {
  return [
    CANONICAL_VERSION,
    field(prevHash),
    field(String(entry.seq)),
    field(String(entry.id)),
    field(entry.atText),
    field(entry.actor),
    field(entry.action),
    field(entry.orgId),
    field(entry.scanId),
    field(entry.findingId),
    field(entry.keyId),
  ].join('|');
}

/** SHA-256 (hex) of an entry chained after `prevHash`. */
export function entryHash(prevHash: string, entry: Omit<ChainEntry, 'prevHash' | 'rowHash'>): string {
  return createHash('sha256').update(canonicalEntry(prevHash, entry), 'utf8').digest('hex');
}

/**
 * What is wrong, at the first place the chain breaks:
 * - `edited`: the entry's columns no longer give its own hash (changed after it was written);
 * - `removed`: entries are missing before this one (a gap in `seq`), or at the end (the head counts more);
 * - `out-of-order`: the entry does not continue the one before it (inserted outside the chain, or the one
 *   before it was rewritten along with its hash);
 * - `head-mismatch`: the last entry is not the one the head recorded (rows appended past it, or it was
 *   replaced);
 * - `anchor-mismatch`: an earlier head the operator recorded is no longer in the chain.
 */
export type ChainProblemKind = 'edited' | 'removed' | 'out-of-order' | 'head-mismatch' | 'anchor-mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The chain position where the break shows (the entry judged, or the first missing one). */
  seq: number;
  /** The entry's row id, when the break is on an entry that is there. */
  id?: number;
  message: string;
}

export type ChainVerdict =
  { ok: true; entries: number; head: ChainHead } | { ok: false; entries: number; problem: ChainProblem };

/**
 * Walks the chain an entry at a time (rows are read in pages; the whole log is never held at once).
 * Feed entries in `seq` order with `push`, then call `finish` with the database's head. The first
 * problem found is the verdict: after a break, later entries cannot be judged against it.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #lastHash = GENESIS_HASH;
  #entries = 0;
  #problem: ChainProblem | undefined;
  readonly #anchors: Map<number, string>;

  /** `anchors`: heads recorded earlier (seq and hash) that must still be in the chain. */
  constructor(anchors: readonly ChainHead[] = []) {
    this.#anchors = new Map(anchors.map((anchor) => [anchor.seq, anchor.rowHash]));
  }

  /** False once a problem is found: the caller may stop reading. */
  push(entry: ChainEntry): boolean {
    if (this.#problem) return false;
    this.#entries++;
    const at = { seq: entry.seq, id: entry.id };
    if (entryHash(entry.prevHash, entry) !== entry.rowHash) {
      return this.#fail({
        kind: 'edited',
        ...at,
        message: `entry ${entry.seq} (id ${entry.id}) was edited: its columns no longer give its hash`,
      });
    }
    if (entry.seq > this.#expectedSeq) {
      return this.#fail({
        kind: 'removed',
        seq: this.#expectedSeq,
        message: `${missing(this.#expectedSeq, entry.seq - 1)} removed before entry ${entry.seq} (id ${entry.id})`,
      });
    }
    if (entry.seq < this.#expectedSeq || entry.prevHash !== this.#lastHash) {
      return this.#fail({
        kind: 'out-of-order',
        ...at,
        message: `entry ${entry.seq} (id ${entry.id}) does not follow the entry before it: inserted out of order, or the entry before it was rewritten`,
      });
    }
    const anchored = this.#anchors.get(entry.seq);
    if (anchored !== undefined && anchored !== entry.rowHash) {
      return this.#fail({
        kind: 'anchor-mismatch',
        ...at,
        message: `entry ${entry.seq} (id ${entry.id}) is not the entry recorded earlier at that place: the log was rewritten from there`,
      });
    }
    this.#expectedSeq = entry.seq + 1;
    this.#lastHash = entry.rowHash;
    return true;
  }

  /** The verdict, once every entry was pushed; `head` is the database's anchor (null when it has none). */
  finish(head: ChainHead | null): ChainVerdict {
    if (this.#problem) return { ok: false, entries: this.#entries, problem: this.#problem };
    const lastSeq = this.#expectedSeq - 1;
    const recorded = head ?? { seq: 0, rowHash: GENESIS_HASH };
    if (recorded.seq > lastSeq) {
      return this.#verdictOf({
        kind: 'removed',
        seq: lastSeq + 1,
        message:
          lastSeq === 0
            ? `every entry was removed: the chain's head records ${recorded.seq} and none is left`
            : `${missing(lastSeq + 1, recorded.seq)} removed at the end: the chain's head records ${recorded.seq}`,
      });
    }
    if (recorded.seq < lastSeq || recorded.rowHash !== this.#lastHash) {
      return this.#verdictOf({
        kind: 'head-mismatch',
        seq: lastSeq,
        message: `entry ${lastSeq} is not the last entry the chain's head recorded (entry ${recorded.seq}): entries were added or replaced outside the chain`,
      });
    }
    for (const [seq] of this.#anchors) {
      if (seq > lastSeq) {
        return this.#verdictOf({
          kind: 'anchor-mismatch',
          seq,
          message: `entry ${seq}, recorded earlier, is no longer in the log`,
        });
      }
    }
    return { ok: true, entries: this.#entries, head: { seq: lastSeq, rowHash: this.#lastHash } };
  }

  #fail(problem: ChainProblem): false {
    this.#problem = problem;
    return false;
  }

  #verdictOf(problem: ChainProblem): ChainVerdict {
    this.#problem = problem;
    return { ok: false, entries: this.#entries, problem };
  }
}

function missing(from: number, to: number): string {
  return from === to ? `entry ${from} was` : `entries ${from} to ${to} were`;
}

/** Verifies a whole chain held in memory (tests, small logs). */
export function verifyChain(
  entries: Iterable<ChainEntry>,
  head: ChainHead | null,
  anchors: readonly ChainHead[] = [],
): ChainVerdict {
  const verifier = new ChainVerifier(anchors);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish(head);
}

/** "<seq>:<hash>", as `audit verify` prints a head and takes one back with `--anchor`. */
export function formatHead(head: ChainHead): string {
  return `${head.seq}:${head.rowHash}`;
}

export function parseHead(text: string): ChainHead | undefined {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), rowHash: match[2]! } : undefined;
}
