/**
 * Names (the person's own and relatives'): full name, without the middle name, surname first,
 * initials with the surname, a standard short form of the given name, leetspeak and look-alikes,
 * or the parts in labelled fields of a dox template ("First name: …" / "Last name: …").
 * The same given name with another surname, or the two halves in unrelated sentences, is no match.
 */
import type { Identifier } from '../domain/identifier.js';
import { foldValue } from './fold.normalizer.js';
import { classifyHit, usesLeet } from './hit.classifier.js';
import { nicknamesOf } from './nicknames.data.js';
import { NOT_AFTER, NOT_BEFORE, wordUnits } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';
import type { TextView } from './text.views.js';

const GAP = '[ \\t]{1,3}';
const FIRST_LABEL = '(?:first|given|fore|vor|pre|christian)[ \\t_-]?(?:name)?';
const LAST_LABEL = '(?:last[ \\t_-]?name|surname|family[ \\t_-]?name|nach[ \\t_-]?name|nom(?:[ \\t]de[ \\t]famille)?)';
const MIDDLE_LABEL = 'middle[ \\t_-]?names?';
const FIELD_SEP = '[ \\t]*[:=][ \\t]*';
/** How far apart the fields of one dox template may be, in folded characters. */
const FIELD_WINDOW = 300;

function word(units: string[]): string {
  return units.join('');
}

export function compileName(identifier: Identifier): IdentifierMatcher {
  const tokens = identifier.value.normalize('NFC').split(/[\s,]+/).filter((t) => t.length > 0);
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
    patterns.push({ source: wrap(`${L}(?:[ \\t]*,[ \\t]*|${GAP})${F}${middleFull}`), method: 'name-surname-first', confidence: 0.9 });
    const initials = [fi, ...mis].map((c) => `${c}(?:\\.[ \\t]?|[ \\t])`).join('[ \\t]*');
    patterns.push({ source: wrap(`${initials}[ \\t]*${L}`), method: 'name-initials', confidence: M.length > 0 ? 0.85 : 0.7 });
    if (nicks.length > 0) {
      patterns.push({ source: wrap(`(?:${nicks.join('|')})${middleFull}${GAP}${L}`), method: 'name-nickname', confidence: 0.8 });
    }
  }
  const expected = folded.join('');

  const fieldRe = new RegExp(
    `(?:${NOT_BEFORE}${FIRST_LABEL}${FIELD_SEP}(?:${F}|${nicks.concat(F).join('|')})${NOT_AFTER})|(?:${NOT_BEFORE}${LAST_LABEL}${FIELD_SEP}${L}${NOT_AFTER})|(?:${NOT_BEFORE}${MIDDLE_LABEL}${FIELD_SEP}(?:${M.join('|') || '(?!)'})${NOT_AFTER})`,
    'gu',
  );

  return {
    identifier,
    patterns,
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      const start = view.full.starts[from] as number;
      const end = view.full.ends[to - 1] as number;
      const original = page.slice(start, end);
      const hit = classifyHit(view, original, identifier.value, pattern, usesLeet(original, identifier.value));
      // The plain pattern also accepts the name without its middle name: say so.
      if (pattern.method === 'exact' && hit.method === 'confusable' && foldValue(original).replace(/\s+/g, '') !== expected) {
        return { start, end, method: 'name-no-middle', confidence: 0.93 };
      }
      return { start, end, ...hit };
    },
    scan(view: TextView): Hit[] {
      if (tokens.length < 2 || view.kind !== 'plain') return [];
      return fieldHits(view, fieldRe, F, L);
    },
  };
}

/** First and last name in labelled fields close to each other (any order). */
function fieldHits(view: TextView, fieldRe: RegExp, F: string, L: string): Hit[] {
  const firstRe = new RegExp(`^[^:=]*[:=][ \\t]*(?:${F})`, 'u');
  const lastRe = new RegExp(`[:=][ \\t]*${L}$`, 'u');
  const firsts: Array<[number, number]> = [];
  const lasts: Array<[number, number]> = [];
  const text = view.full.text;
  fieldRe.lastIndex = 0;
  for (const m of text.matchAll(fieldRe)) {
    const span: [number, number] = [m.index, m.index + m[0].length];
    if (lastRe.test(m[0]) && !firstRe.test(m[0])) lasts.push(span);
    else if (/^(?:first|given|fore|vor|pre|christian)/.test(m[0])) firsts.push(span);
  }
  void F;
  const hits: Hit[] = [];
  for (const f of firsts) {
    for (const l of lasts) {
      if (Math.abs(f[0] - l[0]) > FIELD_WINDOW) continue;
      const from = Math.min(f[0], l[0]);
      const to = Math.max(f[1], l[1]);
      const span = (field: [number, number]): [number, number] => [view.full.starts[field[0]] as number, view.full.ends[field[1] - 1] as number];
      const parts = [span(f), span(l)].sort((a, b) => a[0] - b[0]);
      hits.push({ start: view.full.starts[from] as number, end: view.full.ends[to - 1] as number, method: 'name-fields', confidence: 0.9, parts });
    }
  }
  return hits;
}
