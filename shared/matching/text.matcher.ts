/**
 * Matches one page of text against a compiled profile. The key projection of each reading of the
 * page (plain, rot13, reversed, decoded) is searched once for the anchors of every identifier;
 * each identifier's patterns then run in windows around its anchors and `confirm` rules on each
 * match. Number matchers read the page's digit runs and dates, found once and shared. Keeps the
 * best hit per identifier, detects other people's data, and builds masked snippets.
 */
import { POSSIBLE_NAMESAKE } from '../domain/page.js';
import type { MatchHit, NamesakeReason, OtherPii, TextMatchResult } from '../domain/page.js';
import { cutReversedWindow, cutWindow, findCandidates, mergeWindows } from './anchor.index.js';
import { transliteratedHits } from './cyrillic.transliteration.js';
import type { Candidate, FoldedWindow } from './anchor.index.js';
import { foldValue } from './fold.normalizer.js';
import type { FoldedText } from './fold.normalizer.js';
import { mergeRanges, overlapsAny } from './intervals.js';
import type { Ranges } from './intervals.js';
import { projectKey, projectKeys } from './key.projection.js';
import type { Hit, IdentifierMatcher, WrittenWhen } from './matcher.types.js';
import { contradiction, nameContext, personFacts } from './namesake.js';
import type { Day, PersonFacts } from './namesake.js';
import { detectPii } from './pii.detector.js';
import type { PiiSpan } from './pii.detector.js';
import type { CompiledProfile, OwnKeys } from './profile.compiler.js';
import { buildSnippet } from './snippet.builder.js';
import { buildViews, reversed, rot13 } from './text.views.js';
import type { TextView, ViewKind } from './text.views.js';

interface FoundHit extends Hit {
  matcher: IdentifierMatcher;
}

/** A hit and its matcher in one object of one shape (a spread copies by whatever shape the hit has). */
const foundHit = (hit: Hit, matcher: IdentifierMatcher): FoundHit => ({
  start: hit.start,
  end: hit.end,
  method: hit.method,
  confidence: hit.confidence,
  parts: hit.parts,
  matcher,
});

/** A reading searched for anchors: its folded text and how to cut a window of it. */
interface Reading {
  kind: ViewKind;
  folded: FoldedText;
  cut(from: number, to: number): FoldedWindow;
}

function readingsOf(plain: TextView, decoded: TextView[]): Reading[] {
  const full = plain.full;
  return [
    { kind: 'plain', folded: full, cut: (from, to) => cutWindow(full, from, to) },
    {
      kind: 'rot13',
      folded: full,
      cut: (from, to) => {
        const window = cutWindow(full, from, to);
        return { ...window, slice: { ...window.slice, text: rot13(window.slice.text) } };
      },
    },
    { kind: 'reversed', folded: full, cut: (from, to) => cutReversedWindow(full, from, to, reversed) },
    ...decoded.map((view): Reading => ({
      kind: view.kind,
      folded: view.full,
      cut: (from, to) => cutWindow(view.full, from, to),
    })),
  ];
}

/** Candidate spans per reading and matcher. */
function candidates(
  profile: CompiledProfile,
  readings: Reading[],
): Map<Reading, Map<IdentifierMatcher, Array<[number, number]>>> {
  const out = new Map<Reading, Map<IdentifierMatcher, Array<[number, number]>>>();
  const add = (reading: Reading, matcher: IdentifierMatcher, from: number, to: number): void => {
    let byMatcher = out.get(reading);
    if (!byMatcher) out.set(reading, (byMatcher = new Map()));
    const spans = byMatcher.get(matcher);
    if (spans) spans.push([from, to]);
    else byMatcher.set(matcher, [[from, to]]);
  };
  const [plain, rotated, backwards, ...decoded] = readings as [Reading, Reading, Reading, ...Reading[]];
  const index = profile.anchors;
  if (index) {
    const collect = (found: Candidate[], forward: Reading): void => {
      for (const { entry, from, to } of found)
        add(entry.reversed ? backwards : forward, entry.matcher, from, to);
    };
    const keys = projectKeys(plain.folded.text, true, plain.folded.ascii);
    collect(findCandidates(index, keys.plain, true), plain);
    if (keys.rot13) collect(findCandidates(index, keys.rot13, false), rotated);
    for (const reading of decoded)
      collect(findCandidates(index, projectKey(reading.folded.text), false), reading);
  }
  // A matcher with patterns but no usable anchor (a value without letters) searches everything.
  for (const matcher of profile.matchers) {
    if (matcher.patterns.length === 0 || matcher.anchors.length > 0) continue;
    for (const reading of readings) add(reading, matcher, 0, reading.folded.text.length);
  }
  return out;
}

