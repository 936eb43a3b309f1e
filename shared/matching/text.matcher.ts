/**
 * Matches one page of text against a compiled profile: every reading of the page (plain, decoded,
 * reversed) goes through the combined regex once; candidates are confirmed per identifier; number
 * matchers tokenise the digit-preserving fold. Keeps the best hit per identifier, detects other
 * people's data, and builds masked snippets.
 */
import type { MatchHit, OtherPii, TextMatchResult } from '../domain/page.js';
import { foldValue } from './fold.normalizer.js';
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import { detectPii } from './pii.detector.js';
import type { PiiSpan } from './pii.detector.js';
import type { CompiledProfile, OwnKeys } from './profile.compiler.js';
import { buildSnippet } from './snippet.builder.js';
import { buildViews } from './text.views.js';
import type { TextView } from './text.views.js';

interface FoundHit extends Hit {
  matcher: IdentifierMatcher;
}

function patternHits(profile: CompiledProfile, view: TextView, page: string): FoundHit[] {
  const hits: FoundHit[] = [];
  const combined = profile.combined;
  if (!combined) return hits;
  const text = view.full.text;
  combined.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = combined.exec(text)) !== null) {
    const at = m.index;
    // Several identifiers may start at the same place (or inside one another's match), so every
    // pattern is tried here, and the search resumes one unit further rather than after the match.
    for (const compiled of profile.patterns) {
      compiled.sticky.lastIndex = at;
      const own = compiled.sticky.exec(text);
      if (!own) continue;
      const hit = compiled.matcher.confirm?.({
        view,
        page,
        from: at,
        to: at + own[0].length,
        pattern: compiled.pattern,
      });
      if (hit) hits.push({ ...hit, matcher: compiled.matcher });
    }
    combined.lastIndex = at + 1;
  }
  return hits;
}

/** Sorted, merged spans of every hit, to ask "does this overlap a hit?" in log time. */
function hitIntervals(hits: FoundHit[]): Array<[number, number]> {
  const sorted = hits.map((h): [number, number] => [h.start, h.end]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function overlaps(intervals: Array<[number, number]>, start: number, end: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = intervals[mid] as [number, number];
    if (e <= start) lo = mid + 1;
    else if (s >= end) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Whether a detected span is the subject's own data (matched there, or equal to an identifier). */
function isOwn(span: PiiSpan, own: OwnKeys, intervals: Array<[number, number]>): boolean {
  if (overlaps(intervals, span.start, span.end)) return true;
  if (own.emails.has(span.key) || own.phones.has(span.key)) return true;
  if (span.category === 'dob')
    return span.key
      .slice(4)
      .split('|')
      .some((d) => own.dates.has(d));
  if (span.category === 'name') {
    // The same person, also without a middle name: first and last word agree.
    const words = foldValue(span.key.slice(5)).split(/\s+/);
    return own.names.some((name) => {
      const parts = name.split(/\s+/);
      return parts[0] === words[0] && parts[parts.length - 1] === words[words.length - 1];
    });
  }
  return false;
}

function better(a: FoundHit, b: FoundHit): boolean {
  return a.confidence > b.confidence || (a.confidence === b.confidence && a.start < b.start);
}

export function matchText(profile: CompiledProfile, text: string): TextMatchResult {
  const views = buildViews(text);
  const all: FoundHit[] = [];
  for (const view of views) {
    all.push(...patternHits(profile, view, text));
    for (const matcher of profile.matchers) {
      if (!matcher.scan) continue;
      for (const hit of matcher.scan(view, text)) all.push({ ...hit, matcher });
    }
  }
  const best = new Map<string, FoundHit>();
  for (const hit of all) {
    const id = hit.matcher.identifier.id;
    const current = best.get(id);
    if (!current || better(hit, current)) best.set(id, hit);
  }

  const spans = detectPii(text, views[0] as TextView, profile.region).sort(
    (a, b) => a.start - b.start || b.end - a.end,
  );
  const intervals = hitIntervals(all);
  const others = spans.filter((span) => !isOwn(span, profile.own, intervals));

  const matches: MatchHit[] = profile.identifiers.flatMap((identifier) => {
    const hit = best.get(identifier.id);
    if (!hit) return [];
    return [
      {
        identifierId: identifier.id,
        kind: identifier.kind,
        method: hit.method,
        confidence: Math.round(hit.confidence * 100) / 100,
        snippet: buildSnippet(text, hit.start, hit.end, others, hit.parts),
      },
    ];
  });

  const seen = new Set<string>();
  const otherPii: OtherPii[] = [];
  for (const span of others) {
    const key = `${span.category}|${span.masked}|${span.key}`;
    if (seen.has(span.key) || seen.has(key)) continue;
    seen.add(span.key);
    seen.add(key);
    otherPii.push({ category: span.category, masked: span.masked });
  }
  return { matches, otherPii };
}
