/**
 * Numbers written in words, in English, French (with the Belgian and Swiss septante, huitante,
 * octante, nonante) and German (compounds such as "einundzwanzig" or "dreihundertzwölf" included),
 * read from folded text (lowercase, diacritics gone: "zwölf" reads "zwolf", "dreißig" "dreissig").
 *
 * A phrase is cut into atoms (a German compound into the atoms it is glued from); the atoms are read
 * by one grammar shared by the languages: a number below a thousand is [units] hundred [and] [a
 * number below a hundred], a larger one [that] thousand [and] [that]; only what makes a number below
 * a hundred differs per language (twenty-one, vingt et un, quatre-vingt-dix, einundzwanzig).
 * A phrase may also be a series of numbers below a hundred said one after the other, as house
 * numbers ("twenty-two oh five", 2205) and French phone numbers ("zéro six, douze, trente-quatre")
 * are read out: `numberGroups` gives those groups. Pure, no IO; bounded by the phrase's length.
 */

export type NumberLanguage = 'en' | 'fr' | 'de';
const NUMBER_LANGUAGES: readonly NumberLanguage[] = ['en', 'fr', 'de'];

type AtomKind = 'unit' | 'teen' | 'ten' | 'tens' | 'hundred' | 'thousand' | 'and' | 'zero';

interface Atom {
  kind: AtomKind;
  value: number;
}

const units = (words: string[], from = 1): Record<string, Atom> =>
  Object.fromEntries(words.map((w, i) => [w, { kind: 'unit', value: from + i }])) as Record<string, Atom>;

