/**
 * Names (the person's own and relatives'): full name, without the middle name, surname first,
 * initials with the surname, a standard short form of the given name, leetspeak and look-alikes,
 * or the parts in labelled fields of a dox template ("First name: …" / "Last name: …").
 * The same given name with another surname, or the two halves in unrelated sentences, is no match.
 */
import type { Identifier } from '../domain/identifier.js';
import { foldValue } from './fold.normalizer.js';
import { classifyHit, usesLeet } from './hit.classifier.js';
import { keyVariants } from './anchor.index.js';
import { nicknamesOf } from './nicknames.data.js';
import { NOT_AFTER, NOT_BEFORE, wordUnits } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';
import type { TextView } from './text.views.js';

const GAP = '[ \\t]{1,3}';
/** One line break between given name and surname (a hard-wrapped paste), not a blank line. */
const LINE_BREAK = '[ \\t]*\\r?\\n[ \\t]*';
/** One line break, or a `<br>` left as text in a paste (a page's own markup is gone by now). */
const BREAK_OR_BR = `(?:${LINE_BREAK}|[ \\t]*<br[ \\t]*/?>(?:${LINE_BREAK}|[ \\t]*))`;
// Labels of dox templates in English, German and French (folded: "Prénom" reads "prenom").
const FIRST_LABEL = '(?:(?:first|given|fore|vor|christian)[ \\t_-]?name|first|prenom)';
const LAST_LABEL = '(?:(?:last|family|nach)[ \\t_-]?name|surname|nom(?:[ \\t]de[ \\t]famille)?)';
const FIELD_SEP = '[ \\t]*[:=][ \\t]*';
/** How far apart the fields of one dox template may be, in folded characters. */
const FIELD_WINDOW = 300;

function word(units: string[]): string {
  return units.join('');
}

export function compileName(identifier: Identifier): IdentifierMatcher {
  const tokens = identifier.value
    .normalize('NFC')
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  const folded = tokens.map((t) => foldValue(t));
  const first = tokens[0] ?? '';
  const last = tokens[tokens.length - 1] ?? '';
  const middles = tokens.slice(1, -1);
  const F = word(wordUnits(first, true));
  const L = word(wordUnits(last, true));
  const M = middles.map((m) => word(wordUnits(m, true)));
  const fi = (folded[0] ?? '').charAt(0);
  const mis = middles.map((m) => foldValue(m).charAt(0));
  const nicks = nicknamesOf(folded[0] ?? '').map((n) => word(wordUnits(n, false)));
  const middleFull = M.length > 0 ? `(?:${GAP}${M.join(GAP)}|${GAP}${mis.join(`\\.?${GAP}`)}\\.?)?` : '';
  const patterns: FoldedPattern[] = [];
  const wrap = (source: string): string => `${NOT_BEFORE}(?:${source})${NOT_AFTER}`;

  if (tokens.length === 1) {
    patterns.push({ source: wrap(F), method: 'exact', confidence: 0.9 });
  } else {
    patterns.push({ source: wrap(`${F}${middleFull}${GAP}${L}`), method: 'exact', confidence: 0.97 });
    patterns.push({
      source: wrap(`${F}${middleFull}${LINE_BREAK}${L}`),
      method: 'name-line-break',
      confidence: 0.85,
    });
    if (M.length > 0) {
      // Broken between the given name and the middle name ("Margaret<br>Louise Vandersloot").
      patterns.push({
        source: wrap(`${F}${BREAK_OR_BR}${M.join(GAP)}${GAP}${L}`),
        method: 'name-line-break',
        confidence: 0.85,
      });
    }
    patterns.push({
      source: wrap(`${L}(?:[ \\t]*,[ \\t]*|${GAP})${F}${middleFull}`),
      method: 'name-surname-first',
      confidence: 0.9,
    });
    const initials = [fi, ...mis].map((c) => `${c}(?:\\.[ \\t]?|[ \\t])`).join('[ \\t]*');
    patterns.push({
      source: wrap(`${initials}[ \\t]*${L}`),
      method: 'name-initials',
      confidence: M.length > 0 ? 0.85 : 0.7,
    });
    if (nicks.length > 0) {
      patterns.push({
        source: wrap(`(?:${nicks.join('|')})${middleFull}${GAP}${L}`),
        method: 'name-nickname',
        confidence: 0.8,
      });
    }
  }
  const expected = folded.join('');

  const fieldRe = new RegExp(
    `${NOT_BEFORE}(?:(?<first>${FIRST_LABEL}${FIELD_SEP}(?:${[F, ...nicks].join('|')}))|(?<last>${LAST_LABEL}${FIELD_SEP}${L}))${NOT_AFTER}`,
    'gu',
  );

  const longestNick = Math.max(0, ...nicknamesOf(folded[0] ?? '').map((n) => n.length));
  const reach = 2 * identifier.value.length + longestNick + 32;
  return {
    identifier,
    patterns,
    // Every writing (initials, nickname, surname first, a last-name field) carries the surname whole.
    anchors: keyVariants(tokens.length === 1 ? first : last),
    reach,
    fieldReach: FIELD_WINDOW + reach + 64,
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      const start = view.full.starts[from] as number;
      const end = view.full.ends[to - 1] as number;
      const original = page.slice(start, end);
      const hit = classifyHit(
        view,
        original,
        identifier.value,
        pattern,
        usesLeet(original, identifier.value),
      );
      // The plain pattern also accepts the name without its middle name: say so.
      if (
        pattern.method === 'exact' &&
        hit.method === 'confusable' &&
        foldValue(original).replace(/\s+/g, '') !== expected
      ) {
        return { start, end, method: 'name-no-middle', confidence: 0.93 };
      }
      return { start, end, ...hit };
    },
    fieldScan(view: TextView, from: number, to: number): Hit[] {
      if (tokens.length < 2 || view.kind !== 'plain') return [];
      return fieldHits(view, fieldRe, from, to);
    },
  };
}

/** First and last name in labelled fields close to each other (any order). */
function fieldHits(view: TextView, fieldRe: RegExp, from: number, to: number): Hit[] {
  const firsts: Array<[number, number]> = [];
  const lasts: Array<[number, number]> = [];
  fieldRe.lastIndex = 0;
  for (const m of view.full.text.matchAll(fieldRe)) {
    if (m.index < from || m.index + m[0].length > to) continue;
    (m.groups?.first !== undefined ? firsts : lasts).push([m.index, m.index + m[0].length]);
  }
  // Folded offsets to page offsets.
  const span = (field: [number, number]): [number, number] => [
    view.full.starts[field[0]] as number,
    view.full.ends[field[1] - 1] as number,
  ];
  const hits: Hit[] = [];
  for (const f of firsts) {
    for (const l of lasts) {
      if (Math.abs(f[0] - l[0]) > FIELD_WINDOW) continue;
      const parts = [span(f), span(l)].sort((a, b) => a[0] - b[0]) as Array<[number, number]>;
      const [head, tail] = parts as [[number, number], [number, number]];
      hits.push({ start: head[0], end: tail[1], method: 'name-fields', confidence: 0.9, parts });
    }
  }
  return hits;
}
