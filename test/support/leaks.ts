/**
 * Every spelling of a person's identifier value a careless log line or cache entry could hold: the
 * value, lower-cased, and (for phones) its bare digits.
 */
export function leakNeedles(values: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const value of values) {
    needles.add(value.toLowerCase());
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 7 && /^[+\d\s().-]+$/.test(value)) needles.add(digits);
  }
  return [...needles];
}

/** The needles found in `haystack` (case-insensitive). */
export function findLeaks(haystack: string, needles: readonly string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles.filter((needle) => lower.includes(needle));
}
