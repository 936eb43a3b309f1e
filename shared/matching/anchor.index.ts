/**
 * One multi-pattern search for every identifier of a profile. Each matcher names anchors: keys
 * (see key.projection.ts) that any writing it accepts must contain. All anchors of a profile, and
 * their reversals for text written backwards, go into one multi-pattern search (Wu-Manber) that
 * runs once over the key projection of each reading of the page; the matcher's own patterns then run only in
 * small windows around the anchors found. The cost grows with the size of the page and the number
 * of candidates, hardly with the number of identifiers.
 */
import type { FoldedText } from './fold.normalizer.js';
import { keyOf, keyString } from './key.projection.js';
import type { KeyText } from './key.projection.js';
import type { IdentifierMatcher } from './matcher.types.js';
import { mergeRanges } from './intervals.js';
import type { Ranges } from './intervals.js';

/** Umlauts may also be written with a trailing "e" (Kühnert, Kuehnert), as the patterns allow. */
const UMLAUT = /[äöüÄÖÜ]/;
/** Beyond this many spellings, the longest part common to all of them serves as the anchor. */
const MAX_SPELLINGS = 16;

/** The keys of every spelling of a word that its patterns accept. */
export function keyVariants(word: string): string[] {
  let spellings = [''];
  const segments: string[] = [''];
  for (const char of word.normalize('NFC')) {
    const key = keyOf(char);
    if (UMLAUT.test(char)) {
      spellings = spellings.flatMap((s) => [s + key, `${s}${key}e`]);
      segments.push('');
    } else {
      spellings = spellings.map((s) => s + key);
      segments[segments.length - 1] += key;
    }
    if (spellings.length > MAX_SPELLINGS) {
      const longest = segments.reduce((a, b) => (b.length > a.length ? b : a), '');
      return longest ? [longest] : [];
    }
  }
  return spellings.filter((s) => s.length > 0);
}

/** The longest of several words, by key length: the rarest anchor among parts that must all appear. */
export function longestKeyWord(words: string[]): string | undefined {
  let best: string | undefined;
  for (const word of words) if (best === undefined || keyOf(word).length > keyOf(best).length) best = word;
  return best;
}

export interface AnchorEntry {
  matcher: IdentifierMatcher;
  /** The anchor read backwards: a hit means the page holds the identifier reversed. */
  reversed: boolean;
}

/**
 * A Wu-Manber search over key texts: every anchor is at least `shortest` long, so the three units
 * ending a window of that length decide how far the window may move without passing an anchor's
 * start (`shift`, by a hash of the three units); only where that is 0 are the anchors whose first
 * `shortest` units end in those three (`buckets`) compared. Most of a page is passed over several
 * units at a time, with no work that grows with the number of anchors.
 */
interface BlockSearch {
  shortest: number;
  shift: Uint8Array;
  /** Anchors by the hash of the block ending their first `shortest` units, longest first. */
  buckets: Array<string[] | undefined>;
  /**
   * By the same hash, the first two units the bucket's anchors all start with (see `startOf`), or
   * -1 when they differ. Common blocks of text ("ing", "the") end some anchor's first units, and most
   * places they stand are passed over on these two units without a look at the bucket.
   */
  starts: Int32Array;
}

export interface AnchorIndex {
  /** The block search, or (when some anchor is shorter than a block) one alternation of them all. */
  search: BlockSearch | RegExp;
  entries: Map<string, AnchorEntry[]>;
  /** For each anchor, the shorter anchors it starts with (one search reports one per position). */
  prefixes: Map<string, string[]>;
}

const BLOCK = 3;
const HASH_SIZE = 1 << 15;

/** Hash of a block of three units. */
const hashOf = (first: number, second: number, third: number): number =>
  (first * 961 + second * 31 + third) & (HASH_SIZE - 1);

/** Hash of the block of three units of an anchor ending at `end`. */
const blockHash = (text: string, end: number): number =>
  hashOf(text.charCodeAt(end - 2), text.charCodeAt(end - 1), text.charCodeAt(end));

/** The first two units of a text as one number (a block is three units, so there are two). */
const startOf = (first: number, second: number): number => (first << 16) | second;

/** `keys` sorted longest first (and then alphabetically): the order a search must prefer them in. */
function blockSearch(keys: string[]): BlockSearch | undefined {
  const shortest = Math.min(...keys.map((key) => key.length));
  if (shortest < BLOCK) return undefined;
  const shift = new Uint8Array(HASH_SIZE).fill(shortest - BLOCK + 1);
  const buckets: Array<string[] | undefined> = new Array<string[] | undefined>(HASH_SIZE).fill(undefined);
  const starts = new Int32Array(HASH_SIZE).fill(-1);
  for (const key of keys) {
    for (let end = BLOCK - 1; end < shortest; end++) {
      const hash = blockHash(key, end);
      shift[hash] = Math.min(shift[hash] as number, shortest - 1 - end);
    }
    const hash = blockHash(key, shortest - 1);
    const start = startOf(key.charCodeAt(0), key.charCodeAt(1));
    const bucket = buckets[hash];
    if (!bucket) {
      buckets[hash] = [key];
      starts[hash] = start;
    } else {
      bucket.push(key);
      if (starts[hash] !== start) starts[hash] = -1;
    }
  }
  return { shortest, shift, buckets, starts };
}

