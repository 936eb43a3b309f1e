/**
 * The source catalog: one JSON file per source under `<package root>/shared/catalog/sources`,
 * validated at load so a typo fails start-up with the file and field named, not a scan later.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { sourceEntrySchema, sourceOverridesSchema } from './catalog.schema.js';
import type { SourceEntry, SourceOverrides } from './catalog.schema.js';

export interface Catalog {
  /** Every source, enabled or not, in id order. */
  list(): readonly SourceEntry[];
  /** One source; an unknown id is an error (a caller asking for it has a typo or a stale id). */
  get(id: string): SourceEntry;
  has(id: string): boolean;
}

export interface LoadCatalogOptions {
  /** Folder of `<id>.json` files; defaults to the shipped catalog. */
  dir?: string;
  /** Deployment overrides (`EXPOSURE_SOURCE_OVERRIDES`): base URLs, private-network permission, politeness. */
  overrides?: SourceOverrides;
}

/**
 * tsc does not copy JSON into `dist/`, so the shipped catalog is found from the package root, which is
 * the same folder whether this module runs from the TypeScript sources or from the build.
 */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}

export function defaultCatalogDir(): string {
  return join(findPackageRoot(), 'shared', 'catalog', 'sources');
}

/** "politeness.concurrency: Too small: ..." for each problem, so the reader knows which line to fix. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`${what}: cannot read (${(cause as Error).message})`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new Error(`${what}: not valid JSON (${(cause as Error).message})`, { cause });
  }
}

function loadEntry(dir: string, file: string): SourceEntry {
  const what = `catalog file ${file}`;
  const parsed = sourceEntrySchema.safeParse(readJson(join(dir, file), what));
  if (!parsed.success) throw new Error(`${what}: ${describeIssues(parsed.error)}`);
  const expectedId = basename(file, '.json');
  if (parsed.data.id !== expectedId) {
    throw new Error(`${what}: id: must equal the file name ("${expectedId}"), found "${parsed.data.id}"`);
  }
  return parsed.data;
}

function applyOverride(entry: SourceEntry, override: SourceOverrides[string]): SourceEntry {
  const merged = {
    ...entry,
    ...(override.baseUrl !== undefined && {
      baseUrl: override.baseUrl,
      // The shipped addresses stay known (archived copies under them are still this site's), but are
      // never fetched live: they are the real site's.
      aliases: [...new Set([entry.baseUrl, ...entry.mirrors, ...entry.aliases])],
      mirrors: [],
    }),
    ...(override.mirrors !== undefined && { mirrors: override.mirrors }),
    ...(override.allowPrivateNetwork !== undefined && { allowPrivateNetwork: override.allowPrivateNetwork }),
    ...(override.enabled !== undefined && { enabled: override.enabled }),
    ...(override.fetch !== undefined && { fetch: override.fetch }),
    politeness: { ...entry.politeness, ...stripUndefined(override.politeness ?? {}) },
  };
  // Validated again: an override must not produce an entry the shipped files could not contain.
  const parsed = sourceEntrySchema.safeParse(merged);
  if (!parsed.success) throw new Error(`source override for ${entry.id}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function loadCatalog(options: LoadCatalogOptions = {}): Catalog {
  const dir = options.dir ?? defaultCatalogDir();
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const byId = new Map<string, SourceEntry>();
  for (const file of files) {
    const entry = loadEntry(dir, file);
    byId.set(entry.id, entry);
  }
  for (const [id, override] of Object.entries(options.overrides ?? {})) {
    const entry = byId.get(id);
    // A misspelt id in an override file would silently leave the real site configured.
    if (!entry)
      throw new Error(`source override for unknown source "${id}" (known: ${[...byId.keys()].join(', ')})`);
    byId.set(id, applyOverride(entry, override));
  }
  const entries = Object.freeze([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)));
  return {
    list: () => entries,
    has: (id) => byId.has(id),
    get(id) {
      const entry = byId.get(id);
      if (!entry) throw new Error(`unknown source "${id}" (known: ${[...byId.keys()].join(', ')})`);
      return entry;
    },
  };
}

/** Reads and validates the JSON file named by `EXPOSURE_SOURCE_OVERRIDES`. */
export function loadSourceOverridesFile(path: string): SourceOverrides {
  const what = `source overrides file ${basename(path)}`;
  const parsed = sourceOverridesSchema.safeParse(readJson(path, what));
  if (!parsed.success) throw new Error(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