/** Words of each language and what they are. `ten` is the word that makes teens in French and German. */
const WORDS: Record<NumberLanguage, Record<string, Atom>> = {
  en: {
    zero: { kind: 'zero', value: 0 },
    oh: { kind: 'zero', value: 0 },
    nought: { kind: 'zero', value: 0 },
    ...units(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']),
    a: { kind: 'unit', value: 1 },
    ten: { kind: 'teen', value: 10 },
    eleven: { kind: 'teen', value: 11 },
    twelve: { kind: 'teen', value: 12 },
    thirteen: { kind: 'teen', value: 13 },
    fourteen: { kind: 'teen', value: 14 },
    fifteen: { kind: 'teen', value: 15 },
    sixteen: { kind: 'teen', value: 16 },
    seventeen: { kind: 'teen', value: 17 },
    eighteen: { kind: 'teen', value: 18 },
    nineteen: { kind: 'teen', value: 19 },
    twenty: { kind: 'tens', value: 20 },
    thirty: { kind: 'tens', value: 30 },
    forty: { kind: 'tens', value: 40 },
    fourty: { kind: 'tens', value: 40 },
    fifty: { kind: 'tens', value: 50 },
    sixty: { kind: 'tens', value: 60 },
    seventy: { kind: 'tens', value: 70 },
    eighty: { kind: 'tens', value: 80 },
    ninety: { kind: 'tens', value: 90 },
    hundred: { kind: 'hundred', value: 100 },
    thousand: { kind: 'thousand', value: 1000 },
    and: { kind: 'and', value: 0 },
  },
  fr: {
    zero: { kind: 'zero', value: 0 },
    ...units(['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']),
    une: { kind: 'unit', value: 1 },
    dix: { kind: 'ten', value: 10 },
    onze: { kind: 'teen', value: 11 },
    douze: { kind: 'teen', value: 12 },
    treize: { kind: 'teen', value: 13 },
    quatorze: { kind: 'teen', value: 14 },
    quinze: { kind: 'teen', value: 15 },
    seize: { kind: 'teen', value: 16 },
    vingt: { kind: 'tens', value: 20 },
    vingts: { kind: 'tens', value: 20 },
    trente: { kind: 'tens', value: 30 },
    quarante: { kind: 'tens', value: 40 },
    cinquante: { kind: 'tens', value: 50 },
    soixante: { kind: 'tens', value: 60 },
    septante: { kind: 'tens', value: 70 },
    huitante: { kind: 'tens', value: 80 },
    octante: { kind: 'tens', value: 80 },
    nonante: { kind: 'tens', value: 90 },
    cent: { kind: 'hundred', value: 100 },
    cents: { kind: 'hundred', value: 100 },
    mille: { kind: 'thousand', value: 1000 },
    et: { kind: 'and', value: 0 },
  },
  de: {
    null: { kind: 'zero', value: 0 },
    ...units(['eins', 'zwei', 'drei', 'vier', 'funf', 'sechs', 'sieben', 'acht', 'neun']),
    ein: { kind: 'unit', value: 1 },
    eine: { kind: 'unit', value: 1 },
    zwo: { kind: 'unit', value: 2 },
    fuenf: { kind: 'unit', value: 5 },
    // Only inside sechzehn and siebzehn.
    sech: { kind: 'unit', value: 6 },
    sieb: { kind: 'unit', value: 7 },
    zehn: { kind: 'ten', value: 10 },
    elf: { kind: 'teen', value: 11 },
    zwolf: { kind: 'teen', value: 12 },
    zwoelf: { kind: 'teen', value: 12 },
    zwanzig: { kind: 'tens', value: 20 },
    dreissig: { kind: 'tens', value: 30 },
    dreizig: { kind: 'tens', value: 30 },
    vierzig: { kind: 'tens', value: 40 },
    funfzig: { kind: 'tens', value: 50 },
    fuenfzig: { kind: 'tens', value: 50 },
    sechzig: { kind: 'tens', value: 60 },
    siebzig: { kind: 'tens', value: 70 },
    achtzig: { kind: 'tens', value: 80 },
    neunzig: { kind: 'tens', value: 90 },
    hundert: { kind: 'hundred', value: 100 },
    tausend: { kind: 'thousand', value: 1000 },
    und: { kind: 'and', value: 0 },
  },
};

/** German words the compounds are glued from, longest first so "sechzig" is not read "sech" + ... */
const DE_PIECES = Object.keys(WORDS.de).sort((a, b) => b.length - a.length);
/** A compound longer than this is not a number anyone writes (and keeps the cut bounded). */
const MAX_COMPOUND = 64;

/** The atoms a German word is glued from ("einundzwanzig": ein, und, zwanzig), or undefined. */
function germanPieces(word: string): Atom[] | undefined {
  if (word.length > MAX_COMPOUND) return undefined;
  // Longest piece first, with backtracking: "sechzehn" must not stop at "sechs" + "ehn".
  const cut = (at: number): Atom[] | undefined => {
    if (at === word.length) return [];
    for (const piece of DE_PIECES) {
      if (!word.startsWith(piece, at)) continue;
      const rest = cut(at + piece.length);
      if (rest) return [WORDS.de[piece] as Atom, ...rest];
    }
    return undefined;
  };
  return cut(0);
}

/** Words of a phrase: split on white space, hyphens and commas. */
function wordsOf(phrase: string): string[] {
  return phrase.split(/[\s,;–-]+/u).filter((w) => w.length > 0);
}

/** The atoms of a phrase in one language, or undefined if some word is not a number word there. */
function atomsOf(phrase: string, language: NumberLanguage): Atom[] | undefined {
  const table = WORDS[language];
  const atoms: Atom[] = [];
  for (const word of wordsOf(phrase)) {
    const atom = table[word];
    if (atom && !(language === 'de' && (word === 'sech' || word === 'sieb'))) atoms.push(atom);
    else if (language === 'de') {
      const pieces = germanPieces(word);
      if (!pieces) return undefined;
      atoms.push(...pieces);
    } else return undefined;
  }
  return atoms.length > 0 ? atoms : undefined;
}

interface Read {
  value: number;
  next: number;
}

const kindAt = (atoms: Atom[], i: number): AtomKind | undefined => atoms[i]?.kind;
const valueAt = (atoms: Atom[], i: number): number => atoms[i]?.value ?? 0;

/** A number from 1 to 99 at `i`, as the language writes it, longest reading first. */
function belowHundred(atoms: Atom[], i: number, language: NumberLanguage): Read | undefined {
  const kind = kindAt(atoms, i);
  const value = valueAt(atoms, i);
  if (language === 'en') {
    if (kind === 'teen') return { value, next: i + 1 };
    if (kind === 'tens') {
      if (kindAt(atoms, i + 1) === 'unit' && atoms[i + 1] !== WORDS.en.a)
        return { value: value + valueAt(atoms, i + 1), next: i + 2 };
      return { value, next: i + 1 };
    }
    if (kind === 'unit' && atoms[i] !== WORDS.en.a) return { value, next: i + 1 };
    return undefined;
  }
  if (language === 'fr') {
    // Teens from dix: dix-sept, dix-huit, dix-neuf; "dix" alone; onze to seize.
    const teen = (j: number): Read | undefined => {
      if (kindAt(atoms, j) === 'teen') return { value: valueAt(atoms, j), next: j + 1 };
      if (kindAt(atoms, j) === 'ten') {
        const unit = valueAt(atoms, j + 1);
        if (kindAt(atoms, j + 1) === 'unit' && unit >= 7) return { value: 10 + unit, next: j + 2 };
        return { value: 10, next: j + 1 };
      }
      return undefined;
    };
    // quatre-vingt(s): 80, then a unit or a teen (quatre-vingt-dix-sept: 97).
    if (kind === 'unit' && value === 4 && atoms[i + 1] && (atoms[i + 1] as Atom).value === 20) {
      const rest =
        teen(i + 2) ??
        (kindAt(atoms, i + 2) === 'unit' ? { value: valueAt(atoms, i + 2), next: i + 3 } : undefined);
      return rest ? { value: 80 + rest.value, next: rest.next } : { value: 80, next: i + 2 };
    }
    if (kind === 'unit') return { value, next: i + 1 };
    const asTeen = teen(i);
    if (asTeen) return asTeen;
    if (kind === 'tens') {
      let j = i + 1;
      if (kindAt(atoms, j) === 'and') j++;
      // soixante-dix to soixante-dix-neuf (60 + a teen); vingt et un, trente-deux ...
      const rest =
        (value === 60 ? teen(j) : undefined) ??
        (kindAt(atoms, j) === 'unit' ? { value: valueAt(atoms, j), next: j + 1 } : undefined);
      if (rest) return { value: value + rest.value, next: rest.next };
      return { value, next: i + 1 };
    }
    return undefined;
  }
  // German: einundzwanzig (unit, und, tens), dreizehn (unit, zehn), elf, zwölf, zehn, zwanzig.
  if (kind === 'unit') {
    if (kindAt(atoms, i + 1) === 'and' && kindAt(atoms, i + 2) === 'tens')
      return { value: value + valueAt(atoms, i + 2), next: i + 3 };
    if (kindAt(atoms, i + 1) === 'ten' && value >= 3) return { value: 10 + value, next: i + 2 };
    if (atoms[i] === WORDS.de.sech || atoms[i] === WORDS.de.sieb) return undefined;
    return { value, next: i + 1 };
  }
  if (kind === 'teen' || kind === 'ten' || kind === 'tens') return { value, next: i + 1 };
  return undefined;
}

/** A number from 1 to 999 at `i`: [multiplier] hundred [and] [below a hundred], or below a hundred. */
function belowThousand(atoms: Atom[], i: number, language: NumberLanguage): Read | undefined {
  let j = i;
  let hundreds = 0;
  // "a hundred" and "one hundred"; a bare "cent" or "hundert" in French and German.
  const head = kindAt(atoms, j) === 'unit' && kindAt(atoms, j + 1) === 'hundred' ? valueAt(atoms, j) : 0;
  if (head > 0) {
    hundreds = head;
    j += 2;
  } else if (kindAt(atoms, j) === 'hundred' && language !== 'en') {
    hundreds = 1;
    j += 1;
  } else if (language === 'en' && kindAt(atoms, j) === 'teen' && kindAt(atoms, j + 1) === 'hundred') {
    // "nineteen hundred", "twelve hundred and four"
    hundreds = valueAt(atoms, j);
    j += 2;
  }
  if (atoms[i] === WORDS.en.a && hundreds === 0) return undefined;
  if (hundreds > 0) {
    let k = j;
    if (kindAt(atoms, k) === 'and') k++;
    const rest = belowHundred(atoms, k, language);
    if (rest) return { value: hundreds * 100 + rest.value, next: rest.next };
    return { value: hundreds * 100, next: j };
  }
  return belowHundred(atoms, j, language);
}

/** The whole phrase as one number (0 to 999 999), or undefined. */
function wholeNumber(atoms: Atom[], language: NumberLanguage): number | undefined {
  if (atoms.length === 1 && atoms[0]?.kind === 'zero') return 0;
  let i = 0;
  let thousands = 0;
  const head = belowThousand(atoms, 0, language);
  if (head && kindAt(atoms, head.next) === 'thousand') {
    thousands = head.value;
    i = head.next + 1;
  } else if (kindAt(atoms, 0) === 'thousand' && language !== 'en') {
    thousands = 1;
    i = 1;
  } else if (atoms[0] === WORDS.en.a && kindAt(atoms, 1) === 'thousand') {
    thousands = 1;
    i = 2;
  }
  if (i === atoms.length && thousands > 0) return thousands * 1000;
  if (thousands > 0 && kindAt(atoms, i) === 'and') i++;
  const rest = belowThousand(atoms, i, language);
  if (!rest || rest.next !== atoms.length) return undefined;
  return thousands * 1000 + rest.value;
}

/** The number a phrase writes in `language` ("one hundred and four": 104), or undefined. */
export function parseNumberWords(phrase: string, language: NumberLanguage): number | undefined {
  const atoms = atomsOf(phrase, language);
  return atoms ? wholeNumber(atoms, language) : undefined;
}

/**
 * The phrase read as numbers below a hundred said one after the other, each as its digits ("zéro
 * six": "0", "6"; "douze": "12"; "twenty-two oh five": "22", "0", "5"), the longest group first.
 * Undefined unless every word belongs to a group.
 */
export function numberGroups(phrase: string, language: NumberLanguage): string[] | undefined {
  const atoms = atomsOf(phrase, language);
  if (!atoms) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < atoms.length;) {
    if (kindAt(atoms, i) === 'zero') {
      groups.push('0');
      i++;
      continue;
    }
    const read = belowHundred(atoms, i, language);
    if (!read) return undefined;
    groups.push(String(read.value));
    i = read.next;
  }
  return groups;
}

