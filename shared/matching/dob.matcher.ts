/**
 * Dates of birth: any complete writing of the same date. A date one day, month or year off is
 * another date; two-digit years and day/month order are read every valid way.
 */
import type { Identifier } from '../domain/identifier.js';
import { datesOf, parseIsoDate } from './date.parser.js';
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import type { TextView } from './text.views.js';

const BIRTH_CONTEXT =
  /(?:dob|d\.o\.b|born|birth|birthday|bday|b-day|geb(?:oren|urtstag)?|naissance|ne le|nee le|age)\W{0,20}$/;

export function compileDob(identifier: Identifier): IdentifierMatcher {
  const date = parseIsoDate(identifier.value);
  return {
    identifier,
    patterns: [],
    anchors: [],
    reach: 0,
    scan(view: TextView, page: string): Hit[] {
      // Reversed dates are too rare to pay for a second tokenisation of the page; rot13 changes only
      // month names, so only written dates are looked for there.
      if (!date || view.kind === 'reversed') return [];
      const hits: Hit[] = [];
      for (const found of datesOf(view.light, view.kind === 'rot13')) {
        if (!found.readings.some((r) => r.year === date.year && r.month === date.month && r.day === date.day))
          continue;
        const start = view.light.starts[found.from] as number;
        const end = view.light.ends[found.to - 1] as number;
        const original = page.slice(start, end);
        const context = BIRTH_CONTEXT.test(view.light.text.slice(Math.max(0, found.from - 40), found.from));
        let method = found.written ? 'dob-written' : 'dob-numeric';
        if (original === identifier.value) method = 'exact';
        if (view.kind === 'rot13' || view.kind === 'base64' || view.kind === 'hex') method = view.kind;
        hits.push({ start, end, method, confidence: context ? 0.95 : 0.8 });
      }
      return hits;
    },
  };
}