function patternHits(
  profile: CompiledProfile,
  plain: TextView,
  decoded: TextView[],
  page: string,
): FoundHit[] {
  const hits: FoundHit[] = [];
  const readings = readingsOf(plain, decoded);
  for (const [reading, byMatcher] of candidates(profile, readings)) {
    const length = reading.folded.text.length;
    for (const [matcher, spans] of byMatcher) {
      const compiled = profile.patterns.get(matcher) ?? [];
      for (const [from, to] of mergeWindows(spans, matcher.reach, length)) {
        const window = reading.cut(from, to);
        const view: TextView = { kind: reading.kind, full: window.slice, light: window.slice };
        const text = window.slice.text;
        for (const { pattern, regex } of compiled) {
          // Several matches may start inside one another (as in the old single alternation), so
          // the search resumes one unit after each match start, not after the match.
          regex.lastIndex = window.lo;
          let m: RegExpExecArray | null;
          while ((m = regex.exec(text)) !== null && m.index < window.hi) {
            const end = m.index + m[0].length;
            if (end <= window.hi) {
              const hit = matcher.confirm?.({ view, page, from: m.index, to: end, pattern });
              if (hit) hits.push(foundHit(hit, matcher));
            }
            regex.lastIndex = m.index + 1;
          }
        }
      }
      if (reading.kind === 'plain' && matcher.fieldScan) {
        for (const [from, to] of mergeWindows(spans, matcher.fieldReach ?? matcher.reach, length)) {
          const window = reading.cut(from, to);
          const view: TextView = { kind: 'plain', full: window.slice, light: window.slice };
          for (const hit of matcher.fieldScan(view, window.lo, window.hi)) hits.push(foundHit(hit, matcher));
        }
      }
    }
  }
  return hits;
}

/** Whether a detected span is the subject's own data (matched there, or equal to an identifier). */
function isOwn(span: PiiSpan, own: OwnKeys, hits: Ranges): boolean {
  if (overlapsAny(hits, span.start, span.end)) return true;
  if (own.emails.has(span.key) || own.phones.has(span.key)) return true;
  if (span.category === 'dob')
    return span.key
      .slice(4)
      .split('|')
      .some((d) => own.dates.has(d));
  if (span.category === 'name') {
    // The same person, also without a middle name: first and last word agree.
    const words = foldValue(span.key.slice(5)).split(/\s+/);
    return own.names.some(({ first, last }) => first === words[0] && last === words[words.length - 1]);
  }
  return false;
}

function better(a: FoundHit, b: FoundHit): boolean {
  return a.confidence > b.confidence || (a.confidence === b.confidence && a.start < b.start);
}

/** Another mention of a contradicted name is looked at up to this many times (a page may repeat it). */
const NAMESAKE_RETRIES = 32;
/** How much surer a plain match is than one its page says is somebody else's. */
const NAMESAKE_CONFIDENCE = 0.5;

const factsCache = new WeakMap<CompiledProfile, PersonFacts>();

/**
 * Names (the person's own, not relatives') whose page contradicts the person: the best hit of such
 * a name is replaced by another mention nothing contradicts, if there is one, and otherwise kept and
 * reported as a possible namesake with what the page says.
 */
