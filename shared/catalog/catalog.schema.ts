import { z } from 'zod';

export const ADAPTER_NAMES = [
  'xenforo',
  'foolfuuka',
  'fourchan',
  'vichan',
  'lynxchan',
  'pastebin',
  'psbdmp',
  'doxbin',
  'rentry',
  'pasteee',
  'justpaste',
  'wayback',
  'archive-today',
  'searxng',
] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/**
 * What kind of place a source's pages are: the site itself, a web archive's copies of other sites'
 * pages, or a search engine's results pointing at other sites.
 */
export function placeKindOf(adapter: AdapterName): 'site' | 'archive' | 'search' {
  if (adapter === 'wayback' || adapter === 'archive-today') return 'archive';
  return adapter === 'searxng' ? 'search' : 'site';
}

/** A host as the catalog compares it: lower case, without `www.`; the port kept (replicas differ only by it). */
export function hostKey(url: URL): string {
  return url.host.toLowerCase().replace(/^www\./, '');
}

/**
 * Every host the site is known under (its address, mirrors and aliases), as archived copies and search
 * results name them: a copy under any of them is this site's page.
 */
export function siteHosts(source: Pick<SourceEntry, 'baseUrl' | 'mirrors' | 'aliases'>): string[] {
  return [
    ...new Set([source.baseUrl, ...source.mirrors, ...source.aliases].map((url) => hostKey(new URL(url)))),
  ];
}

export const politenessSchema = z.strictObject({
  /** Requests per second this source may receive from all workers together. */
  requestsPerSecond: z.number().positive().max(1000),
  /** Requests in flight at once, across all workers. */
  concurrency: z.number().int().min(1).max(16),
  /** Result pages followed per query before stopping. */
  maxResultPages: z.number().int().min(1).max(50),
  /** Pages (threads, pastes) fetched per scan from this source. */
  maxPagesPerScan: z.number().int().min(1).max(2000),
});
export type Politeness = z.infer<typeof politenessSchema>;

/**
 * What a person can do about a page of this source (facts for the report's next steps; the words are
 * the report's): whether writing to the site's own staff is wise, and whether removal is realistic.
 */
export const removalRouteSchema = z.strictObject({
  /**
   * `never`: the site publishes complaints or exists to post doxes, so contacting it makes things
   * worse. `report-button`: each post has a report control the site acts on. `unknown`: no known route.
   */
  contactSite: z.enum(['never', 'report-button', 'unknown']),
  /** `unlikely`: the site refuses removals; delisting and its host are the routes left. */
  removal: z.enum(['possible', 'unlikely']),
});
export type RemovalRoute = z.infer<typeof removalRouteSchema>;

export const sourceEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lower-case letters, digits and "-"'),
  name: z.string().min(1),
  adapter: z.enum(ADAPTER_NAMES),
  trust: z.enum(['hostile', 'neutral']),
  baseUrl: z.url(),
  /**
   * Other addresses of the same site (former domains, mirrors). A deployment that points `baseUrl`
   * elsewhere keeps the shipped address here, so archived copies under it are still known as this site's.
   */
  aliases: z.array(z.url()).default([]),
  /**
   * Live copies of the site serving the same pages under another address, tried in order when the main
   * address cannot be reached (never when it answers, whatever it answers). A `.onion` mirror is used
   * only through a SOCKS proxy (Tor), which alone can reach it. Archives also ask about every mirror.
   */
  mirrors: z.array(z.url()).default([]),
  fetch: z.enum(['http', 'browser', 'auto']),
  removalRoute: removalRouteSchema.default({ contactSite: 'unknown', removal: 'possible' }),
  /** Adapter-specific settings (search paths, boards); each adapter validates its own. */
  options: z.record(z.string(), z.unknown()).default({}),
  politeness: politenessSchema,
  enabled: z.boolean().default(true),
  /** Set only by deployment overrides (the replica farm in tests): lets this source live on a private address. */
  allowPrivateNetwork: z.boolean().default(false),
  description: z.string().optional(),
});
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

/** `EXPOSURE_SOURCE_OVERRIDES`: `{"<sourceId>": {"baseUrl": "...", "allowPrivateNetwork": true}}`. */
export const sourceOverridesSchema = z.record(
  z.string(),
  z.strictObject({
    baseUrl: z.url().optional(),
    /**
     * Replaces the shipped mirrors. A new `baseUrl` without `mirrors` drops them (they are the real
     * site's, which a deployment pointed elsewhere must not reach by the back door).
     */
    mirrors: z.array(z.url()).optional(),
    allowPrivateNetwork: z.boolean().optional(),
    enabled: z.boolean().optional(),
    /** Force a fetch mode (e.g. `browser` where a deployment sees a challenge the catalog does not know). */
    fetch: z.enum(['http', 'browser', 'auto']).optional(),
    politeness: politenessSchema.partial().optional(),
  }),
);
export type SourceOverrides = z.infer<typeof sourceOverridesSchema>;
