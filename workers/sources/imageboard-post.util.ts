/**
 * What the imageboard adapters (FoolFuuka, 4chan, vichan, LynxChan) share: board URIs, post numbers,
 * and turning one post's fields into the text the matcher reads. Options and JSON bodies are read
 * with source.util.ts, as every adapter reads them.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { baseOf } from './source.util.js';

/** Board URIs as the software allows them in paths: short, lower-case letters and digits. */
export const boardSchema = z.string().regex(/^[a-z0-9]{1,32}$/, 'must be a board URI like "pol" or "ic"');

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Post and thread numbers come as numbers in most APIs and as strings in some forks. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) > 0) return Number(value);
  return undefined;
}

/** The name every poster gets by default carries nothing about anyone. */
const DEFAULT_NAMES = new Set(['anonymous', 'anon']);

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
}

/**
 * One post as text: subject, poster name, then the comment, then file names. The name field is free
 * text on an imageboard (anyone can post under the target's handle or legal name), so it is content
 * here, unlike a forum's registered member name.
 */
export function postText(fields: PostFields): string {
  const name = fields.name?.trim();
  const poster = [name && !DEFAULT_NAMES.has(name.toLowerCase()) ? name : undefined, fields.trip?.trim()]
    .filter(Boolean)
    .join(' ');
  const email = fields.email?.includes('@') ? fields.email.trim() : undefined;
  return [
    fields.subject?.trim(),
    poster,
    email,
    fields.body.trim(),
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

/**
 * A listing of several boards is read one board per page: the next page is the next board's listing,
 * worked out from the URL just read so the adapter stays stateless.
 */
export function nextBoard(boards: readonly string[], current: string | undefined): string | undefined {
  if (current === undefined) return undefined;
  const index = boards.indexOf(current);
  return index >= 0 ? boards[index + 1] : undefined;
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
