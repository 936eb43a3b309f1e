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

export const sourceEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lower-case letters, digits and "-"'),
  name: z.string().min(1),
  adapter: z.enum(ADAPTER_NAMES),
  trust: z.enum(['hostile', 'neutral']),
  baseUrl: z.url(),
  fetch: z.enum(['http', 'browser', 'auto']),
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
    allowPrivateNetwork: z.boolean().optional(),
    enabled: z.boolean().optional(),
    /** Force a fetch mode (e.g. `browser` where a deployment sees a challenge the catalog does not know). */
    fetch: z.enum(['http', 'browser', 'auto']).optional(),
    politeness: politenessSchema.partial().optional(),
  }),
);
export type SourceOverrides = z.infer<typeof sourceOverridesSchema>;
