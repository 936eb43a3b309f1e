import { timingSafeEqual } from 'node:crypto';

/** The hidden field every state-changing form carries. */
export const CSRF_FIELD = '_csrf';

/**
 * Whether a submitted token is the expected one, in constant time. A missing, empty or differently
 * sized token is simply false.
 */
export function csrfTokenMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(submitted, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
