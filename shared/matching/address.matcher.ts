/**
 * Street addresses (US, UK, Canadian, French, German writing). The profile address is split into
 * house number, street name, street type, unit, town and postcode. A hit needs the street name with
 * the same house number next to it (before it, or after it in German writing); the street type may
 * be abbreviated or missing, the town and postcode may be missing, the unit is optional. Another
 * house number on the same street (14 vs 114) or the street alone is not the address. A US street
 * directional (NW Larchmere Ave, Quillfield St NW) may be written before or after the street, or left
 * out; another directional is another street (NE and NW Larchmere Ave are miles apart).
 */
import type { Identifier } from '../domain/identifier.js';
import { foldValue } from './fold.normalizer.js';
import { classifyHit, usesLeet } from './hit.classifier.js';
import { keyVariants, longestKeyWord } from './anchor.index.js';
import { keyOf } from './key.projection.js';
import { NUMBER_WORD_SOURCE, isNumberWord, numberReadings } from './number-words.js';
import { escapeRegex, wordUnits } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';
import type { TextView } from './text.views.js';

/** How far apart a street field and a house-number field of one template may be (folded characters). */
const FIELD_WINDOW = 200;

/** Street types and their usual abbreviations (USPS, Royal Mail, Canada Post, La Poste usage). */
const STREET_TYPES: string[][] = [
  ['street', 'st', 'str'],
  ['road', 'rd'],
  ['lane', 'ln'],
  ['avenue', 'ave', 'av'],
  ['drive', 'dr', 'drv'],
  ['boulevard', 'blvd', 'bd', 'boul'],
  ['court', 'ct'],
  ['close', 'cl'],
  ['place', 'pl'],
  ['terrace', 'ter', 'terr', 'tce'],
  ['crescent', 'cres', 'cr'],
  ['circle', 'cir'],
  ['square', 'sq'],
  ['way', 'wy'],
  ['gardens', 'gdns'],
  ['grove', 'gr', 'gro'],
  ['parkway', 'pkwy'],
  ['highway', 'hwy'],
  ['trail', 'trl'],
  ['mews'],
  ['row'],
  ['walk'],
  ['hill'],
  ['green', 'grn'],
  ['strasse', 'str'],
  ['rue'],
  ['allee', 'all'],
  ['impasse', 'imp'],
  ['chemin', 'ch', 'chem'],
  ['quai'],
  ['cours'],
  ['route', 'rte'],
];

/** German compound suffixes: Mohnblütenstraße, -str., -weg, -platz ... */
const DE_SUFFIXES: string[][] = [
  ['strasse', 'str', 'strase'],
  ['weg'],
  ['platz', 'pl'],
  ['allee'],
  ['gasse'],
  ['ring'],
  ['damm'],
  ['ufer'],
];

/** US street directionals, by how a profile writes them once folded and without dots. */
const DIRECTIONALS: Record<string, string[]> = {
  n: ['north'],
  s: ['south'],
  e: ['east'],
  w: ['west'],
  ne: ['north', 'east'],
  nw: ['north', 'west'],
  se: ['south', 'east'],
  sw: ['south', 'west'],
};

/** The directional a word of a profile address is ("NW", "N.W.", "Northwest", "north-west"), if any. */
function directionalOf(word: string): string | undefined {
  const w = foldValue(word).replace(/[.-]/g, '');
  if (DIRECTIONALS[w]) return w;
  return Object.keys(DIRECTIONALS).find((key) => (DIRECTIONALS[key] as string[]).join('') === w);
}

/**
 * A directional on the folded page: "nw", "n.w.", "n. w.", "northwest", "north west", "north-west".
 * Not a letter that starts a longer token ("e-mail", "e.g.", "w/").
 */
function directionalPattern(key: string): string {
  const letters = [...key].map((c) => `${c}\\.?`).join('[ \\t]?');
  const words = (DIRECTIONALS[key] as string[]).join('[ \\t-]?');
  return `(?<![\\p{L}\\p{N}])(?:${words}|${letters})(?![\\p{L}\\p{N}./@'’-])`;
}

