/**
 * The digit-run assembly as it was before the fused scan (issue 15): one token object at a time from
 * `nextToken`, each read into strings as it comes. Kept as the reference the fast `findDigitRuns` is
 * pinned to on random and hostile text; the word table, the token scanner and the gap units are the
 * production ones, so only the assembly is compared.
 */
import { WORD_DIGITS, isGap, leadLength, nextToken, splits } from '../../shared/matching/digit-runs.js';
import type { DigitRun } from '../../shared/matching/digit-runs.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

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

export function findDigitRunsReference(text: string, minDigits = 7): DigitRun[] {
  const runs: DigitRun[] = [];
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

/**
 * Whether some whole tokens of a run read as one of `forms`, every stretch of its first 40 tokens
 * looked at: `runContains` as it was before it passed over runs lacking the forms' shared core.
 */
export function runContainsReference(run: DigitRun, forms: Set<string>): boolean {
  if (forms.has(run.digits) || run.parts.some((part) => forms.has(part))) return true;
  const last = Math.min(run.bounds.length, 40);
  for (let i = 0; i < last; i++)
    for (let j = i + 1; j < last; j++)
      if (forms.has(run.digits.slice(run.bounds[i], run.bounds[j]))) return true;
  return false;
}
