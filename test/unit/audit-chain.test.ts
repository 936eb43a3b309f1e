import { describe, expect, it } from 'vitest';
import {
  canonicalEntry,
  entryHash,
  formatHead,
  GENESIS_HASH,
  parseHead,
  verifyChain,
  type ChainEntry,
} from '../../shared/audit/chain.js';

/** A chain of `count` entries built the way the database's trigger builds it. */
function chain(count: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      seq,
      id: seq + 100,
      atText: `2026-12-07T14:00:0${seq % 10}.12345${seq % 10}Z`,
      actor: `api-key:${seq}`,
      action: seq % 2 ? 'scan.create' : 'report.view',
      orgId: seq === 3 ? null : 'org-1',
      scanId: seq === 4 ? null : `scan-${seq}`,
      findingId: seq === 2 ? 'f-1' : null,
      keyId: seq === 5 ? 'key-1' : null,
    };
    const rowHash = entryHash(prev, fields);
    entries.push({ ...fields, prevHash: prev, rowHash });
    prev = rowHash;
  }
  return entries;
}

const headOf = (entries: ChainEntry[]) => ({
  seq: entries.at(-1)?.seq ?? 0,
  rowHash: entries.at(-1)?.rowHash ?? GENESIS_HASH,
});

describe('audit hash chain', () => {
  it('writes each field with its length, so moving a separator changes the hash', () => {
    const base = {
      seq: 1,
      id: 1,
      atText: 't',
      actor: 'a|b',
      action: 'c',
      orgId: null,
      scanId: null,
      findingId: null,
      keyId: null,
    };
    const moved = { ...base, actor: 'a', action: 'b|c' };
    expect(canonicalEntry(GENESIS_HASH, base)).not.toBe(canonicalEntry(GENESIS_HASH, moved));
    expect(entryHash(GENESIS_HASH, base)).not.toBe(entryHash(GENESIS_HASH, moved));
    // Null and the text "-" are different entries.
    expect(entryHash(GENESIS_HASH, { ...base, orgId: '-' })).not.toBe(entryHash(GENESIS_HASH, base));
    expect(entryHash(GENESIS_HASH, base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts an intact chain and an empty one, and returns the head', () => {
    const entries = chain(6);
    expect(verifyChain(entries, headOf(entries))).toEqual({ ok: true, entries: 6, head: headOf(entries) });
    expect(verifyChain([], null)).toMatchObject({ ok: true, entries: 0 });
    expect(verifyChain([], { seq: 0, rowHash: GENESIS_HASH })).toMatchObject({ ok: true });
  });

  it('names an entry edited in the middle or at the end', () => {
    const entries = chain(6);
    const head = headOf(entries);
    const middle = entries.map((e) => (e.seq === 3 ? { ...e, action: 'scan.delete' } : e));
    expect(verifyChain(middle, head)).toMatchObject({
      ok: false,
      problem: { kind: 'edited', seq: 3, id: 103 },
    });
    const last = entries.map((e) => (e.seq === 6 ? { ...e, atText: '2001-01-01T00:00:00.000000Z' } : e));
    expect(verifyChain(last, head)).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 6 } });
  });

  it('names entries removed in the middle, at the end, and all of them', () => {
    const entries = chain(6);
    const head = headOf(entries);
    expect(
      verifyChain(
        entries.filter((e) => e.seq !== 4),
        head,
      ),
    ).toMatchObject({
      ok: false,
      problem: { kind: 'removed', seq: 4, message: 'entry 4 was removed before entry 5 (id 105)' },
    });
    expect(verifyChain(entries.slice(0, 4), head)).toMatchObject({
      ok: false,
      problem: {
        kind: 'removed',
        seq: 5,
        message: expect.stringMatching(/entries 5 to 6 were removed at the end/),
      },
    });
    expect(verifyChain([], head)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', seq: 1, message: expect.stringMatching(/every entry was removed/) },
    });
  });

  it('names an entry rewritten with a fresh hash, since the next one no longer follows it', () => {
    const entries = chain(5);
    const rewritten = { ...entries[1]!, action: 'scan.delete' };
    rewritten.rowHash = entryHash(rewritten.prevHash, rewritten);
    const forged = entries.map((e) => (e.seq === 2 ? rewritten : e));
    expect(verifyChain(forged, headOf(entries))).toMatchObject({
      ok: false,
      problem: { kind: 'out-of-order', seq: 3 },
    });
  });

  it('names an entry inserted out of order, and entries added past the head', () => {
    const entries = chain(4);
    const swapped = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }, entries[3]!];
    expect(verifyChain(swapped, headOf(entries)).ok).toBe(false);
    // An entry chained properly but past the head the database recorded (the trigger was bypassed).
    const extra = chain(5);
    expect(verifyChain(extra, headOf(entries))).toMatchObject({
      ok: false,
      problem: { kind: 'head-mismatch' },
    });
    // The last entry replaced, hash and all.
    const replaced = [...entries.slice(0, 3), { ...entries[3]!, actor: 'cli' }];
    replaced[3]!.rowHash = entryHash(replaced[3]!.prevHash, replaced[3]!);
    expect(verifyChain(replaced, headOf(entries))).toMatchObject({
      ok: false,
      problem: { kind: 'head-mismatch' },
    });
  });

  it('catches a chain recomputed from some entry on, with a head recorded before', () => {
    const entries = chain(5);
    const anchor = { seq: 3, rowHash: entries[2]!.rowHash };
    // Entry 2 rewritten and every hash after it recomputed, head and all: consistent, but not the anchor.
    const rebuilt: ChainEntry[] = [];
    let prev = GENESIS_HASH;
    for (const e of entries) {
      const fields = e.seq === 2 ? { ...e, actor: 'cli' } : e;
      const rowHash = entryHash(prev, fields);
      rebuilt.push({ ...fields, prevHash: prev, rowHash });
      prev = rowHash;
    }
    expect(verifyChain(rebuilt, headOf(rebuilt)).ok).toBe(true);
    expect(verifyChain(rebuilt, headOf(rebuilt), [anchor])).toMatchObject({
      ok: false,
      problem: { kind: 'anchor-mismatch', seq: 3 },
    });
    expect(verifyChain(entries.slice(0, 2), headOf(entries.slice(0, 2)), [anchor])).toMatchObject({
      ok: false,
      problem: { kind: 'anchor-mismatch', seq: 3 },
    });
    expect(verifyChain(entries, headOf(entries), [anchor]).ok).toBe(true);
  });

  it('prints and reads a head', () => {
    const head = headOf(chain(2));
    expect(parseHead(formatHead(head))).toEqual(head);
    expect(parseHead('2:xyz')).toBeUndefined();
  });
});
