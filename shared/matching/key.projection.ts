/**
 * The key projection of a folded text: what is left when everything a pattern may put between the
 * letters of an identifier is dropped (spaces, dots, dashes, brackets, zero-width residue) and every
 * leetspeak symbol is read as the letter it stands for (0 -> o, 4/@ -> a, 1/|/!/l -> i, ...).
 *
 * Every writing of an identifier the matchers accept (separators, spaced letters, leetspeak, look-
 * alikes already folded) projects to one fixed string, its key, so one search for literal keys over
 * one projection finds the candidates of every identifier and every variant at once. The projection
 * is only a prefilter: candidates are confirmed by the identifier's own patterns on the folded text.
 */
import { foldValue } from './fold.normalizer.js';

/** Dropped from the projection. */
const DROP = 0xffff;
/** Not yet decided (non-ASCII units are classified on first sight). */
const UNKNOWN = 0;

const LEET_READINGS: Record<string, string> = {
  a: '4@',
  b: '8',
  e: '3€',
  g: '96',
  // "l" and "i" share a key: "1" and "|" are typed for both.
  i: '1!|l',
  o: '0',
  s: '5$',
  t: '7+',
  z: '2',
};

function buildTable(rot: boolean): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x80; c++) table[c] = DROP;
  for (let c = 97; c <= 122; c++) table[c] = c;
  for (let c = 65; c <= 90; c++) table[c] = c + 32;
  for (const [letter, symbols] of Object.entries(LEET_READINGS)) {
    for (const symbol of symbols) {
      // Leet symbols are matched on the folded text, so the folded symbol is what must map.
      for (const unit of foldValue(symbol)) table[unit.charCodeAt(0)] = letter.charCodeAt(0);
    }
  }
  if (rot) {
    // The projection of the rot13 reading: rotate letters first, then project. Digits and symbols
    // are untouched by rot13, so they keep their leet reading.
    const plain = table.slice();
    for (let c = 65; c <= 90; c++) table[c] = plain[((c - 65 + 13) % 26) + 97] as number;
    for (let c = 97; c <= 122; c++) table[c] = plain[((c - 97 + 13) % 26) + 97] as number;
  }
  return table;
}

const PLAIN_TABLE = buildTable(false);
const ROT13_TABLE = buildTable(true);

const LETTER = /^\p{L}$/u;

function classify(table: Uint16Array, unit: number): number {
  // Surrogates and non-letters separate; other letters (scripts without an ASCII prototype) stay.
  const value =
    unit >= 0xd800 && unit <= 0xdfff ? DROP : LETTER.test(String.fromCharCode(unit)) ? unit : DROP;
  table[unit] = value;
  return value;
}

/**
 * A projection and, for each of its units, the index of the folded unit it came from. Both are views
 * of buffers that the next projection writes over: read them before projecting again. A page's key
 * is searched as units, never made a string (two strings a page were a good part of what matching
 * allocated); `keyString` gives the string where one is needed.
 */
export interface KeyText {
  units: Uint16Array;
  /** `at[k]` is the folded-text index of key unit `k`. */
  at: Int32Array;
}

/** The string of a key's units. */
export function keyString(key: KeyText): string {
  const { units } = key;
  return Buffer.from(units.buffer, units.byteOffset, 2 * units.length).toString('ucs2');
}

/** The ASCII rows of both tables (0: dropped), for pages that are all ASCII. */
function asciiRows(table: Uint16Array): Uint16Array {
  const row = new Uint16Array(0x80);
  for (let c = 0; c < 0x80; c++) row[c] = table[c] === DROP ? 0 : (table[c] as number);
  return row;
}
const PLAIN_ASCII = asciiRows(PLAIN_TABLE);
const ROT13_ASCII = asciiRows(ROT13_TABLE);

/** The key projections of a folded text and, when asked, of its rot13 reading. */
export interface KeyTexts {
  plain: KeyText;
  rot13?: KeyText;
}

/**
 * 1 for a unit other than 0, 0 for 0 (a 16-bit unit), by arithmetic: `k === 0 ? 0 : 1` compiles to a
 * branch, which prose (a space or a dot every few letters) mispredicts so often that the loop ran at
 * about a third of its speed.
 */