/**
 * Every number a phrase can stand for in any of the languages, as digit strings: the whole number,
 * and its groups read one after the other when there are several ("twelve oh four": "1204").
 */
export function numberReadings(phrase: string, languages = NUMBER_LANGUAGES): Set<string> {
  const out = new Set<string>();
  for (const language of languages) {
    const whole = parseNumberWords(phrase, language);
    if (whole !== undefined) out.add(String(whole));
    const groups = numberGroups(phrase, language);
    if (groups && groups.length > 1) out.add(groups.join(''));
  }
  return out;
}

/** Every number word of every language (German ones as they stand alone), for patterns and triggers. */
const NUMBER_WORD_LIST: readonly string[] = [
  ...new Set(
    NUMBER_LANGUAGES.flatMap((language) => Object.keys(WORDS[language])).filter(
      (w) => w !== 'sech' && w !== 'sieb',
    ),
  ),
];

/** Whether `word` (folded) is a number word in some language, German compounds included. */
export function isNumberWord(word: string): boolean {
  if (NUMBER_LANGUAGES.some((language) => WORDS[language][word] !== undefined))
    return word !== 'sech' && word !== 'sieb';
  const pieces = germanPieces(word);
  return pieces !== undefined && pieces.length > 0 && !(pieces.length === 1 && pieces[0]?.kind === 'and');
}

/**
 * A regex source for one number word of any language, a German compound included (a run of the
 * pieces it is glued from); a whole phrase is this, repeated with spaces or hyphens between.
 */
export const NUMBER_WORD_SOURCE = (() => {
  const plain = NUMBER_WORD_LIST.filter((w) => w.length > 1).sort((a, b) => b.length - a.length);
  const pieces = DE_PIECES.filter((w) => w !== 'und');
  return `(?:(?:${pieces.join('|')})(?:und)?){2,8}|${plain.join('|')}`;
})();
