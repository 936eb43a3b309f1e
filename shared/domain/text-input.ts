import { z } from 'zod';

/**
 * Free text a requester types (identifier values, who attested consent, a case reference): what it may
 * not hold, and the one form it is kept in. Refused, not cleaned, because a silently altered value would
 * be searched for and matched as something the person did not give:
 * - lone UTF-16 surrogates ("\ud800" in JSON) and U+FFFD, which is what undecodable bytes become in a
 *   form post: the text was not valid UTF-8 to begin with;
 * - control characters (C0, DEL, C1), which no name, handle or address contains;
 * - bidirectional formatting characters (LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E, the
 *   isolates U+2066–U+2069), which make text display in another order than it is stored.
 * What is left is kept in Unicode NFC, so "é" typed as one character or as "e" plus an accent is one value.
 * Messages never repeat the text.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const REPLACEMENT_CHARACTER = /\uFFFD/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;
const BIDI_FORMATTING = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const TEXT_REFUSALS = {
  invalidUnicode: 'must be valid UTF-8 text (it holds an unpaired surrogate or an undecodable byte)',
  control: 'must not contain control characters',
  bidi: 'must not contain bidirectional formatting characters (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)',
} as const;

/** Trimmed, checked, NFC text of 1 to `max` characters. */
export function plainTextSchema(max: number) {
  return z
    .string()
    .trim()
    .refine((value) => !LONE_SURROGATE.test(value) && !REPLACEMENT_CHARACTER.test(value), {
      message: TEXT_REFUSALS.invalidUnicode,
    })
    .refine((value) => !CONTROL_CHARACTER.test(value), { message: TEXT_REFUSALS.control })
    .refine((value) => !BIDI_FORMATTING.test(value), { message: TEXT_REFUSALS.bidi })
    .overwrite((value) => value.normalize('NFC'))
    .max(max, `must be at most ${max} characters`);
}
