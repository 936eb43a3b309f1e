/**
 * Splits a snippet into plain and highlighted runs from [start, end) offsets. The offsets come from
 * the matcher through stored reports, so they are not trusted: ranges past the end are clipped, empty
 * or inverted ones dropped, overlapping or touching ones merged, and an offset that would cut a
 * surrogate pair in half is moved to the pair's edge (half a character would render as garbage).
 */

export interface SnippetRun {
  text: string;
  highlighted: boolean;
}

export function highlightRuns(
  snippet: string,
  highlights: ReadonlyArray<readonly [number, number]>,
): SnippetRun[] {
  const ranges = mergeRanges(
    highlights
      .map(
        ([start, end]) =>
          [widenStart(snippet, clip(start, snippet)), widenEnd(snippet, clip(end, snippet))] as const,
      )
      .filter(([start, end]) => end > start),
  );
  const runs: SnippetRun[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) runs.push({ text: snippet.slice(at, start), highlighted: false });
    runs.push({ text: snippet.slice(start, end), highlighted: true });
    at = end;
  }
  if (at < snippet.length || runs.length === 0) runs.push({ text: snippet.slice(at), highlighted: false });
  return runs;
}

function clip(offset: number, snippet: string): number {
  if (!Number.isFinite(offset)) return offset > 0 ? snippet.length : 0;
  return Math.min(Math.max(0, Math.trunc(offset)), snippet.length);
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function widenStart(snippet: string, offset: number): number {
  return offset > 0 && isLowSurrogate(snippet.charCodeAt(offset)) ? offset - 1 : offset;
}

function widenEnd(snippet: string, offset: number): number {
  return offset < snippet.length && isLowSurrogate(snippet.charCodeAt(offset)) ? offset + 1 : offset;
}

function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  const sorted = [...ranges].filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
