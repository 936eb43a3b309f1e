/**
 * A Latin name or handle written in Cyrillic letters by sound ("Маргарет Вандерслут" for Margaret
 * Vandersloot, "солтмаршфинч" for saltmarshfinch). Such a writing is not a look-alike: Cyrillic г
 * stands for the sound of g or h, у for oo, ч for ch, and vowels follow the sound, not the spelling.
 * So the page's Cyrillic words are transliterated (BGN/PCGN for Russian, with the Ukrainian letters)
 * and both sides are compared on a phonetic key: the consonants only, with the sounds a
 * transliteration blurs merged (g/h/kh, z/s/zh/sh, c/ts/ch, the doubled consonant). The identifier's
 * side is spelled every way its English, German or French letters may sound (ch as ch, kh, k or sh;
 * th as t or s; j as y, dzh or zh; c as k or s; a silent h), the page's side one way.
 *
 * Read only when a page has Cyrillic letters. A key keeps only consonants, so a name needs its
 * first and last name (six consonants at least) and a handle six consonants of its own, and each
 * word must have as many vowel sounds (one fewer for a silent final e): "солтмаршфинчи" is not
 * saltmarshfinch, "Маргарита" is not Margaret.
 */
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import { foldValue } from './fold.normalizer.js';

/** BGN/PCGN romanization of Russian, and the Ukrainian letters (г as h, as Ukrainian says it). */
const BGN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'ë',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'w',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** The Latin transliteration of a Cyrillic word (lowercase); other characters are kept. */
export function transliterate(word: string): string {
  let out = '';
  for (const c of word.toLowerCase()) out += BGN[c] ?? c;
  return out;
}

/**
 * Consonant classes, longest spelling first. The page's side (a transliteration) takes the first
 * reading of each; an identifier's side takes every reading (`spellings`).
 */
const READINGS: Array<[string, string[]]> = [
  ['shch', ['s']],
  ['tsch', ['c']],
  ['sch', ['s']],
  ['tch', ['c']],
  ['dzh', ['ds']],
  ['kh', ['h']],
  ['zh', ['s']],
  ['sh', ['s']],
  ['ch', ['c', 'h', 'k', 's']],
  ['ts', ['c']],
  ['tz', ['c']],
  ['th', ['t', 's', 'th']],
  ['ph', ['f']],
  ['ck', ['k']],
  ['gh', ['', 'h']],
  ['qu', ['kv', 'k']],
  ['dg', ['ds', 'd']],
  ['x', ['ks']],
  ['c', ['k', 's', 'c']],
  ['w', ['v']],
  ['j', ['', 'ds', 's']],
  ['h', ['h', '']],
  ['g', ['h', 'ds']],
  ['z', ['s', 'c']],
  ['q', ['k']],
];
const VOWELS = new Set([...'aeiouyë']);

function readingAt(word: string, i: number): [number, string[]] {
  for (const [spelling, readings] of READINGS)
    if (word.startsWith(spelling, i)) return [spelling.length, readings];
  const c = word.charAt(i);
  if (VOWELS.has(c) || !/[a-z]/.test(c)) return [1, ['']];
  return [1, [c]];
}

/** A doubled consonant is one sound. */
function collapse(key: string): string {
  let out = '';
  for (const c of key) if (out.charAt(out.length - 1) !== c) out += c;
  return out;
}

/** The key of a transliterated word: one reading of each spelling. */
export function phoneticKey(latin: string): string {
  const word = latin.toLowerCase();
  let key = '';
  for (let i = 0; i < word.length;) {
    const [length, readings] = readingAt(word, i);
    key += readings[0];
    i += length;
  }
  return collapse(key);
}

const VOWEL_RUN = /[aeiouyë]+/g;

/** How many vowel sounds a Latin word has, by its runs of vowel letters. */
function vowelSounds(latin: string): number {
  return latin.toLowerCase().match(VOWEL_RUN)?.length ?? 0;
}

/** Beyond this many spellings of one word, further letters take their first reading only. */
const MAX_SPELLINGS = 256;

/** Every key a Latin word may have when written by sound. */
export function phoneticKeys(value: string): Set<string> {
  const word = foldValue(value).replace(/[^a-z]/g, '');
  let keys = [''];
  for (let i = 0; i < word.length;) {
    const [length, readings] = readingAt(word, i);
    const options = keys.length * readings.length > MAX_SPELLINGS ? readings.slice(0, 1) : readings;
    keys = keys.flatMap((key) => options.map((reading) => key + reading));
    i += length;
  }
  return new Set(keys.map(collapse));
}

/** The fewest consonants a match may rest on. */
const MIN_KEY = 6;

/** One word of an identifier: its keys, and how many vowel sounds a writing of it may have. */
interface WordKeys {
  keys: Set<string>;
  vowels: Set<number>;
}

interface Compiled {
  matcher: IdentifierMatcher;
  /** A handle is one word, a name its words in order. */
  words: WordKeys[];
  name: boolean;
}