const kept = (k: number): number => (k + 0xffff) >>> 16;

/**
 * Writes the projection of `folded` through `table` (and through `rotTable` when `rotated` is given)
 * and each kept unit's folded index into `at`; returns how many units were kept.
 */
function project(
  folded: string,
  table: Uint16Array,
  rotTable: Uint16Array,
  drop: number,
  out: { plain: Uint16Array; rotated: Uint16Array | undefined; at: Int32Array },
): number {
  const { plain, rotated, at } = out;
  let size = 0;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    const k = table[c] as number;
    // Written unconditionally, kept only if not dropped: no unpredictable branch per character.
    plain[size] = k;
    if (rotated) rotated[size] = rotTable[c] as number;
    at[size] = i;
    size += kept(k ^ drop);
  }
  return size;
}

/**
 * Writes the projection of an all-ASCII `folded` (both readings; the rot13 one is cheap to write
 * whether asked or not) and returns how many units were kept, or -1 at the first non-ASCII unit: a
 * page's projection finds out whether it is ASCII on its way, without a scan of its own.
 */
function projectAscii(folded: string, plain: Uint16Array, rotated: Uint16Array, at: Int32Array): number {
  let size = 0;
  const n = folded.length;
  for (let i = 0; i < n; i++) {
    const c = folded.charCodeAt(i);
    if (c > 0x7f) return -1;
    const k = PLAIN_ASCII[c] as number;
    plain[size] = k;
    rotated[size] = ROT13_ASCII[c] as number;
    at[size] = i;
    size += kept(k);
  }
  return size;
}

/**
 * Projects a folded text. Linear, one table lookup per unit. rot13 rotates letters only and letters
 * are never dropped, so both readings drop the same units: one pass fills both, sharing `at`.
 */
export function projectKeys(folded: string, withRot13 = false, knownAscii?: boolean): KeyTexts {
  const n = folded.length;
  const buffers = scratch(n);
  const keys = (size: number): KeyTexts => {
    const at = buffers.at.subarray(0, size);
    return {
      plain: { units: buffers.units.subarray(0, size), at },
      ...(withRot13 ? { rot13: { units: buffers.rotatedUnits.subarray(0, size), at } } : {}),
    };
  };
  if (knownAscii !== false) {
    // All ASCII (most pages): a table of 128 entries, and the check for ASCII made on the way.
    const size = projectAscii(folded, buffers.units, buffers.rotatedUnits, buffers.at);
    if (size >= 0) return keys(size);
  }
  // Units seen for the first time are classified before the hot loop, which then stays branch-free.
  for (let i = 0; i < n; i++) {
    const c = folded.charCodeAt(i);
    if (PLAIN_TABLE[c] === UNKNOWN) classify(PLAIN_TABLE, c);
    if (withRot13 && ROT13_TABLE[c] === UNKNOWN) classify(ROT13_TABLE, c);
  }
  const out = { plain: buffers.units, rotated: withRot13 ? buffers.rotatedUnits : undefined, at: buffers.at };
  return keys(project(folded, PLAIN_TABLE, ROT13_TABLE, DROP, out));
}

/**
 * Buffers the projection writes into, kept between pages: a page's worth of typed arrays per page
 * was a good part of the garbage collector's work. Keys are returned as views (see KeyText).
 */
let buffers = allocate(0);

function allocate(size: number) {
  return {
    at: new Int32Array(size),
    units: new Uint16Array(size),
    rotatedUnits: new Uint16Array(size),
  };
}

/** Pages longer than this get buffers of their own, so one huge page does not pin ~8 bytes a unit. */
const KEPT_UNITS = 1 << 20;

function scratch(n: number): ReturnType<typeof allocate> {
  if (n > KEPT_UNITS) return allocate(n);
  if (buffers.at.length < n) buffers = allocate(Math.min(KEPT_UNITS, Math.max(n, buffers.at.length * 2)));
  return buffers;
}

/** The key projection of a folded text. */
export function projectKey(folded: string): KeyText {
  return projectKeys(folded).plain;
}

/** The key of an identifier fragment (folded first, then projected). */
export function keyOf(value: string): string {
  return keyString(projectKey(foldValue(value)));
}
