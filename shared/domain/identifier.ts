import { z } from 'zod';
import { plainTextSchema } from './text-input.js';

export const IDENTIFIER_KINDS = ['handle', 'name', 'email', 'phone', 'address', 'dob', 'relative'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * Public identifiers are the ones a person already shows the world (handles, a display name marked
 * `public`). Only these may be typed into a hostile source's search box (docs/safety.md §2); everything else
 * is matched locally in fetched pages.
 */
export function isPublicIdentifier(identifier: Pick<Identifier, 'kind' | 'public'>): boolean {
  if (identifier.kind === 'handle') return true;
  return identifier.kind === 'name' && identifier.public === true;
}

export const identifierIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-"');

export const identifierInputSchema = z.strictObject({
  id: identifierIdSchema.optional(),
  kind: z.enum(IDENTIFIER_KINDS),
  value: plainTextSchema(256).min(1, 'must not be empty'),
  /** For phones written without a country code: the ISO 3166 region to read them in (e.g. "GB"). */
  region: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 region code')
    .optional(),
  /** A name the person uses publicly (a display name); handles are always public. */
  public: z.boolean().optional(),
});
export type IdentifierInput = z.infer<typeof identifierInputSchema>;

/** An identifier after validation: it always has an id that is unique within its profile. */
export type Identifier = IdentifierInput & { id: string };

/**
 * Two identifiers are the same when their kinds are and their values read alike: case and runs of
 * spaces aside (values are NFC already), and for phones, digits and a leading "+" alone.
 */
export function identifierSameness(identifier: Pick<IdentifierInput, 'kind' | 'value'>): string {
  const value =
    identifier.kind === 'phone'
      ? identifier.value.replace(/[^\d+]/g, '')
      : identifier.value.toLowerCase().replace(/\s+/g, ' ');
  return `${identifier.kind}:${value}`;
}

/** At most this many identifiers per scan: the API's bound, and the new-scan form's rows. */
export const MAX_IDENTIFIERS = 100;

export const identifierListSchema = z
  .array(identifierInputSchema)
  .min(1, 'at least one identifier is required')
  .max(MAX_IDENTIFIERS, `at most ${MAX_IDENTIFIERS} identifiers per scan`)
  .superRefine(
    (list, ctx) => {
      const seen = new Set<string>();
      // Refused rather than merged: the two may differ in id or in `public` (whether a name may be typed
      // into a hostile site's search), and the requester should choose, not us. Either way the same value
      // never reaches a source's search twice.
      const firstOf = new Map<string, number>();
      list.forEach((identifier, index) => {
        // Runs even when another row failed (see `when`), so a row may not be an identifier yet.
        if (typeof identifier?.value !== 'string' || typeof identifier.kind !== 'string') return;
        const same = identifierSameness(identifier);
        const first = firstOf.get(same);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `repeats identifiers[${first}] (same kind and value)`,
            path: [index, 'value'],
            params: { duplicateOf: first },
          });
        } else firstOf.set(same, index);
        if (!identifier.id) return;
        if (seen.has(identifier.id)) {
          ctx.addIssue({
            code: 'custom',
            message: 'repeats the id of an earlier identifier',
            path: [index, 'id'],
          });
        }
        seen.add(identifier.id);
      });
      // Also when some rows failed: every problem is said at once, not one round after another.
    },
    { when: (payload) => Array.isArray(payload.value) },
  );

/** Gives every identifier without an id one derived from its kind ("handle" -> "h1", "h2", ...). */
export function assignIdentifierIds(list: IdentifierInput[]): Identifier[] {
  const taken = new Set(list.flatMap((identifier) => (identifier.id ? [identifier.id] : [])));
  const counters = new Map<string, number>();
  return list.map((identifier) => {
    if (identifier.id) return { ...identifier, id: identifier.id };
    const prefix =
      identifier.kind === 'dob' ? 'd' : identifier.kind === 'phone' ? 't' : identifier.kind.charAt(0);
    let n = counters.get(prefix) ?? 0;
    let id: string;
    do id = `${prefix}${++n}`;
    while (taken.has(id));
    counters.set(prefix, n);
    taken.add(id);
    return { ...identifier, id };
  });
}

/** The profile file of `scan` and `match`: `{"identifiers":[{"id":"h1","kind":"handle","value":"..."}]}`. */
export const profileSchema = z.object({
  persona: z.string().optional(),
  identifiers: identifierListSchema,
});
export type Profile = z.infer<typeof profileSchema>;
