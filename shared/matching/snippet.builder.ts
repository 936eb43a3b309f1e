/**
 * Evidence snippets: a short window of the page around a hit, cut at word boundaries, with the hit
 * itself in clear and everything around it that could be someone's personal data masked. Beyond
 * the detected spans, the context loses every digit and capitalised name-like word pairs are
 * reduced to initials: a snippet must never carry a dox along with the match (docs/safety.md §1).
 */
import type { PiiSpan } from './pii.detector.js';

const CONTEXT = 60;
/** A hit longer than this (an encoded blob holding a whole dox) is shortened in the middle. */
const LONGEST_HIT = 120;
const EMAILISH = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+/gu;
/** Two or more capitalised (or all-capital) words in a row read like a person's or a street's name. */
const NAME_RUN =
  /(?<![\p{L}])\p{Lu}[\p{Ll}'’-]+(?:[ \t]+\p{Lu}[\p{Ll}'’-]+)+|(?<![\p{L}])\p{Lu}{3,}(?:[ \t]+\p{Lu}{3,})+(?![\p{L}])/gu;

const DIGIT_WORD = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)';
/** A number spelled out in words ("five oh three, five five five"): digits in disguise. */
const SPELLED_NUMBER = new RegExp(`\\b${DIGIT_WORD}(?:[\\s,.-]+${DIGIT_WORD}){3,}\\b`, 'gi');

/** Masks free context text (no detected span inside). */
function maskContext(text: string): string {
  return text
    .replace(SPELLED_NUMBER, (m) => m.replace(/\p{L}+/gu, '*'))
    .replace(EMAILISH, (m) => `${m.charAt(0)}***@***`)
    .replace(NAME_RUN, (m) =>
      m
        .split(/[ \t]+/)
        .map((w) => `${w.charAt(0)}***`)
        .join(' '),
    )
    .replace(/\p{N}/gu, '*');
}

/** Context with detected spans replaced by their masked form and the rest masked generically. */
function maskSegment(page: string, from: number, to: number, spans: PiiSpan[]): string {
  let out = '';
  let at = from;
  for (const span of spans) {
    if (span.end <= at || span.start >= to) continue;
    out += maskContext(page.slice(at, Math.max(at, span.start)));
    out += `[${span.category}: ${span.masked}]`;
    at = Math.max(at, span.end);
  }
  if (at < to) out += maskContext(page.slice(at, to));
  return out;
}

/** A snippet and where the person's own identifier sits in it ([start, end) offsets). */
export interface Snippet {
  text: string;
  highlights: Array<[number, number]>;
}

/** A piece of a snippet, marked if it is the person's own identifier. */
export interface SnippetPiece {
  text: string;
  mark: boolean;
}

const WHITE_SPACE_RUN = /\s+/g;

/**
 * Joins the snippet's pieces with every run of white space collapsed to one space and the ends
 * trimmed, keeping track of where the highlighted pieces land in the result. `byRuns` false walks
 * the pieces character by character (the former path, kept for the differential test); by runs,
 * one replace per piece, is the same text without a string per character.
 */
export function assemble(pieces: SnippetPiece[], byRuns = true): Snippet {
  let text = '';
  const highlights: Array<[number, number]> = [];
  for (const piece of pieces) {
    const from = text.length;
    if (byRuns) {
      const collapsed = piece.text.replace(WHITE_SPACE_RUN, ' ');
      // A run at the start of a piece joins nothing to the start of the snippet, or to a space.
      const lead = collapsed.charCodeAt(0) === 32 && (text.length === 0 || text.endsWith(' ')) ? 1 : 0;
      text += lead === 0 ? collapsed : collapsed.slice(1);
    } else {
      for (const char of piece.text) {
        if (/\s/.test(char)) {
          if (text.length > 0 && !text.endsWith(' ')) text += ' ';
        } else text += char;
      }
    }
    if (piece.mark && text.length > from) highlights.push([from, text.length]);
  }
  const trimmed = text.trimEnd();
  return {
    text: trimmed,
    highlights: highlights
      .map(([start, end]): [number, number] => {
        // A highlight never starts on the space that joined it to what came before.
        const lead = text.charAt(start) === ' ' ? 1 : 0;
        return [start + lead, Math.min(end, trimmed.length)];
      })
      .filter(([start, end]) => end > start),
  };
}

/**
 * A snippet around `[start, end)` of `page`; `spans` are other people's data (sorted by start).
 * With `parts`, only those pieces of the hit are shown in clear (the rest of it is context).
 */
export function buildSnippet(
  page: string,
  start: number,
  end: number,
  spans: PiiSpan[],
  parts?: Array<[number, number]>,
): Snippet {
  let from = Math.max(0, start - CONTEXT);
  let to = Math.min(page.length, end + CONTEXT);
  // Cut at word boundaries so no half word (or half number) is left at either edge.
  if (from > 0) {
    const space = page.slice(from, start).search(/\s/);
    from = space >= 0 ? from + space + 1 : start;
  }
  if (to < page.length) {
    const tail = page.slice(end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'), tail.lastIndexOf('\t'));
    to = space >= 0 ? end + space : end;
  }
  // A detected span cut by the window would be masked only in part: take it whole.
  for (const span of spans) {
    if (span.start < from && span.end > from && span.end <= start) from = span.start;
    if (span.start < to && span.end > to && span.start >= end) to = span.end;
  }
  const pieces: SnippetPiece[] = [
    { text: from > 0 ? '…' : '', mark: false },
    { text: maskSegment(page, from, start, spans), mark: false },
  ];
  if (parts && parts.length > 0) {
    let at = start;
    for (const [from2, to2] of parts) {
      pieces.push({ text: maskSegment(page, at, Math.max(at, from2), spans), mark: false });
      pieces.push({ text: page.slice(Math.max(at, from2), to2), mark: true });
      at = Math.max(at, to2);
    }
    pieces.push({ text: maskSegment(page, at, end, spans), mark: false });
  } else if (end - start > LONGEST_HIT) {
    // A hit this long is an encoded blob (base64, hex) holding more than the identifier, often a
    // whole dox: none of it is shown, not even in part, since any slice of it can be decoded.
    pieces.push({ text: `[encoded text, ${end - start} characters]`, mark: true });
  } else {
    pieces.push({ text: page.slice(start, end), mark: true });
  }
  pieces.push({ text: maskSegment(page, end, to, spans), mark: false });
  pieces.push({ text: to < page.length ? '…' : '', mark: false });
  return assemble(pieces);
}
