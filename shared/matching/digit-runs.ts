/**
 * Finds runs of phone-like digits in the light fold of a page (digits kept, case folded,
 * full-width digits already ASCII, zero-width characters gone), reading digits written as words
 * ("five oh three") and letters typed for digits (O for 0, l/I for 1) inside a run.
 */
import { PageMemo } from './page-memo.js';
import { TextUnits } from './text-units.js';

export interface DigitRun {
  /** The digits read, in order. */
  digits: string;
  /** Folded-text offsets of the run. */
  from: number;
  to: number;
  /** Digit strings of the parts between commas, semicolons or slashes (two numbers in one run). */
  parts: string[];
  /** Offsets in `digits` where a written token ends (a number is a whole number of tokens). */
  bounds: number[];
  spelled: boolean;
  letters: boolean;
  /** Only ASCII digits and separators: what a detector of other people's numbers may trust. */
  plain: boolean;
}

/**
 * Digit words, as the light fold spells them (diacritics gone: "fünf" reads "funf"): English, and
 * German, French and Spanish, where numbers are read out digit by digit too. A word is read as a
 * digit only inside a run of digits, so "un" or "dos" in running text costs a look and nothing more.
 */
export const WORD_DIGITS = new Map(
  Object.entries({
    zero: '0',
    oh: '0',
    o: '0',
    nought: '0',
    one: '1',
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    // German ("zwo" is how a 2 is said on the phone)
    null: '0',
    eins: '1',
    zwei: '2',
    zwo: '2',
    drei: '3',
    vier: '4',
    funf: '5',
    fuenf: '5',
    sechs: '6',
    sieben: '7',
    acht: '8',
    neun: '9',
    // French (zéro and six are spelled as in English once folded)
    un: '1',
    deux: '2',
    trois: '3',
    quatre: '4',
    cinq: '5',
    sept: '7',
    huit: '8',
    neuf: '9',
    // Spanish
    cero: '0',
    uno: '1',
    dos: '2',
    tres: '3',
    cuatro: '4',
    cinco: '5',
    seis: '6',
    siete: '7',
    ocho: '8',
    nueve: '9',
  }),
);
const DIGIT_WORDS = new Set([...WORD_DIGITS.keys(), 'double', 'triple']);
/**
 * What a token reads as, kept as a number so a run is assembled without a string per token: a digit
 * word its digit (0-9), "double" and "triple" DOUBLE and TRIPLE, a chunk of digits and look-alikes
 * holding a digit CHUNK, one or two look-alikes before a number LOOK_ALIKES.
 */
const CHUNK = -1;
const LOOK_ALIKES = -2;
const DOUBLE = 12;
const TRIPLE = 13;
const wordCode = (word: string): number =>
  word === 'double' ? DOUBLE : word === 'triple' ? TRIPLE : Number(WORD_DIGITS.get(word));
/** Digit words by their first letter: compared in place, without cutting every word out of the page. */
const DIGIT_WORDS_BY_INITIAL: Array<Array<{ word: string; code: number }> | undefined> = [];
for (const word of DIGIT_WORDS)
  (DIGIT_WORDS_BY_INITIAL[word.charCodeAt(0)] ??= []).push({ word, code: wordCode(word) });

const WORD_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
/** Per UTF-16 unit: 1 a letter or digit, 2 neither, 0 not yet known (non-ASCII, classified once). */
const WORDISH = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) WORDISH[c] = /[a-zA-Z0-9]/.test(String.fromCharCode(c)) ? 1 : 2;

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** Whether the code point starting at `i` is a letter or a digit (false at the end). */
function wordAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const unit = text.charCodeAt(i);
  if (isHighSurrogate(unit)) return WORD_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(i) as number));
  let known = WORDISH[unit] as number;
  if (known === 0) WORDISH[unit] = known = WORD_OR_DIGIT.test(String.fromCharCode(unit)) ? 1 : 2;
  return known === 1;
}

/** Whether the code point ending just before `i` is a letter or a digit. */
function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  if (isLowSurrogate(text.charCodeAt(i - 1)) && i >= 2 && isHighSurrogate(text.charCodeAt(i - 2)))
    return wordAt(text, i - 2);
  return wordAt(text, i - 1);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** o, l, i and | are typed for 0 and 1. */
