/**
 * Namesakes: a match of the person's name on a page that is about somebody else with that name.
 * The text around the match is read for what contradicts the person: an age or year of birth that
 * does not fit their date of birth, another town than the one their address gives, or the page
 * saying so ("not the same person", "homonyme", "Namensvetter"). Pure: the caller cuts the text
 * around the match (nameContext) and says what the person's details are (personFacts) and what day
 * it is. Only what the person gave can be contradicted: without a date of birth no age is read,
 * without an address no town.
 */
import type { Identifier } from '../domain/identifier.js';
import type { NamesakeReason } from '../domain/page.js';
import { parseAddress } from './address.matcher.js';
import { parseIsoDate } from './date.parser.js';
import type { DateReading } from './date.parser.js';
import { foldValue } from './fold.normalizer.js';

/** What a page could contradict about the person. */
export interface PersonFacts {
  born?: DateReading;
  /** Towns of the person's addresses, folded (see townKey). */
  towns: string[];
}

export function personFacts(identifiers: readonly Identifier[]): PersonFacts {
  const facts: PersonFacts = { towns: [] };
  for (const identifier of identifiers) {
    if (identifier.kind === 'dob') facts.born ??= parseIsoDate(identifier.value);
    if (identifier.kind === 'address') {
      const town = parseAddress(identifier.value)?.town;
      if (town !== undefined && townKey(town).length > 0) facts.towns.push(townKey(town));
    }
  }
  return facts;
}

/** The sentence around a match: what comes before it, after it, and the next sentence. */
export interface NameContext {
  before: string;
  after: string;
  next: string;
}

