/**
 * Finds runs of phone-like digits in the light fold of a page (digits kept, case folded,
 * full-width digits already ASCII, zero-width characters gone), reading digits written as words
 * ("five oh three") and letters typed for digits (O for 0, l/I for 1) inside a run.
 */

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
const WORD_DIGITS = new Map(
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
/** Digit words by their first letter: compared in place, without cutting every word out of the page. */
const DIGIT_WORDS_BY_INITIAL: Array<string[] | undefined> = [];
for (const word of DIGIT_WORDS) (DIGIT_WORDS_BY_INITIAL[word.charCodeAt(0)] ??= []).push(word);

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

/** `-`, `.` or white space up to a digit: "O-" in "O-555" stands before a number. */
function digitFollows(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) return true;
    if (c !== 45 && c !== 46 && !SPACE.test(text.charAt(i))) return false;
  }
  return false;
}

/**
 * The end of the token starting at `p` (not preceded by a letter or digit), or -1. A token is, in
 * this order of preference: a chunk of digits mixed with O/l/I/| look-alikes, holding a digit; one or
 * two look-alikes right before a number ("O-555"); a digit word. Every token ends where no letter or
 * digit follows. Written as a loop rather than one regex tried at every position of the page: the
 * page is mostly words, and only their first letters need a look.
 */
function tokenEnd(text: string, p: number): number {
  const first = text.charCodeAt(p);
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
      for (let k = most; k >= 1; k--) if (!wordAt(text, p + k) && digitFollows(text, p + k)) return p + k;
    }
  }
  const words = DIGIT_WORDS_BY_INITIAL[first];
  if (!words) return -1;
  const second = text.charCodeAt(p + 1);
  for (const word of words) {
    // Most words share only their first letter with a digit word: the second tells, without a call.
    if (word.length > 1 && word.charCodeAt(1) !== second) continue;
    if (text.startsWith(word, p) && !wordAt(text, p + word.length)) return p + word.length;
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
 * For a letter that may start a token, the ASCII units that may follow it in one: the second letter
 * of a digit word ("th" for three), and after a look-alike a digit, another look-alike, or a non-word
 * unit (a chunk like "l0l", a look-alike before a number, the word "o"). "it", "is", "of" and most
 * other words fail this, and tokenEnd is never called for them.
 */
const MAY_CONTINUE = new Uint8Array(0x80 * 0x80);
const allow = (first: string, next: number): void => {
  MAY_CONTINUE[first.charCodeAt(0) * 0x80 + next] = 1;
};
for (const word of DIGIT_WORDS) {
  if (word.length > 1) allow(word, word.charCodeAt(1));
  // A one-letter word ("o") ends where a non-word unit follows.
  else for (let c = 0; c < 0x80; c++) if (WORDISH[c] !== 1) allow(word, c);
}
for (const lookAlike of 'oli') {
  for (let c = 0; c < 0x80; c++) {
    if (WORDISH[c] !== 1 || isDigit(c) || isLookAlike(c)) allow(lookAlike, c);
  }
}

/** Whether the token scanner must look at the word starting at `i` with the ASCII unit `c`. */
function mayBeToken(text: string, i: number, c: number): boolean {
  if (MAY_START[c] !== 1) return false;
  if (isDigit(c) || c === 124) return true;
  const next = text.charCodeAt(i + 1);
  // The end of the text, or a non-ASCII unit next: tokenEnd decides.
  return !(next < 0x80) || MAY_CONTINUE[c * 0x80 + next] === 1;
}

/** The first token at or after `from`, as a global search for tokens would find it. */
export function nextToken(text: string, from: number): { index: number; token: string } | undefined {
  let afterWord = wordBefore(text, from);
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // The common case, kept to one table lookup per unit.
      if (!afterWord && mayBeToken(text, i, c)) {
        const end = tokenEnd(text, i);
        if (end > i) return { index: i, token: text.slice(i, end) };
      }
      afterWord = WORDISH[c] === 1;
      continue;
    }
    // Only a digit, a lowercase letter or "|" starts a token, and never inside a word: no non-ASCII
    // unit starts one. The second half of a surrogate pair was classified with its first half.
    if (!(isLowSurrogate(c) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) afterWord = wordAt(text, i);
  }
  return undefined;
}

// A line break ends a run: a number and the timestamp on the next line are not one number.
const GAP_UNITS = new Set([...' \t-.()/+,;–'].map((c) => c.charCodeAt(0)));
const MAX_GAP = 4;

/** Whether `text[from, to)` may stand between two tokens of one run (at most 4 of GAP_UNITS). */
function isGap(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  for (let i = from; i < to; i++) if (!GAP_UNITS.has(text.charCodeAt(i))) return false;
  return true;
}

/** Whether a gap holds a ",", ";" or "/": two numbers listed one after the other. */
function splits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 59 || c === 47) return true;
  }
  return false;
}

const isLeadMark = (c: number): boolean => c === 43 || c === 40;

/** How many units before a run's first token belong to it: a "+" or "(", maybe a space after it. */
function leadLength(text: string, index: number): number {
  if (index >= 1 && isLeadMark(text.charCodeAt(index - 1))) return 1;
  if (index >= 2 && SPACE.test(text.charAt(index - 1)) && isLeadMark(text.charCodeAt(index - 2))) return 2;
  return 0;
}

/** The digits a chunk token reads as: o for 0, l, i and | for 1. */
function chunkDigits(token: string): string {
  for (let i = 0; i < token.length; i++) {
    if (!isDigit(token.charCodeAt(i))) return token.replace(/o/g, '0').replace(/[li|]/g, '1');
  }
  return token;
}