const isLookAlike = (c: number): boolean => c === 111 || c === 108 || c === 105 || c === 124;

/** Whether the unit at `i` is white space (ASCII without a regex call). */
function spaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(text.charAt(i));
}

/** `-`, `.` or white space up to a digit: "O-" in "O-555" stands before a number. */
function digitFollows(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) return true;
    if (c !== 45 && c !== 46 && !spaceAt(text, i)) return false;
  }
  return false;
}

/** What the last token `tokenEnd` found reads as: set beside its end, so it costs no object. */
let tokenCode = CHUNK;

/**
 * The end of the token starting at `p` (not preceded by a letter or digit), or -1. A token is, in
 * this order of preference: a chunk of digits mixed with O/l/I/| look-alikes, holding a digit; one or
 * two look-alikes right before a number ("O-555"); a digit word. Every token ends where no letter or
 * digit follows. Written as a loop rather than one regex tried at every position of the page: the
 * page is mostly words, and only their first letters need a look.
 */
function tokenEnd(text: string, p: number): number {
  const first = text.charCodeAt(p);
  tokenCode = CHUNK;
  if (isDigit(first) || isLookAlike(first)) {
    let q = p;
    let firstDigit = -1;
    for (; q < text.length; q++) {
      const c = text.charCodeAt(q);
      if (isDigit(c)) {
        if (firstDigit < 0) firstDigit = q;
      } else if (!isLookAlike(c)) break;
    }
    if (firstDigit >= 0) {
      if (!wordAt(text, q)) return q;
      // A letter follows the chunk; it may still end at a "|" (not a letter) after its first digit.
      for (let e = q - 1; e > firstDigit; e--) if (text.charCodeAt(e) === 124) return e;
    }
    if (isLookAlike(first)) {
      const most = isLookAlike(text.charCodeAt(p + 1)) ? 2 : 1;
      for (let k = most; k >= 1; k--) {
        if (!wordAt(text, p + k) && digitFollows(text, p + k)) {
          // "o" alone is also the word for 0, and is read as that word.
          tokenCode = k === 1 && first === 111 ? 0 : LOOK_ALIKES;
          return p + k;
        }
      }
    }
  }
  const words = DIGIT_WORDS_BY_INITIAL[first];
  if (!words) return -1;
  const second = text.charCodeAt(p + 1);
  for (const { word, code } of words) {
    // Most words share only their first letter with a digit word: the second tells, without a call.
    if (word.length > 1 && word.charCodeAt(1) !== second) continue;
    if (text.startsWith(word, p) && !wordAt(text, p + word.length)) {
      tokenCode = code;
      return p + word.length;
    }
  }
  return -1;
}

/**
 * ASCII units that may start a token after a non-word unit: digits, "|", the look-alikes o, l and i,
 * and the first letters of digit words. Every other ASCII word start is passed over without a look.
 */
const MAY_START = new Uint8Array(0x80);
for (const c of '0123456789|oli') MAY_START[c.charCodeAt(0)] = 1;
for (const word of DIGIT_WORDS) MAY_START[word.charCodeAt(0)] = 1;

/**
 * For a letter that may start a token, which next two ASCII units may follow it in one. PAIRS gives,
 * for the first letter and the unit after it, 0 when no token can start so ("it", "is", "the"), 1
 * when tokenEnd must decide (a digit or a non-word unit after a look-alike), or the row of THIRDS
 * saying which third units may follow: the third letter of a digit word ("thr" for three, so "the"
 * fails), a non-word unit after a two-letter one ("oh"), and after two look-alikes a digit, another
 * look-alike or a non-word unit ("lol" goes on, "looked" fails). Most words fail one of the two,
 * and tokenEnd is never called for them.
 */
