/**
 * A global regex search tried only where a match can start. Many detectors look for something
 * that starts at a number, a ":" or a word few pages hold; the engine trying their pattern at every
 * position of the page costs more than finding those few places first (issue 15). The places are
 * the caller's to find; this file keeps the answers those of the global search.
 */

/** The sticky twin of a global pattern: the same pattern, tried at one position only. */
export function stickyOf(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y');
}

/**
 * The matches `text.matchAll(global)` finds (leftmost first, each search resuming where the last
 * match ended), with `sticky` (`stickyOf(global)`) tried at `starts` only: ascending positions that
 * hold every position where a match can start.
 */
export function matchesAt(sticky: RegExp, text: string, starts: Iterable<number>): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let resume = 0;
  for (const at of starts) {
    if (at < resume) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    found.push(m);
    // An empty match moves a global search one position on.
    resume = at + Math.max(1, m[0].length);
  }
  return found;
}

/** Two ascending lists as one, without repeats. */
export function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    const next = Math.min(x, y);
    if (out[out.length - 1] !== next) out.push(next);
    if (x === next) i++;
    if (y === next) j++;
  }
  return out;
}

/**
 * The UTF-16 unit at `at`, or -1 outside the text. The scans around number starts read past either
 * end of a page (the unit after a number that ends it, the unit before one that starts it), where
 * `charCodeAt` answers NaN; V8 then recompiles the scan to carry NaN, several times slower on every
 * unit it reads after.
 */
export function unitAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? text.charCodeAt(at) : -1;
}