function findNamesakes(
  profile: CompiledProfile,
  text: string,
  all: FoundHit[],
  best: Map<string, FoundHit>,
  written: WrittenWhen,
): Map<string, NamesakeReason> {
  const out = new Map<string, NamesakeReason>();
  const names = [...best].filter(([, hit]) => hit.matcher.identifier.kind === 'name');
  if (names.length === 0) return out;
  let facts = factsCache.get(profile);
  if (!facts) factsCache.set(profile, (facts = personFacts(profile.identifiers)));
  const { date, known } = written;
  const day: Day = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    known,
  };
  const contradicted = (hit: FoundHit): NamesakeReason | undefined =>
    contradiction(nameContext(text, hit.start, hit.end), facts, day);
  for (const [id, hit] of names) {
    const reason = contradicted(hit);
    if (reason === undefined) continue;
    const others = all
      .filter((other) => other.matcher === hit.matcher && other !== hit)
      .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
      .slice(0, NAMESAKE_RETRIES);
    const plain = others.find((other) => contradicted(other) === undefined);
    if (plain) best.set(id, plain);
    else out.set(id, reason);
  }
  return out;
}

export interface MatchOptions {
  /**
   * `always` (the default): other people's data is listed for every text, as the match contract
   * reports it. `with-matches`: only for a text that matched, the only case a finding keeps it; a
   * text without a match then costs no detection at all.
   */
  otherPii?: 'always' | 'with-matches';
  /** Today, to tell the person's age from their date of birth; the clock by default. */
  today?: Date;
  /**
   * The day the post was written, when the source gives it; an age said in the text ("turns 35 on
   * 23 July") is read against it, or failing it against `today` (the day the page is fetched).
   */
  writtenOn?: Date;
}

export function matchText(
  profile: CompiledProfile,
  text: string,
  options: MatchOptions = {},
): TextMatchResult {
  const views = buildViews(text);
  const all: FoundHit[] = patternHits(profile, views.plain, views.decoded, text);
  // Digits survive rot13, and reversed numbers are read on the plain digit runs; only written dates
  // need the rot13 reading (month names), built when a date matcher asks.
  const scanned = [views.plain, ...views.decoded];
  const written: WrittenWhen = options.writtenOn
    ? { date: options.writtenOn, known: 'post' }
    : { date: options.today ?? new Date(), known: 'fetch' };
  for (const matcher of profile.matchers) {
    if (!matcher.scan) continue;
    const rotated = matcher.identifier.kind === 'dob' ? views.rot13Dates() : undefined;
    const readings = rotated ? [...scanned, rotated] : scanned;
    for (const view of readings)
      for (const hit of matcher.scan(view, text, written)) all.push(foundHit(hit, matcher));
  }
  // Names and handles written in Cyrillic by sound (only on a page with Cyrillic letters).
  for (const hit of transliteratedHits(profile.matchers, text)) all.push(hit);
  const best = new Map<string, FoundHit>();
  for (const hit of all) {
    const id = hit.matcher.identifier.id;
    const current = best.get(id);
    if (!current || better(hit, current)) best.set(id, hit);
  }

  if (best.size === 0 && options.otherPii === 'with-matches') return { matches: [], otherPii: [] };
  const namesakes = findNamesakes(profile, text, all, best, written);
  const spans = detectPii(text, views.plain, profile.region).sort(
    (a, b) => a.start - b.start || b.end - a.end,
  );
  const hitRanges = mergeRanges(all);
  const others = spans.filter((span) => !isOwn(span, profile.own, hitRanges));

  const matches: MatchHit[] = profile.identifiers.flatMap((identifier) => {
    const hit = best.get(identifier.id);
    if (!hit) return [];
    const snippet = buildSnippet(text, hit.start, hit.end, others, hit.parts);
    const namesake = namesakes.get(identifier.id);
    const confidence = namesake === undefined ? hit.confidence : hit.confidence * NAMESAKE_CONFIDENCE;
    return [
      {
        identifierId: identifier.id,
        kind: identifier.kind,
        method: namesake === undefined ? hit.method : POSSIBLE_NAMESAKE,
        confidence: Math.round(confidence * 100) / 100,
        ...(namesake === undefined ? {} : { namesake }),
        snippet: snippet.text,
        highlights: snippet.highlights,
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