const ANY_DIRECTIONAL = `(?:${Object.keys(DIRECTIONALS)
  .sort((a, b) => b.length - a.length)
  .map(directionalPattern)
  .join('|')})`;
/** A directional right after a match (past a comma), to tell another street from the same one. */
const DIRECTIONAL_NEXT = new RegExp(`^[ \\t]*,?[ \\t]*${ANY_DIRECTIONAL}`, 'u');

/** A house number in words ("one hundred and four", "vingt-et-un", "einundzwanzig"): read in confirm. */
const WORDS_NUMBER = `(?<![\\p{L}\\p{N}])(?:a[ \\t]+(?=hundred|thousand))?(?:${NUMBER_WORD_SOURCE})(?:(?:[ \\t]*-[ \\t]*|[ \\t]+)(?:${NUMBER_WORD_SOURCE}))*(?![\\p{L}\\p{N}])`;
/** What may stand between a street and a house number in words after it ("Hausnummer siebzehn"). */
const NUMBER_LABEL = '(?:(?:hausnummer|hausnr\\.?|nr\\.?|nummer|number|no\\.?|numero|n°)[ \\t]*)?';
const WORDS_METHOD = 'address-number-words';

const POSTCODE = /\b(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{5}(?:-\d{4})?|\d{4})\b/i;
const FRENCH_LINKS = "(?:(?:de|des|du|de la|de l'|d'|la|le|les)[ \\t]+)?";

interface ParsedAddress {
  number: string;
  streetWords: string[];
  type?: string[];
  /** German style: the street type is glued to the name and the number follows. */
  compound?: string[];
  /** French style: the type comes before the name. */
  typeFirst: boolean;
  /** US directional (`nw`), written before or after the street in the profile. */
  directional?: string;
  town?: string;
  postcode?: string;
}

/**
 * The street words without a directional before or after them, and that directional. A directional
 * is only taken off while a street name remains ("N St NW" is N Street, north-west).
 */
function splitDirectional(words: string[]): { words: string[]; directional?: string } {
  const named = (rest: string[]) => rest.some((w) => !typeOf(w));
  let rest = words;
  let directional: string | undefined;
  const after = rest.length > 1 ? directionalOf(rest[rest.length - 1] as string) : undefined;
  if (after && named(rest.slice(0, -1))) {
    rest = rest.slice(0, -1);
    directional = after;
  }
  const before = rest.length > 1 ? directionalOf(rest[0] as string) : undefined;
  if (before && named(rest.slice(1))) {
    rest = rest.slice(1);
    directional ??= before;
  }
  return directional ? { words: rest, directional } : { words };
}

function typeOf(word: string): string[] | undefined {
  const w = foldValue(word).replace(/\.$/, '');
  return STREET_TYPES.find((list) => list.includes(w));
}

