/**
 * Small pure helpers shared by every source adapter (forum, imageboard, paste, archive, web search).
 * Each adapter keeps its own markup knowledge; only the chores that must behave the same everywhere
 * live here, once, so a fix to one (a BOM before JSON, a link off the site) reaches them all.
 */
import type { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';

export function baseOf(source: SourceEntry): string {
  return source.baseUrl.replace(/\/+$/, '');
}

/**
 * The adapter's own options, validated. A bad catalog file fails on its first use with the source and
 * field named, rather than an adapter guessing what was meant.
 */
export function readOptions<T>(schema: z.ZodType<T>, source: SourceEntry): T {
  const parsed = schema.safeParse(source.options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `options.${issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
  throw new Error(`source "${source.id}" (${source.adapter}): ${problems}`);
}

/** A JSON body, or undefined when the answer was an HTML error page or a challenge instead. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or a number written as one (paste APIs are loose about ids). */
export function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Paste text as a reader sees it: no byte-order mark, one kind of line break. */
export function plainText(body: string): string {
  return body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Resolves a link from a page, keeping only links that stay on the source (never a fetch elsewhere). */
export function resolveOnSite(
  href: string | undefined,
  pageUrl: string,
  source: SourceEntry,
): URL | undefined {
  if (!href) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(href, pageUrl);
  } catch {
    return undefined;
  }
  const allowed = new Set([new URL(source.baseUrl).origin, new URL(pageUrl).origin]);
  return allowed.has(resolved.origin) ? resolved : undefined;
}

/**
 * Generic "slow down" answers that arrive with a 200 or whose status the adapter never sees (the
 * fetch layer hands adapters bodies only): nginx's 429 page and the usual rate-limit wording.
 */
export const RATE_LIMIT_TEXT =
  /\b429 Too Many Requests\b|^\s*Too Many Requests\b|rate limit(?:ed| exceeded)/i;

/** The pause recommended by common practice after a rate-limit answer when the site names none. */
export const RATE_LIMIT_PAUSE_SECONDS = 60;