function wordKeys(value: string): WordKeys {
  const letters = foldValue(value).replace(/[^a-z]/g, '');
  const vowels = vowelSounds(letters);
  const silentE = /[^aeiouy]e$/.test(letters);
  return { keys: phoneticKeys(value), vowels: new Set(silentE ? [vowels, vowels - 1] : [vowels]) };
}

const compiledCache = new WeakMap<IdentifierMatcher, Compiled | null>();

function compile(matcher: IdentifierMatcher): Compiled | null {
  const cached = compiledCache.get(matcher);
  if (cached !== undefined) return cached;
  const { kind, value } = matcher.identifier;
  let compiled: Compiled | null = null;
  if (kind === 'handle') {
    const word = wordKeys(value);
    word.keys = new Set([...word.keys].filter((key) => key.length >= MIN_KEY));
    if (word.keys.size > 0) compiled = { matcher, words: [word], name: false };
  } else if (kind === 'name' || kind === 'relative') {
    const words = value.split(/[\s,]+/).filter((w) => /\p{L}/u.test(w));
    if (words.length >= 2) compiled = { matcher, words: words.map(wordKeys), name: true };
  }
  compiledCache.set(matcher, compiled);
  return compiled;
}

/**
 * Two Cyrillic letters side by side or around one joiner: every word read (three units or more, see
 * transliteratedHits) holds them. A Cyrillic look-alike typed into a Latin word has neither, and a
 * page of such words is passed over with one search instead of a match per look-alike.
 */
const CYRILLIC_PAIR = /\p{Script=Cyrillic}[-_.]?\p{Script=Cyrillic}/u;
/** A Cyrillic word; a handle may join words with `_`, `.` or `-`. */
const CYRILLIC_WORD = /\p{Script=Cyrillic}+(?:[-_.]\p{Script=Cyrillic}+)*/gu;
/** What may stand between two words of one name. */
const NAME_GAP = /^[\s,]{1,3}$/;

interface Word {
  start: number;
  end: number;
  key: string;
  vowels: number;
}

function sameWord(keys: WordKeys, word: Word): boolean {
  return keys.keys.has(word.key) && keys.vowels.has(word.vowels);
}

function shortest(word: WordKeys): number {
  let min = Infinity;
  for (const key of word.keys) min = Math.min(min, key.length);
  return min;
}

/** Whether `words` (page words, in order) are the identifier's words `order` (indices), key by key. */
function sameWords(compiled: Compiled, words: Word[], order: number[]): boolean {
  if (words.length !== order.length) return false;
  let length = 0;
  for (let k = 0; k < order.length; k++) {
    const word = words[k] as Word;
    if (!sameWord(compiled.words[order[k] as number] as WordKeys, word)) return false;
    length += word.key.length;
  }
  return length >= MIN_KEY;
}

/**
 * Hits of handles, names and relatives written in Cyrillic by sound, in page offsets. Nothing is
 * read on a page without a Cyrillic word of three units or more.
 */
export function transliteratedHits(
  matchers: IdentifierMatcher[],
  text: string,
): Array<Hit & { matcher: IdentifierMatcher }> {
  if (!CYRILLIC_PAIR.test(text)) return [];
  const compiled = matchers.map(compile).filter((c): c is Compiled => c !== null);
  if (compiled.length === 0) return [];
  const words: Word[] = [];
  for (const m of text.matchAll(CYRILLIC_WORD)) {
    if (m[0].length < 3) continue;
    const latin = transliterate(m[0]);
    words.push({
      start: m.index,
      end: m.index + m[0].length,
      key: phoneticKey(latin),
      vowels: vowelSounds(latin),
    });
  }
  const hits: Array<Hit & { matcher: IdentifierMatcher }> = [];
  const hit = (c: Compiled, from: Word, to: Word): void => {
    hits.push({
      start: from.start,
      end: to.end,
      method: 'transliterated',
      confidence: 0.75,
      matcher: c.matcher,
    });
  };
  for (const c of compiled) {
    const n = c.words.length;
    if (!c.name) {
      for (const word of words) if (sameWord(c.words[0] as WordKeys, word)) hit(c, word, word);
      continue;
    }
    // In full, without the middle names, or surname first.
    const orders = [[...Array(n).keys()], [0, n - 1], [n - 1, 0]];
    if (shortest(c.words[0] as WordKeys) + shortest(c.words[n - 1] as WordKeys) < MIN_KEY) continue;
    for (let i = 0; i < words.length; i++) {
      for (const order of orders) {
        // Most words are no word of the name: compared before any run is made.
        if (!sameWord(c.words[order[0] as number] as WordKeys, words[i] as Word)) continue;
        const run = words.slice(i, i + order.length);
        if (run.length !== order.length) continue;
        const joined = run.every(
          (w, k) => k === 0 || NAME_GAP.test(text.slice((run[k - 1] as Word).end, w.start)),
        );
        if (joined && sameWords(c, run, order)) {
          hit(c, run[0] as Word, run[run.length - 1] as Word);
          break;
        }
      }
    }
  }
  return hits;
}