/** How far either side of the name the context reaches, in units of the page. */
const SIDE = 160;
/** A sentence ends at a line break, or at . ! ? before a capital (not "b. 1971"). */
const SENTENCE_END = /[.!?…]+(?=[ \t]+[\p{Lu}"«„(])|\r?\n/gu;

export function nameContext(page: string, start: number, end: number): NameContext {
  const head = page.slice(Math.max(0, start - SIDE), start);
  let cut = 0;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  const tail = page.slice(end, end + 2 * SIDE);
  const first = firstEnd(tail, 0);
  const after = tail.slice(0, Math.min(first?.index ?? tail.length, SIDE));
  let next = '';
  if (first && first.index < SIDE) {
    const from = first.index + first.length;
    const second = firstEnd(tail, from);
    next = tail.slice(from, Math.min(second?.index ?? tail.length, from + SIDE));
  }
  return { before: head.slice(cut), after, next };
}

function firstEnd(text: string, from: number): { index: number; length: number } | undefined {
  SENTENCE_END.lastIndex = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (m.index >= from) return { index: m.index, length: m[0].length };
  }
  return undefined;
}

/** The day the page was written (`post`), or only fetched (`fetch`: it may be years older). */
export interface Day {
  year: number;
  month: number;
  day: number;
  known?: 'post' | 'fetch';
}

/**
 * How many years old a page may be when only the day it was fetched is known: an age the person
 * had up to this long ago still fits.
 */
const PAGE_AGE_YEARS = 15;

/** What in the context says the name is somebody else's, or undefined when nothing does. */
export function contradiction(
  context: NameContext,
  person: PersonFacts,
  today: Day,
): NamesakeReason | undefined {
  const sentence = foldValue(`${context.before} \u0000 ${context.after}`);
  if (DENIALS.some((re) => re.test(sentence)) || deniedNext(context.next)) return 'denial';
  if (person.born && !ageFits(context, person.born, today)) return 'age';
  if (person.towns.length > 0) {
    const town = townNear(context.after);
    if (town !== undefined && !person.towns.some((own) => sameTown(own, town))) return 'town';
  }
  return undefined;
}

// -----------------------------------------------------------------------------------------------
// Denials, per language, on folded text (lower case, no accents: "même" reads "meme").

const PERSON_WORD = '(?:person|one|guy|gal|woman|man|girl|lady|boy|individual|account)';
const DENIALS: RegExp[] = [
  // English
  new RegExp(`\\bnot (?:the )?same ${PERSON_WORD}\\b`),
  new RegExp(`\\b(?:wrong|different) ${PERSON_WORD}\\b`),
  /\bno relation\b|\bnot related\b|\bunrelated\b|\bnamesakes?\b/,
  /\b(?:just|only|merely) (?:has|have|shares?|happens to have) (?:the|a|her|his|their) (?:same )?name\b/,
  // French
  /\bpas (?:la|le) (?:meme|bonne?)(?: personne)?\b|\bmauvaise personne\b|\bpersonne differente\b/,
  /\bhomonymes?\b|\baucun (?:lien|rapport)\b|\bsans (?:aucun )?(?:lien|rapport)\b|\brien a voir\b/,
  // German
  /\bnicht (?:dieselbe|dieselben|derselbe|die gleiche|der gleiche|identisch)\b|\bfalsche person\b/,
  /\b(?:ist|sind|war|eine) andere person\b|\bnamensvetter(?:in)?\b|\bnicht verwandt\b|\bnichts zu tun\b/,
];

/**
 * Words a next sentence may start with and still speak of the name before it ("Wrong person.",
 * "That is not her.", "C'est un homonyme."); a sentence starting with another name ("Ottmar is a
 * different person") speaks of someone else.
 */
const ABOUT_THE_NAME = new Set(
  (
    'wrong not no different that this it she he they who same ' +
    'pas ce c cela ca elle il mauvaise aucun homonyme ' +
    'das dies sie er es nicht falsche andere namensvetter namensvetterin'
  ).split(' '),
);

/** A denial in the sentence after the name, if that sentence is about the name. */
function deniedNext(next: string): boolean {
  const first = /\p{L}+/u.exec(next)?.[0];
  if (first === undefined || !ABOUT_THE_NAME.has(foldValue(first))) return false;
  const folded = foldValue(next);
  return DENIALS.some((re) => re.test(folded));
}

// -----------------------------------------------------------------------------------------------
// Ages and years of birth, on folded text ("âgée" reads "agee", "54-jährige" reads "54-jahrige").

const AGE_WORDS = '(?:years?[ \\t-]*old|yrs?[ \\t-]*old|y\\/?o\\b|-?jahrige?[rnms]?\\b|jahre alt\\b|ans\\b)';
/** Ages after the name: "X, 54, a plumber", "X (54)", "X, 54 ans", "X is 54 years old", "X a 54 ans". */
const AGE_AFTER: RegExp[] = [
  /^[ \t]*[,(][ \t]*(\d{1,3})(?=[ \t]*(?:[,);:]|$|[ \t]+(?:years?|yrs?|y\/?o|ans|jahre|a|an|un|une|ein|eine|der|die)\b))/,
  new RegExp(`(?<![\\d.,/])(\\d{1,3})[ \\t-]*${AGE_WORDS}`),
  /\b(?:is|ist|aged?|agee?s? de)[ \t]+(\d{1,3})(?=[ \t]*(?:[.,;)!]|$|ans\b|jahre\b))/,
];
/** Ages just before the name: "the 54-year-old plumber X", "der 54-jährige X". */
const AGE_BEFORE = new RegExp(
  `(?<![\\d.,/])(\\d{1,3})[ \\t-]*${AGE_WORDS}[ \\t]+(?:[\\p{L}]+[ \\t]+)?$`,
  'u',
);
/** A year of birth after the name: "X, born 1971", "X (b. 1971)", "X, née en 1971", "X, geb. 3.4.1971". */
const BORN_AFTER =
  /(?:\bborn|(?<![\p{L}])b\.|\bnee?|\bgeboren|\bgeb\.|\bjahrgang)[ \t]*(?:in|en|im|le|am|on)?[ \t]*(?:\d{1,2}[./-]\d{1,2}[./-]|\d{1,2}\.?[ \t]+\p{L}+\.?[ \t]+)?((?:19|20)\d\d)\b/u;