const PAIRS = new Uint8Array(0x80 * 0x80);
const THIRD_ROWS: Uint8Array[] = [new Uint8Array(0x80), new Uint8Array(0x80)];
const isNonWord = (c: number): boolean => WORDISH[c] !== 1;
for (const first of new Set([...DIGIT_WORDS].map((word) => word.charAt(0)).concat(['o', 'l', 'i']))) {
  const f = first.charCodeAt(0);
  for (let second = 0; second < 0x80; second++) {
    let decide = false;
    const third = new Uint8Array(0x80);
    if (isLookAlike(f) && (isDigit(second) || isNonWord(second))) decide = true;
    if (isLookAlike(f) && isLookAlike(second)) {
      for (let c = 0; c < 0x80; c++) if (isDigit(c) || isLookAlike(c) || isNonWord(c)) third[c] = 1;
    }
    for (const word of DIGIT_WORDS) {
      if (word.charCodeAt(0) !== f) continue;
      // A one-letter word ("o") ends where a non-word unit follows.
      if (word.length === 1) {
        if (isNonWord(second)) decide = true;
      } else if (word.charCodeAt(1) === second) {
        if (word.length === 2) for (let c = 0; c < 0x80; c++) third[c] ||= isNonWord(c) ? 1 : 0;
        else third[word.charCodeAt(2)] = 1;
      }
    }
    if (decide) PAIRS[f * 0x80 + second] = 1;
    else if (third.includes(1)) {
      PAIRS[f * 0x80 + second] = THIRD_ROWS.length;
      THIRD_ROWS.push(third);
    }
  }
}
const THIRDS = new Uint8Array(THIRD_ROWS.length * 0x80);
THIRD_ROWS.forEach((row, r) => THIRDS.set(row, r * 0x80));

/** Whether the token scanner must look at the word starting at `i` with the ASCII unit `c`. */
function mayBeToken(units: Uint16Array, i: number, c: number): boolean {
  if (isDigit(c) || c === 124) return true;
  // Past the end: undefined, which is not below 0x80 either.
  const next = units[i + 1] as number;
  // The end of the text, or a non-ASCII unit next: tokenEnd decides.
  if (!(next < 0x80)) return true;
  const pair = PAIRS[c * 0x80 + next] as number;
  if (pair < 2) return pair === 1;
  const third = units[i + 2] as number;
  return !(third < 0x80) || THIRDS[pair * 0x80 + third] === 1;
}

/**
 * Per UTF-16 unit, what the token scan does with it, as bits: WORD a letter or digit, STARTS may start
 * a token ("|", digits and the first letters of digit words), LOOK a non-ASCII unit (classified
 * through wordAt, surrogate pairs whole).
 */
const WORD = 1;
const STARTS = 2;
const LOOK = 4;
const SCAN = new Uint8Array(0x10000).fill(LOOK);
for (let c = 0; c < 0x80; c++) SCAN[c] = (WORDISH[c] === 1 ? WORD : 0) | (MAY_START[c] === 1 ? STARTS : 0);

/** The end of the token `tokenStart` found last. */
let foundEnd = 0;

const tokenUnits = new TextUnits();

/**
 * The start of the first token at or after `from`, or -1 (`afterWord`: a letter or digit stands
 * right before `from`). Its end is left in `foundEnd` and its reading in `tokenCode`, so a page's
 * tokens cost no object each.
 */
function tokenStart(text: string, from: number, afterWord: boolean): number {
  const n = text.length;
  const units = tokenUnits.of(text);
  // 2 after a letter or digit, else 0: masks STARTS away inside words. Kept as bits rather than a
  // branch, as every word boundary of the page would be a mispredicted branch.
  let inWord = afterWord ? STARTS : 0;
  for (let i = from; i < n; i++) {
    const c = units[i] as number;
    const scan = SCAN[c] as number;
    if ((scan & ~inWord) > WORD) {
      if (scan === LOOK) {
        // Only a digit, a lowercase letter or "|" starts a token, and never inside a word: no
        // non-ASCII unit starts one. The second half of a surrogate pair was classified with its
        // first half.
        if (!(isLowSurrogate(c) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))))
          inWord = wordAt(text, i) ? STARTS : 0;
        continue;
      }
      if (mayBeToken(units, i, c)) {
        const end = tokenEnd(text, i);
        if (end > i) {
          foundEnd = end;
          return i;
        }
      }
    }
    inWord = (scan & WORD) << 1;
  }
  return -1;
}