/** Splits a profile address; undefined if it has no house number we can anchor on. */
export function parseAddress(value: string): ParsedAddress | undefined {
  const parts = value.split(/\s*,\s*/).filter((p) => p.length > 0);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    // "Unit 3", "Flat 2", "Apt 4B" name the flat, not the street.
    if (/^(?:unit|apt\.?|apartment|suite|ste\.?|flat|#|app\.?|appartement|wohnung|whg\.?)\s*\S+$/i.test(part))
      continue;
    const rest = parts.slice(i + 1).join(' ');
    const postcode = POSTCODE.exec(rest)?.[0] ?? POSTCODE.exec(part.replace(/^\d+\S*\s/, ''))?.[0];
    const town = rest
      .replace(POSTCODE, ' ')
      .replace(/\b[A-Z]{2}\b/g, ' ')
      .trim()
      .split(/\s+/)
      .filter((w) => /\p{L}{2,}/u.test(w))[0];
    // "2205 Kettlehollow Drive", "21 rue des Coquelicots"
    const leading = /^(\d+[a-zA-Z]?)(?:[-/]\d+)?\s+(.+)$/.exec(part);
    if (leading) {
      const words = (leading[2] as string).split(/\s+/);
      const firstType = typeOf(words[0] as string);
      if (firstType && words.length > 1) {
        return {
          number: leading[1] as string,
          streetWords: words.slice(1),
          type: firstType,
          typeFirst: true,
          town,
          postcode,
        };
      }
      const { words: named, directional } = splitDirectional(words);
      const lastType = typeOf(named[named.length - 1] as string);
      const streetWords = lastType ? named.slice(0, -1) : named;
      return {
        number: leading[1] as string,
        streetWords,
        type: lastType,
        typeFirst: false,
        ...(directional ? { directional } : {}),
        town,
        postcode,
      };
    }
    // "Mohnblütenstraße 23"
    const trailing = /^(.+?)\s+(\d+[a-zA-Z]?)$/.exec(part);
    if (trailing) {
      const words = (trailing[1] as string).split(/\s+/);
      const lastFolded = foldValue(words[words.length - 1] as string);
      const compound = DE_SUFFIXES.find((list) =>
        list.some((s) => lastFolded.endsWith(s) && lastFolded.length > s.length + 2),
      );
      if (compound) {
        const suffix = compound.find((s) => lastFolded.endsWith(s)) as string;
        const lastWord = words[words.length - 1] as string;
        // Cut the suffix off the original spelling so umlauts keep their "ue" alternative.
        const stem = cutFoldedSuffix(lastWord, suffix);
        return {
          number: trailing[2] as string,
          streetWords: [...words.slice(0, -1), stem],
          compound,
          typeFirst: false,
          town,
          postcode,
        };
      }
      const lastType = typeOf(words[words.length - 1] as string);
      return {
        number: trailing[2] as string,
        streetWords: lastType ? words.slice(0, -1) : words,
        type: lastType,
        typeFirst: false,
        town,
        postcode,
      };
    }
  }
  return undefined;
}

function cutFoldedSuffix(word: string, suffix: string): string {
  for (let cut = word.length; cut > 0; cut--) {
    if (foldValue(word.slice(cut)) === suffix) return word.slice(0, cut);
  }
  return word;
}

/**
 * A street with the profile's directional before or after it, or none. A profile without one accepts
 * any: the page may be the more precise of the two.
 */
function directed(parsed: ParsedAddress, street: string): string {
  const direction = parsed.directional ? directionalPattern(parsed.directional) : ANY_DIRECTIONAL;
  return `(?:${direction}[ \\t]+)?${street}(?:[ \\t]*,?[ \\t]*${direction})?`;
}

/**
 * The street name is in every writing and every street field; its longest word is the anchor. A name
 * too short to search for alone (N Street) is searched with the street type written after it (in
 * French writing articles may come between the type and the name, so the name stays alone there).
 */
function anchorsOf(parsed: ParsedAddress): string[] {
  const word = longestKeyWord(parsed.streetWords);
  if (word === undefined) return [];
  if (keyOf(word).length >= 3 || !parsed.type || parsed.typeFirst) return keyVariants(word);
  return parsed.type.flatMap((type) => keyVariants(word + type));
}

function typeAlternatives(list: string[]): string {
  return `(?:${list.map((t) => `${escapeRegex(t)}\\.?`).join('|')})`;
}

export function compileAddress(identifier: Identifier): IdentifierMatcher {
  const parsed = parseAddress(identifier.value);
  const patterns: FoldedPattern[] = [];
  let fields: RegExp | undefined;
  if (parsed) {
    const number = escapeRegex(parsed.number.toLowerCase());
    const NUM = `(?<![\\p{N}])${number}(?![\\p{N}\\p{L}])`;
    const name = parsed.streetWords.map((w) => wordUnits(w, false).join('')).join('[ \\t-]+');
    const gap = '[ \\t]*,?[ \\t]*';
    if (parsed.compound) {
      const street = `(?<![\\p{L}])${name}[ \\t-]?${typeAlternatives(parsed.compound)}`;
      patterns.push({ source: `${street}${gap}${NUM}`, method: 'address', confidence: 0.9 });
      patterns.push({ source: `${NUM}${gap}${street}(?![\\p{L}])`, method: 'address', confidence: 0.85 });
    } else if (parsed.typeFirst && parsed.type) {
      patterns.push({
        source: `${NUM}${gap}${typeAlternatives(parsed.type)}[ \\t]+${FRENCH_LINKS}${name}(?![\\p{L}])`,
        method: 'address',
        confidence: 0.9,
      });
    } else {
      const type = parsed.type ? `(?:[ \\t]+${typeAlternatives(parsed.type)})?` : '';
      patterns.push({
        source: `${NUM}${gap}${directed(parsed, `${name}${type}`)}(?![\\p{L}])`,
        method: 'address',
        confidence: 0.9,
      });
      // Number after the street ("Bramblewood Road 31"): only where nothing else follows the number,
      // so "Bramblewood Road, 31 years" is not an address.
      patterns.push({
        source: `(?<![\\p{L}])${name}${type}[ \\t]+${NUM}(?=[ \\t]*(?:$|[\\n,;)]|\\.(?!\\d)))`,
        method: 'address',
        confidence: 0.8,
      });
    }
    // The house number in words, wherever the digits may stand; confirm reads the words.
    if (/^\d+$/.test(parsed.number)) {
      const W = WORDS_NUMBER;
      const words = (source: string): FoldedPattern => ({ source, method: WORDS_METHOD, confidence: 0.8 });
      if (parsed.compound) {
        const street = `(?<![\\p{L}])${name}[ \\t-]?${typeAlternatives(parsed.compound)}`;
        patterns.push(words(`${street}${gap}${NUMBER_LABEL}${W}`));
        patterns.push(words(`${W}${gap}${street}(?![\\p{L}])`));
      } else if (parsed.typeFirst && parsed.type) {
        patterns.push(
          words(`${W}${gap}${typeAlternatives(parsed.type)}[ \\t]+${FRENCH_LINKS}${name}(?![\\p{L}])`),
        );
      } else {
        const type = parsed.type ? `(?:[ \\t]+${typeAlternatives(parsed.type)})?` : '';
        patterns.push(words(`${W}${gap}${directed(parsed, `${name}${type}`)}(?![\\p{L}])`));
        // As with digits: only where nothing else follows ("Tansywick Lane, twelve years on" is not it).
        patterns.push(
          words(`(?<![\\p{L}])${name}${type}${gap}${NUMBER_LABEL}${W}(?=[ \\t]*(?:$|[\\n,;)]|\\.(?!\\d)))`),
        );
      }
    }
    // Dox templates may give the street and the house number as separate fields.
    const street = parsed.compound
      ? `${name}[ \\t-]?${typeAlternatives(parsed.compound)}`
      : parsed.typeFirst && parsed.type
        ? `${typeAlternatives(parsed.type)}[ \\t]+${FRENCH_LINKS}${name}`
        : directed(parsed, `${name}${parsed.type ? `(?:[ \\t]+${typeAlternatives(parsed.type)})?` : ''}`);
    fields = new RegExp(
      `(?<streetField>(?:street|str|strasse|address|addr|adresse|rue|road)[ \\t]*[:=][ \\t]*(?<street>${street})[ \\t]*(?=\\n|$))|(?<numberField>(?:house[ \\t]*)?(?:number|no\\.?|nr\\.?|num[eé]ro|hausnummer|hnr\\.?|house[ \\t]*#)[ \\t]*[:=][ \\t]*(?<number>${NUM}))`,
      'gu',
    );
  }
  const directional = parsed?.directional;
  const town = parsed?.town ? foldValue(parsed.town) : undefined;
  const postcode = parsed?.postcode ? foldValue(parsed.postcode).replace(/\s+/g, '') : undefined;

  const reach = 2 * identifier.value.length + 64;
  return {
    identifier,
    patterns,
    anchors: parsed ? anchorsOf(parsed) : [],
    reach,
    fieldReach: FIELD_WINDOW + reach + 64,
    fieldScan(view: TextView, from: number, to: number): Hit[] {
      if (!fields || view.kind !== 'plain') return [];
      return fieldHits(view, fields, from, to);
    },
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      const inWords = pattern.method === WORDS_METHOD;
      if (inWords && !(parsed && numberInWords(view.full.text, from, to, parsed.number))) return undefined;
      const start = view.full.starts[from] as number;
      const end = view.full.ends[to - 1] as number;
      const original = page.slice(start, end);
      // The town or postcode nearby makes it surer; their absence is allowed (README decisions).
      const after = view.full.text.slice(to, to + 80);
      // Another directional right after the street names another street.
      if (directional && DIRECTIONAL_NEXT.test(after)) return undefined;
      const withTown =
        (town !== undefined && after.includes(town)) ||
        (postcode !== undefined && after.replace(/\s+/g, '').includes(postcode));
      const base = classifyHit(
        view,
        original,
        identifier.value,
        { ...pattern, method: 'exact' },
        usesLeet(original, identifier.value),
      );
      const method = inWords
        ? WORDS_METHOD
        : ['exact', 'case-folded'].includes(base.method)
          ? 'address'
          : base.method;
      // Words are read less surely than digits, with the town too.
      const surer = inWords ? 0.85 : 0.95;
      const confidence = Math.min(base.confidence, withTown ? surer : pattern.confidence);
      return {
        start,
        end,
        method: method === 'confusable' || method === 'unicode-folded' ? 'address-variant' : method,
        confidence,
      };
    },
  };
}

