/**
 * E-mail addresses, also when spelled to dodge scrapers: `name [at] example [dot] com`,
 * `name(at)example(dot)com`, `name at example dot com`, entities (decoded before we see them),
 * full-width or look-alike letters. The same mailbox at another domain, or a mailbox one letter
 * off, is somebody else: the whole address must match and end where the address ends.
 */
import type { Identifier } from '../domain/identifier.js';
import { foldValue } from './fold.normalizer.js';
import { classifyHit } from './hit.classifier.js';
import { keyVariants, longestKeyWord } from './anchor.index.js';
import { keyOf } from './key.projection.js';
import { charClass } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';

const OPEN = '[\\[({<]';
const CLOSE = '[\\])}>]';
const AT = `(?:@|[ \\t]*${OPEN}[ \\t]*(?:at|@)[ \\t]*${CLOSE}[ \\t]*|[ \\t]+(?:at|@)[ \\t]+)`;
const DOT = `(?:\\.|[ \\t]*${OPEN}[ \\t]*(?:dot|\\.)[ \\t]*${CLOSE}[ \\t]*|[ \\t]+dot[ \\t]+)`;
const MAILBOX_CHAR = '[\\p{L}\\p{N}._%+-]';

export function compileEmail(identifier: Identifier): IdentifierMatcher {
  const value = identifier.value.trim();
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const part = (text: string): string =>
    text
      .split('.')
      .map((piece) => [...foldValue(piece)].map((c) => charClass(c, false)).join(''))
      .join(DOT);
  const source = `(?<!${MAILBOX_CHAR})${part(local)}${AT}${part(domain)}(?![\\p{L}\\p{N}_%+-]|\\.[\\p{L}\\p{N}])`;
  const patterns: FoldedPattern[] = [{ source, method: 'exact', confidence: 0.99 }];
  // Every piece of the address appears whole however the dots and the @ are spelled; the longest
  // piece of the mailbox is the rarest (a domain like example.com is on every other page).
  const localPiece = longestKeyWord(local.split('.'));
  const piece =
    localPiece !== undefined && keyOf(localPiece).length >= 4
      ? localPiece
      : longestKeyWord(value.split(/[.@]/));
  return {
    identifier,
    patterns,
    anchors: piece === undefined ? [] : keyVariants(piece),
    // " [ at ] ", " ( dot ) ": each separator may take several units of spaces and brackets.
    reach: 2 * value.length + 64,
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      const start = view.full.starts[from] as number;
      const end = view.full.ends[to - 1] as number;
      const original = page.slice(start, end);
      const folded = view.full.text.slice(from, to);
      // Anything but the plain address (brackets, words) is a deliberate obfuscation.
      const spelled = folded !== foldValue(value);
      const effective = spelled ? { ...pattern, method: 'email-obfuscated', confidence: 0.95 } : pattern;
      return { start, end, ...classifyHit(view, original, value, effective, false) };
    },
  };
}
