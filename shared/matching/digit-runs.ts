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

const WORD_DIGITS: Record<string, string> = {
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
};

// One token: a chunk of digits possibly mixed with O/l/I look-alikes, or a digit word.
const TOKEN =
  /(?<![\p{L}\p{N}])(?:[0-9oli|]*[0-9][0-9oli|]*|[oli|]{1,2}(?=[-.\s]*[0-9])|zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|double|triple)(?![\p{L}\p{N}])/gu;
// A line break ends a run: a number and the timestamp on the next line are not one number.
const GAP = /^[ \t\-.()/+,;–]{0,4}$/;
const SPLITTING = /[,;/]/;

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
  let current:
    | {
        from: number;
        to: number;
        bounds: number[];
        digits: string;
        parts: string[];
        spelled: boolean;
        letters: boolean;
        plain: boolean;
        repeat: number;
      }
    | undefined;
  const flush = (): void => {
    if (current && current.digits.length >= minDigits) {
      runs.push({
        digits: current.digits,
        from: current.from,
        to: current.to,
        parts: current.parts.filter((p) => p.length > 0),
        bounds: current.bounds,
        spelled: current.spelled,
        letters: current.letters,
        plain: current.plain,
      });
    }
    current = undefined;
  };
  TOKEN.lastIndex = 0;
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    const gap = current ? text.slice(current.to, m.index) : '';
    if (current && !GAP.test(gap)) flush();
    if (!current) {
      // A run starts with a digit (or "+"/"(" before one) or a digit word, never with a lone letter.
      if (!/[0-9]/.test(token) && !(token in WORD_DIGITS)) continue;
      const lead = text.slice(Math.max(0, m.index - 2), m.index).match(/[+(]\s?$/);
      current = {
        from: m.index - (lead ? lead[0].length : 0),
        to: m.index,
        bounds: [0],
        digits: '',
        parts: [''],
        spelled: false,
        letters: false,
        plain: true,
        repeat: 1,
      };
    } else if (SPLITTING.test(gap) && !current.spelled) {
      current.parts.push('');
    }
    let read: string;
    if (token === 'double' || token === 'triple') {
      current.repeat = token === 'double' ? 2 : 3;
      current.spelled = true;
      current.plain = false;
      current.to = m.index + token.length;
      continue;
    } else if (token in WORD_DIGITS) {
      read = WORD_DIGITS[token] as string;
      current.spelled = true;
      current.plain = false;
    } else {
      read = token.replace(/o/g, '0').replace(/[li|]/g, '1');
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
    current.to = m.index + token.length;
  }
  flush();
  return runs;
}

/** True when some whole tokens of the run, in order, read exactly as one of `forms`. */
export function runContains(run: DigitRun, forms: Set<string>): boolean {
  if (forms.has(run.digits) || run.parts.some((p) => forms.has(p))) return true;
  const bounds = run.bounds.slice(0, 40);
  for (let i = 0; i < bounds.length; i++) {
    for (let j = i + 1; j < bounds.length; j++) {
      if (forms.has(run.digits.slice(bounds[i], bounds[j]))) return true;
    }
  }
  return false;
}