/** Whether `units` hold `anchor` from `at` on. */
function holdsAt(units: Uint16Array, at: number, anchor: string): boolean {
  if (at + anchor.length > units.length) return false;
  for (let k = 0; k < anchor.length; k++) if (units[at + k] !== anchor.charCodeAt(k)) return false;
  return true;
}

/**
 * Calls `found` with the start and anchor of every position where some anchor starts, the longest
 * one there. A callback, not a generator: no object per position looked at.
 */
function anchorStarts(
  search: BlockSearch | RegExp,
  key: KeyText,
  found: (at: number, anchor: string) => void,
): void {
  if (search instanceof RegExp) {
    const text = keyString(key);
    search.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = search.exec(text)) !== null) {
      found(m.index, m[0]);
      search.lastIndex = m.index + 1;
    }
    return;
  }
  const { shortest, shift, buckets, starts } = search;
  const units = key.units;
  const n = units.length;
  for (let end = shortest - 1; end < n;) {
    const hash = hashOf(units[end - 2] as number, units[end - 1] as number, units[end] as number);
    const step = shift[hash] as number;
    if (step > 0) {
      end += step;
      continue;
    }
    const at = end - shortest + 1;
    const start = starts[hash] as number;
    const bucket =
      start === -1 || start === startOf(units[at] as number, units[at + 1] as number)
        ? buckets[hash]
        : undefined;
    if (bucket !== undefined) {
      for (let k = 0; k < bucket.length; k++) {
        const anchor = bucket[k] as string;
        if (holdsAt(units, at, anchor)) {
          found(at, anchor);
          break;
        }
      }
    }
    end++;
  }
}

const escape = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

export function buildAnchorIndex(matchers: IdentifierMatcher[]): AnchorIndex | undefined {
  const entries = new Map<string, AnchorEntry[]>();
  const add = (key: string, entry: AnchorEntry): void => {
    const list = entries.get(key) ?? [];
    if (!list.some((e) => e.matcher === entry.matcher && e.reversed === entry.reversed)) list.push(entry);
    entries.set(key, list);
  };
  for (const matcher of matchers) {
    for (const anchor of matcher.anchors) {
      add(anchor, { matcher, reversed: false });
      add([...anchor].reverse().join(''), { matcher, reversed: true });
    }
  }
  if (entries.size === 0) return undefined;
  const keys = [...entries.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const prefixes = new Map<string, string[]>();
  for (const key of keys) {
    const shorter = keys.filter((other) => other.length < key.length && key.startsWith(other));
    if (shorter.length > 0) prefixes.set(key, shorter);
  }
  const search = blockSearch(keys) ?? new RegExp(keys.map(escape).join('|'), 'g');
  return { search, entries, prefixes };
}

/** Where an anchor was found, in offsets of the folded text the key was projected from. */
export interface Candidate {
  entry: AnchorEntry;
  from: number;
  to: number;
}

/** Every anchor occurrence in a key projection (overlapping ones too). */
export function findCandidates(index: AnchorIndex, key: KeyText, withReversed: boolean): Candidate[] {
  const out: Candidate[] = [];
  const { search, entries, prefixes } = index;
  const add = (at: number, anchor: string): void => {
    for (const entry of entries.get(anchor) ?? []) {
      if (entry.reversed && !withReversed) continue;
      out.push({ entry, from: key.at[at] as number, to: (key.at[at + anchor.length - 1] as number) + 1 });
    }
  };
  anchorStarts(search, key, (at, found) => {
    add(at, found);
    for (const shorter of prefixes.get(found) ?? []) add(at, shorter);
  });
  return out;
}

/** Sorted, merged `[from, to)` windows, each widened by `reach` and clipped to `[0, length)`. */
export function mergeWindows(spans: Array<[number, number]>, reach: number, length: number): Ranges {
  return mergeRanges(
    spans.map(([a, b]) => ({ start: Math.max(0, a - reach), end: Math.min(length, b + reach) })),
  );
}

/**
 * Folded units of context kept on both sides of a window: lookarounds see real text, and the
 * address matcher reads up to 80 units past a hit for the town or postcode.
 */
export const CONTEXT = 128;

/**
 * A window of a folded text with context on both sides. A match counts only if it lies within
 * `[lo, hi)` of `slice`; every match an anchor can confirm lies within its window.
 */
export interface FoldedWindow {
  slice: FoldedText;
  lo: number;
  hi: number;
}

function sub(folded: FoldedText, start: number, end: number): FoldedText {
  return {
    text: folded.text.slice(start, end),
    starts: folded.starts.subarray(start, end),
    ends: folded.ends.subarray(start, end),
  };
}

export function cutWindow(folded: FoldedText, from: number, to: number): FoldedWindow {
  const start = Math.max(0, from - CONTEXT);
  const end = Math.min(folded.text.length, to + CONTEXT);
  return { slice: sub(folded, start, end), lo: from - start, hi: to - start };
}

/** The same window of the page read backwards (`from`/`to` are offsets of the forward text). */
export function cutReversedWindow(
  folded: FoldedText,
  from: number,
  to: number,
  reverse: (forward: FoldedText) => FoldedText,
): FoldedWindow {
  const start = Math.max(0, from - CONTEXT);
  const end = Math.min(folded.text.length, to + CONTEXT);
  return { slice: reverse(sub(folded, start, end)), lo: end - to, hi: end - from };
}
