/**
 * Compiles a profile once (patterns, digit forms, one combined regex) so that matching a page costs
 * one pass of the combined regex per reading of the page, whatever the number of identifiers.
 */
import type { Identifier } from '../domain/identifier.js';
import { compileAddress } from './address.matcher.js';
import { compileDob } from './dob.matcher.js';
import { compileEmail } from './email.matcher.js';
import { foldValue } from './fold.normalizer.js';
import { compileHandle } from './handle.matcher.js';
import type { FoldedPattern, IdentifierMatcher } from './matcher.types.js';
import { compileName } from './name.matcher.js';
import { compilePhone, phoneDigits } from './phone.matcher.js';
import { parseIsoDate } from './date.parser.js';

export interface CompiledPattern {
  matcher: IdentifierMatcher;
  pattern: FoldedPattern;
  /** Sticky: tested only at a position the combined regex found. */
  sticky: RegExp;
}

/** What the subject's own data looks like to the other-PII detector, so it is not reported as someone else's. */
export interface OwnKeys {
  emails: Set<string>;
  phones: Set<string>;
  dates: Set<string>;
  names: string[];
}

export interface CompiledProfile {
  identifiers: Identifier[];
  matchers: IdentifierMatcher[];
  patterns: CompiledPattern[];
  /** Every pattern in one alternation: the candidate finder. Undefined when there are none. */
  combined?: RegExp;
  own: OwnKeys;
  /** Region to read other people's phone numbers in (the subject's own phone's region, if any). */
  region?: string;
}

function compileOne(identifier: Identifier): IdentifierMatcher {
  switch (identifier.kind) {
    case 'handle':
      return compileHandle(identifier);
    case 'name':
    case 'relative':
      return compileName(identifier);
    case 'email':
      return compileEmail(identifier);
    case 'phone':
      return compilePhone(identifier);
    case 'address':
      return compileAddress(identifier);
    case 'dob':
      return compileDob(identifier);
  }
}

export function compileProfile(identifiers: Identifier[]): CompiledProfile {
  const matchers = identifiers.map(compileOne);
  const patterns: CompiledPattern[] = matchers.flatMap((matcher) =>
    matcher.patterns.map((pattern) => ({ matcher, pattern, sticky: new RegExp(pattern.source, 'yu') })),
  );
  const combined =
    patterns.length > 0
      ? new RegExp(patterns.map((p) => `(?:${p.pattern.source})`).join('|'), 'gu')
      : undefined;
  const own: OwnKeys = { emails: new Set(), phones: new Set(), dates: new Set(), names: [] };
  let region: string | undefined;
  for (const identifier of identifiers) {
    if (identifier.kind === 'email') own.emails.add(`email:${identifier.value.trim().toLowerCase()}`);
    if (identifier.kind === 'phone') {
      const digits = phoneDigits(identifier.value, identifier.region);
      if (digits) own.phones.add(`phone:${digits.national}`);
      region ??= identifier.region;
    }
    if (identifier.kind === 'dob') {
      const date = parseIsoDate(identifier.value);
      if (date) own.dates.add(`${date.year}-${date.month}-${date.day}`);
    }
    if (identifier.kind === 'name' || identifier.kind === 'relative')
      own.names.push(foldValue(identifier.value));
  }
  return { identifiers, matchers, patterns, combined, own, region };
}
