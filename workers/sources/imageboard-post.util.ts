/**
 * What the imageboard adapters (FoolFuuka, 4chan, vichan, LynxChan) share: board URIs, post numbers,
 * and turning one post's fields into the text the matcher reads. Options and JSON bodies are read
 * with source.util.ts, as every adapter reads them.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ListingSections } from './adapter.js';
import { baseOf } from './source.util.js';

/**
 * Board URIs as sites name them: short runs of letters and digits in any script (lainchan's `λ`), with
 * `_`, `-` or `+`; never a `/`, a dot or a space, so a board name can neither leave its path segment nor
 * put anything but a name into a coverage sentence.
 */
const BOARD_NAME = /^[\p{L}\p{N}\p{M}_+-]{1,32}$/u;
export const boardSchema = z.string().regex(BOARD_NAME, 'must be a board URI like "pol", "ic" or "λ"');

export function isBoardName(value: unknown): value is string {
  return typeof value === 'string' && BOARD_NAME.test(value);
}

/** A board as one path segment of a URL, percent-encoded (`/%CE%BB/`). */
export function boardSegment(board: string): string {
  return encodeURIComponent(board);
}

/**
 * A URL's board and the rest of its path, below the source's base: `/%CE%BB/res/1.html` is board `λ`
 * and rest `/res/1.html`. Undefined off the source or when the first segment is not a board name.
 */
export function boardPath(source: SourceEntry, url: string): { board: string; rest: string } | undefined {
  const path = pathBelowBase(source, url);
  const route = path ? /^\/([^/]+)(\/.*)$/.exec(path) : null;
  if (!route) return undefined;
  let board: string;
  try {
    board = decodeURIComponent(route[1] as string).normalize('NFC');
  } catch {
    return undefined;
  }
  return isBoardName(board) ? { board, rest: route[2] as string } : undefined;
}

/** At most this many boards of one site are walked; the rest are counted in the coverage. */
export const MAX_BOARDS = 400;

/**
 * The boards of a whole-site walk as the processor's sections: those the site's index lists, or the
 * catalog's `options.boards` when it narrows the walk (read in the order given, listed or not).
 */
export function boardSections(
  listed: readonly string[],
  narrowed: readonly string[] | undefined,
  listingUrl: (board: string) => string,
): ListingSections {
  const boards = [...new Set((narrowed ?? listed).map((board) => board.normalize('NFC')))].filter(
    isBoardName,
  );
  const walked = boards.slice(0, MAX_BOARDS);
  return {
    noun: 'boards',
    list: walked.map((board) => ({ label: `/${board}/`, url: listingUrl(board) })),
    ...(boards.length > walked.length ? { leftOut: boards.length - walked.length } : {}),
  };
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Post and thread numbers come as numbers in most APIs and as strings in some forks. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) > 0) return Number(value);
  return undefined;
}

/**
 * The names posters get by default carry nothing about anyone: 4chan's and vichan's "Anonymous", the
 * German boards' "Bernd", and their counterparts elsewhere. A catalog entry's `options.defaultNames`
 * replaces the list for a site that sets its own (LynxChan lets every board choose one).
 */
export const DEFAULT_POSTER_NAMES: readonly string[] = [
  'Anonymous',
  'Anon',
  'Bernd',
  'Anonyme',
  'Anónimo',
  'Anonimo',
  'Anonym',
  'Anonim',
  'Аноним',
  'Анонимус',
  'Nameless',
  '名無し',
  '名無しさん',
  '名無しさん@お腹いっぱい。',
  'としあき',
  '无名氏',
];

/** `options.defaultNames`, as every imageboard adapter reads it. */
export const defaultNamesOption = z.array(z.string().min(1).max(64)).max(100).optional();

function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLocaleLowerCase('en-US');
}

const BUILT_IN_DEFAULTS = new Set(DEFAULT_POSTER_NAMES.map(nameKey));

export interface PostFields {
  subject?: string | undefined;
  name?: string | undefined;
  trip?: string | undefined;
  /** The options field: mostly "sage" or "noko", which are commands, not addresses. */
  email?: string | undefined;
  /** Plain text of the comment. */
  body: string;
  /** Original file names: uploaders name files after what they show ("her_license.jpg"). */
  fileNames?: Array<string | undefined>;
  /** The site's default poster names (DEFAULT_POSTER_NAMES unless its catalog entry says otherwise). */
  defaultNames?: readonly string[] | undefined;
}

/** Whether a poster name is the site's default rather than something someone typed. */
export function isDefaultName(name: string, defaults?: readonly string[]): boolean {
  const key = nameKey(name);
  return defaults ? defaults.some((candidate) => nameKey(candidate) === key) : BUILT_IN_DEFAULTS.has(key);
}

/**
 * One post as text: subject, poster name, then the comment, then file names. The name field is free
 * text on an imageboard (anyone can post under the target's handle or legal name), so it is content
 * here, unlike a forum's registered member name.
 */
export function postText(fields: PostFields): string {
  const name = fields.name?.trim();
  const poster = [name && !isDefaultName(name, fields.defaultNames) ? name : undefined, fields.trip?.trim()]
    .filter(Boolean)
    .join(' ');
  const email = fields.email?.includes('@') ? fields.email.trim() : undefined;
  return [
    fields.subject?.trim(),
    poster,
    email,
    fields.body.replace(/\r\n?/g, '\n').trim(),
    ...(fields.fileNames ?? []).map((file) => file?.trim()),
  ]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n');
}

/**
 * "Name !trip" for the report's author column, as the board showed it: a default "Anonymous" is
 * returned as is (only postText drops it, as noise for the matcher); undefined only when both name
 * and trip are empty.
 */
export function posterOf(name: string | undefined, trip: string | undefined): string | undefined {
  const label = [name?.trim(), trip?.trim()].filter(Boolean).join(' ');
  return label === '' ? undefined : label;
}

/**
 * Post numbers count per board, so the same number exists on two boards of one site: the board is part
 * of the id (`vt/91000133`). Ghost posts of FoolFuuka archives add their sub-number (`ic/7100240_1`).
 */
export function boardPostId(board: string, no: number, subnum = 0): string {
  return subnum > 0 ? `${board}/${no}_${subnum}` : `${board}/${no}`;
}

/** The path of a URL below the source's base path (a source may live under a folder). */
export function pathBelowBase(source: SourceEntry, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(`${baseOf(source)}/`);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  return `/${parsed.pathname.slice(base.pathname.length)}`;
}
