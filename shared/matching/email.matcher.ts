/**
 * E-mail addresses, also when spelled to dodge scrapers: `name [at] example [dot] com`,
 * `name(at)example(dot)com`, `name at example dot com`, entities (decoded before we see them),
 * full-width or look-alike letters in the mailbox. The same mailbox at another domain, or a mailbox
 * one letter off, is somebody else: the whole address must match and end where the address ends.
 *
 * Domain names are not folded: `cafe-exemple.example` is not `café-exemple.example`, and a
 * Cyrillic `а` in a domain names another domain (and another mailbox) however alike they look.
 * Folding finds the candidates; each is then read back as the page wrote it and its domain compared
 * the way a mail server resolves it (IDNA, `domainToASCII`): compatibility forms and case are the
 * same domain, and so is the punycode (`xn--`) form of an internationalised domain.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { decodeHTML } from 'entities';
import type { Identifier } from '../domain/identifier.js';
import { foldText, foldValue } from './fold.normalizer.js';
import { classifyHit } from './hit.classifier.js';
import { keyVariants, longestKeyWord } from './anchor.index.js';
import { keyOf } from './key.projection.js';
import { charClass } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';
import { lettersJoined, markdownUnescaped, percentDecoded } from './page.readings.js';
import { rot13 } from './text.views.js';
import type { ViewKind } from './text.views.js';

const OPEN = '[\\[({<]';
const CLOSE = '[\\])}>]';
const AT = `(?:@|[ \\t]*${OPEN}[ \\t]*(?:at|@)[ \\t]*${CLOSE}[ \\t]*|[ \\t]+(?:at|@)[ \\t]+)`;
const DOT = `(?:\\.|[ \\t]*${OPEN}[ \\t]*(?:dot|\\.)[ \\t]*${CLOSE}[ \\t]*|[ \\t]+dot[ \\t]+)`;
const MAILBOX_CHAR = '[\\p{L}\\p{N}._%+-]';
/** The last spelling of the @ in an address as written (the mailbox never holds one). */
const LAST_AT = new RegExp(`${AT}(?!.*${AT})`, 'su');
const DOTS = new RegExp(DOT, 'gu');
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The ASCII (IDNA) form of a domain as written on a page or in a profile: compatibility forms,
 * case and invisible characters do not make another domain; accents and look-alike letters do.
 * Undefined for text no resolver would accept as a domain.
 */
export function domainKey(domain: string): string | undefined {
  const written = domain.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  if (written.length === 0) return undefined;
  const ascii = domainToASCII(written);
  return ascii.length > 0 ? ascii : undefined;
}

/** The domain of an address as written (its @ and dots spelled any way), or undefined. */
export function writtenDomain(address: string): string | undefined {
  const text = address.normalize('NFKC');
  const at = LAST_AT.exec(text);
  if (!at) return undefined;
  return text
    .slice(at.index + at[0].length)
    .replace(DOTS, '.')
    .trim();
}

const fromBase64 = (text: string): string => Buffer.from(text.replace(/=+$/, ''), 'base64').toString('utf8');
const fromHex = (text: string): string => Buffer.from(text.replace(/\\x|[ :]/gi, ''), 'hex').toString('utf8');
const fromPercent = (text: string): string => percentDecoded(text)?.text ?? text;
/** The decodings a page's encoded run may hide (text.views.ts: `decodings`). */
const DECODINGS = [fromBase64, fromHex, fromPercent];

/**
 * How to read the page text a match of each reading covers as that reading has it, before folding.
 * A Record, so a new reading cannot go without one. Decoded runs map whole to the page: every
 * decoding is tried, and the fold finds the match in the right one.
 */
const READ_BACK: Record<ViewKind, (source: string) => string[]> = {
  plain: (source) => [source],
  entities: (source) => [decodeHTML(source)],
  rot13: (source) => [rot13(source)],
  reversed: (source) => [[...source].reverse().join('')],
  base64: (source) => [fromBase64(source)],
  hex: (source) => [fromHex(source)],
  'percent-encoded': (source) => [fromPercent(source)],
  'markdown-escaped': (source) => [markdownUnescaped(source)?.text ?? source],
  'letters-separated': (source) => [lettersJoined(source)?.text ?? source],
  'double-encoded': (source) =>
    DECODINGS.flatMap((outer) => {
      const first = outer(source);
      return [...DECODINGS.map((inner) => inner(first)), rot13(first)];
    }),
};