/** The first token at or after `from`, as a global search for tokens would find it. */
export function nextToken(text: string, from: number): { index: number; token: string } | undefined {
  const index = tokenStart(text, from, wordBefore(text, from));
  return index < 0 ? undefined : { index, token: text.slice(index, foundEnd) };
}

// A line break ends a run: a number and the timestamp on the next line are not one number.
export const GAP_CHARS = ' \t-.()/+,;–';
export const MAX_GAP = 4;
const IS_GAP = new Uint8Array(0x10000);
for (const c of GAP_CHARS) IS_GAP[c.charCodeAt(0)] = 1;

/** Whether `text[from, to)` may stand between two tokens of one run (at most 4 of GAP_CHARS). */
export function isGap(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  for (let i = from; i < to; i++) if (IS_GAP[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/** Whether a gap holds a ",", ";" or "/": two numbers listed one after the other. */
export function splits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 59 || c === 47) return true;
  }
  return false;
}

const isLeadMark = (c: number): boolean => c === 43 || c === 40;

/** How many units before a run's first token belong to it: a "+" or "(", maybe a space after it. */
export function leadLength(text: string, index: number): number {
  if (index >= 1 && isLeadMark(text.charCodeAt(index - 1))) return 1;
  if (index >= 2 && spaceAt(text, index - 1) && isLeadMark(text.charCodeAt(index - 2))) return 2;
  return 0;
}

