/**
 * Sorted, merged `[start, end)` ranges: the windows searched around anchors, and the answer to "does
 * this overlap any of them?" in log time (other people's data against the subject's hits, a card
 * number against the ids found around it). A page may hold hundreds of thousands of either, so
 * comparing every pair would be quadratic.
 */
export type Ranges = ReadonlyArray<readonly [number, number]>;

export function mergeRanges(spans: Iterable<{ start: number; end: number }>): Ranges {
  const sorted = Array.from(spans, (s): [number, number] => [s.start, s.end]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

export function overlapsAny(ranges: Ranges, start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = ranges[mid] as readonly [number, number];
    if (e <= start) lo = mid + 1;
    else if (s >= end) hi = mid - 1;
    else return true;
  }
  return false;
}