function ageFits(context: NameContext, born: DateReading, today: Day): boolean {
  const after = foldValue(context.after);
  const before = foldValue(context.before);
  const year = BORN_AFTER.exec(after);
  if (year) return Number(year[1]) === born.year;
  let closest: { at: number; age: number } | undefined;
  for (const re of AGE_AFTER) {
    const m = re.exec(after);
    if (m && (!closest || m.index < closest.at)) closest = { at: m.index, age: Number(m[1]) };
  }
  const earlier = AGE_BEFORE.exec(before)?.[1];
  const age = closest?.age ?? (earlier === undefined ? undefined : Number(earlier));
  if (age === undefined) return true;
  const now =
    today.year -
    born.year -
    (today.month < born.month || (today.month === born.month && today.day < born.day) ? 1 : 0);
  // Turning a year older soon is still the person; so is an age they had when an older page was written.
  return age <= now + 1 && age >= now - (today.known === 'post' ? 1 : PAGE_AGE_YEARS);
}

// -----------------------------------------------------------------------------------------------
// Towns, on the text as written: a town is a capitalised word after a preposition of place.

/** A place right after the name (within this many units): "X from Duluth", "X, plombier à Rennes". */
const TOWN_REACH = 80;
const TOWN = "((?:\\p{Lu}[\\p{L}’'-]+)(?:[ \\t-](?:\\p{Lu}[\\p{L}’'-]+))?)";
/** Words that place a person wherever they stand right after the name: "X from Duluth", "X aus Köln". */
const TOWN_AFTER = new RegExp(
  `(?<![\\p{L}])(?:from|near|lives in|living in|based in|aus|wohnt in|wohnhaft in|de|d[’']|à|habite à|vit à|originaire de)[ \\t]+${TOWN}`,
  'u',
);
/**
 * "in", "of" and "bei" place a person only in an apposition ("X, a plumber in Duluth"): right after
 * a name they mostly name something else ("X in Photoshop", "X of Tumblr fame").
 */
const TOWN_IN_APPOSITION = new RegExp(`(?<![\\p{L}])(?:in|of|bei)[ \\t]+${TOWN}`, 'u');
const APPOSITION = /^[ \t]*[,(]/;
/** Capitalised words after "in" or "from" that are no town: months, days, languages, platforms. */
const NOT_TOWNS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre ' +
    'januar februar marz juni juli oktober dezember ' +
    'monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag ' +
    'english french german englisch deutsch franzosisch anglais allemand francais ' +
    'twitter discord reddit tumblr facebook instagram tiktok youtube twitch patreon kiwi telegram mastodon ' +
    'bluesky deviantart etsy steam google amazon linkedin github kofi ko-fi carrd x the a an la le les der die das ' +
    'un une ein eine my her his their our your this that mon ma ses sein seine ihr ihre'
  ).split(' '),
);

function townNear(after: string): string | undefined {
  const near = after.slice(0, TOWN_REACH);
  const direct = TOWN_AFTER.exec(near);
  const apposed = APPOSITION.test(near) ? TOWN_IN_APPOSITION.exec(near) : null;
  const m = direct && (!apposed || direct.index <= apposed.index) ? direct : apposed;
  const town = m?.[1];
  if (town === undefined) return undefined;
  const key = townKey(town);
  const firstWord = key.split(' ')[0] ?? '';
  return NOT_TOWNS.has(firstWord) || key.length < 3 ? undefined : key;
}

/** A town compared without case, accents, "ue" for "ü", hyphens or "Saint"/"St" differences. */
function townKey(town: string): string {
  return foldValue(town.normalize('NFC').replace(/([aouAOU])e/g, '$1'))
    .replace(/[-'’.]+/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The same town, or one named inside the other ("West Leeds", "Leeds"). */
function sameTown(own: string, found: string): boolean {
  const inside = (a: string, b: string): boolean => ` ${b} `.includes(` ${a} `);
  return inside(own, found) || inside(found, own);
}