/** The digits a chunk token reads as: o for 0, l, i and | for 1. */
function chunkDigits(token: string): string {
  for (let i = 0; i < token.length; i++) {
    if (!isDigit(token.charCodeAt(i))) return token.replace(/o/g, '0').replace(/[li|]/g, '1');
  }
  return token;
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

const memo = new PageMemo<object, DigitRun[]>();

/** `findDigitRuns` once per folded text, however many phone identifiers ask. */
export function digitRunsOf(folded: { text: string }): DigitRun[] {
  let runs = memo.get(folded);
  if (!runs) {
    runs = findDigitRuns(folded.text);
    memo.set(folded, runs);
  }
  return runs;
}

/**
 * The tokens of the run under construction, four numbers each (from, to, reading, how often it is
 * said), reused from page to page. Most runs (a post number, a time) end short and are dropped: their
 * strings are never built.
 */
const TOKEN_FIELDS = 4;
let runTokens = new Int32Array(64 * TOKEN_FIELDS);
/** Added to a token's repeat when a "," ";" or "/" before it starts a new part. */
const NEW_PART = 16;

/** The run of the first `count` tokens in `runTokens`, read into its strings. */
function assembled(
  text: string,
  count: number,
  from: number,
  to: number,
  spelled: boolean,
  letters: boolean,
): DigitRun {
  let digits = '';
  const bounds = [0];
  const parts: string[] = [];
  let part = '';
  for (let k = 0; k < count * TOKEN_FIELDS; k += TOKEN_FIELDS) {
    const code = runTokens[k + 2] as number;
    let repeat = runTokens[k + 3] as number;
    if (repeat >= NEW_PART) {
      repeat -= NEW_PART;
      if (part.length > 0) parts.push(part);
      part = '';
    }
    let read = code >= 0 ? String(code) : chunkDigits(text.slice(runTokens[k], runTokens[k + 1]));
    if (repeat > 1) read = read.repeat(repeat);
    digits += read;
    bounds.push(digits.length);
    part += read;
  }
  if (part.length > 0) parts.push(part);
  return { digits, from, to, parts, bounds, spelled, letters, plain: !spelled && !letters };
}

/** Every run with at least `minDigits` digits. */
export function findDigitRuns(text: string, minDigits = 7): DigitRun[] {
  const runs: DigitRun[] = [];
  // The run under construction: `count` tokens so far (0: none), `digits` read from them.
  let count = 0;
  let from = 0;
  let to = 0;
  let digits = 0;
  let spelled = false;
  let letters = false;
  let repeat = 1;
  let newPart = 0;
  let at = 0;
  let afterWord = false;
  for (let index = tokenStart(text, 0, false); index >= 0; index = tokenStart(text, at, afterWord)) {
    const end = foundEnd;
    const code = tokenCode;
    at = end;
    afterWord = WORDISH[text.charCodeAt(end - 1)] === 1;
    if (count > 0 && !isGap(text, to, index)) {
      if (digits >= minDigits) runs.push(assembled(text, count, from, to, spelled, letters));
      count = 0;
    }
    if (count === 0) {
      // A run starts with a digit (or "+"/"(" before one) or a digit word, never with a lone letter
      // or a "double".
      if (code === LOOK_ALIKES || code === DOUBLE || code === TRIPLE) continue;
      from = index - leadLength(text, index);
      to = index;
      digits = 0;
      spelled = false;
      letters = false;
      repeat = 1;
      newPart = 0;
    } else if (!spelled && splits(text, to, index)) {
      newPart = NEW_PART;
    }
    if (code === DOUBLE || code === TRIPLE) {
      repeat = code === DOUBLE ? 2 : 3;
      spelled = true;
      to = end;
      continue;
    }
    if (code >= 0) spelled = true;
    else if (!letters && !allDigits(text, index, end)) letters = true;
    if ((count + 1) * TOKEN_FIELDS > runTokens.length) {
      const grown = new Int32Array(runTokens.length * 2);
      grown.set(runTokens);
      runTokens = grown;
    }
    const k = count * TOKEN_FIELDS;
    runTokens[k] = index;
    runTokens[k + 1] = end;
    runTokens[k + 2] = code;
    runTokens[k + 3] = repeat + newPart;
    count++;
    digits += (code >= 0 ? 1 : end - index) * repeat;
    repeat = 1;
    newPart = 0;
    to = end;
  }
  if (count !== 0 && digits >= minDigits) runs.push(assembled(text, count, from, to, spelled, letters));
  return runs;
}

/** Digit strings to look for in runs, with their shortest and longest length. */
export interface DigitForms {
  set: Set<string>;
  shortest: number;
  longest: number;
  /**
   * The longest start or end all forms share (a phone's dialled forms all end with its national
   * number): a run whose digits do not hold it holds none of the forms, and most runs are passed
   * over with one substring search instead of a look at each stretch of their tokens.
   */
  core: string;
}

/** The longest start and the longest end that all `forms` share, whichever is longer. */
function sharedEnds(forms: string[]): string {
  let head = forms[0] ?? '';
  let tail = head;
  for (const form of forms) {
    let k = 0;
    while (k < head.length && head.charCodeAt(k) === form.charCodeAt(k)) k++;
    head = head.slice(0, k);
    let j = 0;
    while (
      j < tail.length &&
      j < form.length &&
      tail.charCodeAt(tail.length - 1 - j) === form.charCodeAt(form.length - 1 - j)
    )
      j++;
    tail = tail.slice(tail.length - j);
  }
  return head.length >= tail.length ? head : tail;
}

export function digitForms(forms: Iterable<string>): DigitForms {
  const set = new Set(forms);
  const lengths = [...set].map((form) => form.length);
  return { set, shortest: Math.min(...lengths), longest: Math.max(...lengths), core: sharedEnds([...set]) };
}

/** Tokens of a run read for stretches: a number is never written in more. */
const RUN_TOKENS_READ = 40;

/** True when some whole tokens of the run, in order, read exactly as one of `forms`. */
export function runContains(run: DigitRun, forms: DigitForms): boolean {
  const { set, shortest, longest } = forms;
  const digits = run.digits;
  // Every part and stretch is a piece of the run's digits.
  if (digits.length < shortest || !digits.includes(forms.core)) return false;
  if (set.has(digits)) return true;
  for (const part of run.parts) if (set.has(part)) return true;
  const bounds = run.bounds;
  const last = Math.min(bounds.length, RUN_TOKENS_READ);
  for (let i = 0; i < last; i++) {
    const from = bounds[i] as number;
    for (let j = i + 1; j < last; j++) {
      const length = (bounds[j] as number) - from;
      if (length < shortest) continue;
      if (length > longest) break;
      if (set.has(digits.slice(from, from + length))) return true;
    }
  }
  return false;
}