/**
 * The writings (as on the page, before folding) that a match of a reading stands for: each place
 * in the read-back text that folds to the match.
 */
function writtenForms(kind: ViewKind, source: string, folded: string): string[] {
  const forms: string[] = [];
  for (const decoded of READ_BACK[kind](source)) {
    const fold = foldText(decoded);
    for (let at = fold.text.indexOf(folded); at >= 0; at = fold.text.indexOf(folded, at + 1))
      forms.push(decoded.slice(fold.starts[at], fold.ends[at + folded.length - 1]));
  }
  return forms;
}

export function compileEmail(identifier: Identifier): IdentifierMatcher {
  const value = identifier.value.trim();
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const ownDomain = domainKey(domain);
  const part = (text: string): string =>
    text
      .split('.')
      .map((piece) => [...foldValue(piece)].map((c) => charClass(c, false)).join(''))
      .join(DOT);
  const address = (domainPart: string): string =>
    `(?<!${MAILBOX_CHAR})${part(local)}${AT}${part(domainPart)}(?![\\p{L}\\p{N}_%+-]|\\.[\\p{L}\\p{N}])`;
  const patterns: FoldedPattern[] = [{ source: address(domain), method: 'exact', confidence: 0.99 }];
  // The other writing of an internationalised domain: punycode for a Unicode one, and back.
  const other = otherWriting(domain, ownDomain);
  if (other !== undefined && foldValue(other) !== foldValue(domain))
    patterns.push({ source: address(other), method: 'email-punycode', confidence: 0.95 });
  // Every piece of the address appears whole however the dots and the @ are spelled; the longest
  // piece of the mailbox is the rarest (a domain like example.com is on every other page).
  const localPiece = longestKeyWord(local.split('.'));
  const piece =
    localPiece !== undefined && keyOf(localPiece).length >= 4
      ? localPiece
      : longestKeyWord(value.split(/[.@]/));
  const otherPiece =
    other === undefined || piece === localPiece ? undefined : longestKeyWord(other.split('.'));
  return {
    identifier,
    patterns,
    anchors: [
      ...(piece === undefined ? [] : keyVariants(piece)),
      ...(otherPiece === undefined ? [] : keyVariants(otherPiece)),
    ],
    // " [ at ] ", " ( dot ) ": each separator may take several units of spaces and brackets;
    // a punycode domain is longer than its Unicode form.
    reach: 2 * value.length + 2 * (other?.length ?? 0) + 64,
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      // A reversed reading runs against the page: its first unit is the page's last.
      const start = Math.min(view.full.starts[from] as number, view.full.starts[to - 1] as number);
      const end = Math.max(view.full.ends[from] as number, view.full.ends[to - 1] as number);
      const original = page.slice(start, end);
      const folded = view.full.text.slice(from, to);
      // Another domain that folds like the person's is another mailbox: every writing the match
      // stands for must name the person's own domain.
      const forms = writtenForms(view.kind, original, folded);
      if (forms.length === 0) return undefined;
      for (const form of forms) {
        const written = writtenDomain(form);
        if (written === undefined || domainKey(written) !== ownDomain) return undefined;
      }
      const expected = pattern.method === 'email-punycode' ? `${local}@${other ?? domain}` : value;
      // Anything but the plain address (brackets, words) is a deliberate obfuscation.
      const spelled = folded !== foldValue(expected);
      const effective = spelled ? { ...pattern, method: 'email-obfuscated', confidence: 0.95 } : pattern;
      const hit = classifyHit(view, original, value, effective, false);
      return { start, end, ...hit };
    },
  };
}

/**
 * The domain's other writing, when it has one: the punycode form of a Unicode domain
 * (`café.example` -> `xn--caf-dma.example`), or the Unicode form of a punycode one.
 */
function otherWriting(domain: string, ascii: string | undefined): string | undefined {
  if (ascii === undefined) return undefined;
  if (/[^\0-\x7f]/.test(domain)) return ascii;
  if (!ascii.split('.').some((label) => label.startsWith('xn--'))) return undefined;
  const unicode = domainToUnicode(ascii);
  return unicode.length > 0 && unicode !== ascii ? unicode : undefined;
}