const hasDigit = (token: string): boolean => {
  for (let i = 0; i < token.length; i++) if (isDigit(token.charCodeAt(i))) return true;
  return false;
};

const memo = new WeakMap<object, DigitRun[]>();

/** `findDigitRuns` once per folded text, however many phone identifiers ask. */
export function digitRunsOf(folded: { text: string }): DigitRun[] {
  let runs = memo.get(folded);
  if (!runs) {
    runs = findDigitRuns(folded.text);
    memo.set(folded, runs);
  }
  return runs;
}

/** Every run with at least `minDigits` digits. */
export function findDigitRuns(text: string, minDigits = 7): DigitRun[] {
  const runs: DigitRun[] = [];
  // One run under construction, reused: most runs (a post number, a time) end short and are dropped,
  // and need no objects of their own.
  const current = {
    active: false,
    from: 0,
    to: 0,
    bounds: [] as number[],
    digits: '',
    parts: [] as string[],
    spelled: false,
    letters: false,
    plain: true,
    repeat: 1,
  };
  const flush = (): void => {
    if (current.active && current.digits.length >= minDigits) {
      runs.push({
        digits: current.digits,
        from: current.from,
        to: current.to,
        parts: current.parts.filter((p) => p.length > 0),
        bounds: current.bounds.slice(),
        spelled: current.spelled,
        letters: current.letters,
        plain: current.plain,
      });
    }
    current.active = false;
  };
  for (let found = nextToken(text, 0); found; found = nextToken(text, found.index + found.token.length)) {
    const { index, token } = found;
    if (current.active && !isGap(text, current.to, index)) flush();
    if (!current.active) {
      // A run starts with a digit (or "+"/"(" before one) or a digit word, never with a lone letter.
      if (!hasDigit(token) && !WORD_DIGITS.has(token)) continue;
      current.active = true;
      current.from = index - leadLength(text, index);
      current.to = index;
      current.bounds.length = 0;
      current.bounds.push(0);
      current.digits = '';
      current.parts.length = 0;
      current.parts.push('');
      current.spelled = false;
      current.letters = false;
      current.plain = true;
      current.repeat = 1;
    } else if (!current.spelled && splits(text, current.to, index)) {
      current.parts.push('');
    }
    let read: string;
    if (token === 'double' || token === 'triple') {
      current.repeat = token === 'double' ? 2 : 3;
      current.spelled = true;
      current.plain = false;
      current.to = index + token.length;
      continue;
    } else if (WORD_DIGITS.has(token)) {
      read = WORD_DIGITS.get(token) as string;
      current.spelled = true;
      current.plain = false;
    } else {
      read = chunkDigits(token);
      if (read !== token) {
        current.letters = true;
        current.plain = false;
      }
    }
    if (current.repeat > 1) read = read.repeat(current.repeat);
    current.repeat = 1;
    current.digits += read;
    current.bounds.push(current.digits.length);
    current.parts[current.parts.length - 1] += read;
    current.to = index + token.length;
  }
  flush();
  return runs;
}

/** Digit strings to look for in runs, with their shortest and longest length. */
export interface DigitForms {
  set: Set<string>;
  shortest: number;
  longest: number;
}

export function digitForms(forms: Iterable<string>): DigitForms {
  const set = new Set(forms);
  const lengths = [...set].map((form) => form.length);
  return { set, shortest: Math.min(...lengths), longest: Math.max(...lengths) };
}

/** True when some whole tokens of the run, in order, read exactly as one of `forms`. */
export function runContains(run: DigitRun, forms: DigitForms): boolean {
  const { set, shortest, longest } = forms;
  if (set.has(run.digits) || run.parts.some((p) => set.has(p))) return true;
  const bounds = run.bounds;
  const last = Math.min(bounds.length, 40);
  for (let i = 0; i < last; i++) {
    const from = bounds[i] as number;
    for (let j = i + 1; j < last; j++) {
      const length = (bounds[j] as number) - from;
      if (length < shortest) continue;
      if (length > longest) break;
      if (set.has(run.digits.slice(from, from + length))) return true;
    }
  }
  return false;
}

/**
 * Every digit string a run can be found as by `runContains` (its digits, its parts, and the digits
 * of every stretch of whole tokens among its first 40), mapped to the runs holding it. Built once per
 * list of runs, however many phone numbers a profile has: each then looks its dialled forms up
 * instead of walking every run.
 */
export type RunIndex = Map<string, number[]>;

const RUN_TOKENS_READ = 40;
const indexes = new WeakMap<DigitRun[], RunIndex>();

export function runIndexOf(runs: DigitRun[]): RunIndex {
  let index = indexes.get(runs);
  if (index) return index;
  index = new Map();
  const add = (key: string, run: number): void => {
    const list = index!.get(key);
    if (!list) index!.set(key, [run]);
    else if (list[list.length - 1] !== run) list.push(run);
  };
  runs.forEach((run, r) => {
    add(run.digits, r);
    for (const part of run.parts) add(part, r);
    const bounds = run.bounds;
    const last = Math.min(bounds.length, RUN_TOKENS_READ);
    for (let i = 0; i < last; i++)
      for (let j = i + 1; j < last; j++) add(run.digits.slice(bounds[i], bounds[j]), r);
  });
  indexes.set(runs, index);
  return index;
}

/** Indexes of the runs that hold one of `forms`, as `runContains` would find them. */
export function runsHolding(index: RunIndex, forms: DigitForms): Set<number> {
  const found = new Set<number>();
  for (const form of forms.set) for (const run of index.get(form) ?? []) found.add(run);
  return found;
}