/** Words of a folded text with their offsets (hyphens and white space between them). */
function wordSpans(text: string): Array<{ word: string; at: number }> {
  return [...text.matchAll(/[\p{L}\p{N}°]+/gu)].map((m) => ({ word: m[0], at: m.index }));
}

/**
 * Whether the number words at one end of a match (`[from, to)` of the folded text) read as `number`.
 * The phrase must be whole: a number word right before it (or after it, when it ends the match)
 * makes it another number ("two twelve" is not "twelve"), as 114 is not 14.
 */
function numberInWords(text: string, from: number, to: number, number: string): boolean {
  const spans = wordSpans(text.slice(from, to));
  const leading = spans.findIndex((s) => !isNumberWord(s.word));
  // Words before the street: the phrase opens the match; otherwise it closes it.
  const atStart = leading > 0;
  let phrase: Array<{ word: string; at: number }>;
  if (atStart) phrase = spans.slice(0, leading);
  else {
    let k = spans.length;
    while (k > 0 && isNumberWord((spans[k - 1] as { word: string }).word)) k--;
    phrase = spans.slice(k);
  }
  if (phrase.length === 0) return false;
  const neighbour = atStart
    ? /([\p{L}\p{N}]+)[ \t-]*$/u.exec(text.slice(Math.max(0, from - 40), from))?.[1]
    : /^[ \t-]*([\p{L}\p{N}]+)/u.exec(text.slice(to, to + 40))?.[1];
  if (neighbour !== undefined && isNumberWord(neighbour)) return false;
  return numberReadings(phrase.map((s) => s.word).join(' ')).has(number);
}

/** A street field without a number and a house-number field close to it. */
function fieldHits(view: TextView, fields: RegExp, from: number, to: number): Hit[] {
  const streets: Array<[number, number]> = [];
  const numbers: Array<[number, number]> = [];
  fields.lastIndex = 0;
  for (const m of view.full.text.matchAll(fields)) {
    if (m.index < from || m.index + m[0].length > to) continue;
    const groups = m.groups ?? {};
    const value = groups.street ?? groups.number;
    if (value === undefined) continue;
    const at = m.index + m[0].length - value.length;
    (groups.street !== undefined ? streets : numbers).push([at, at + value.length]);
  }
  const hits: Hit[] = [];
  const original = (span: [number, number]): [number, number] => [
    view.full.starts[span[0]] as number,
    view.full.ends[span[1] - 1] as number,
  ];
  for (const s of streets) {
    for (const n of numbers) {
      if (Math.abs(s[0] - n[0]) > FIELD_WINDOW) continue;
      const parts = [original(s), original(n)].sort((a, b) => a[0] - b[0]);
      hits.push({
        start: (parts[0] as [number, number])[0],
        end: (parts[1] as [number, number])[1],
        method: 'address-fields',
        confidence: 0.85,
        parts,
      });
    }
  }
  return hits;
}
