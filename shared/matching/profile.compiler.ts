/**
 * Compiles a profile once (patterns, digit forms, one anchor index) so that matching a page costs
 * one search of its key projection per reading, whatever the number of identifiers.
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
import { buildAnchorIndex } from './anchor.index.js';
import type { AnchorIndex } from './anchor.index.js';

export interface CompiledPattern {
  matcher: IdentifierMatcher;
  pattern: FoldedPattern;
  /** Global: run over the windows around the matcher's anchors. */
  regex: RegExp;
}

/** What the subject's own data looks like to the other-PII detector, so it is not reported as someone else's. */
export interface OwnKeys {
  emails: Set<string>;
  phones: Set<string>;
  dates: Set<string>;
  /** First and last word of each of the person's names, folded: the same person, also without a middle name. */
  names: Array<{ first: string; last: string }>;
}

export interface CompiledProfile {
  identifiers: Identifier[];
  matchers: IdentifierMatcher[];
  /** The compiled patterns of each matcher. */
  patterns: Map<IdentifierMatcher, CompiledPattern[]>;
  /** Every anchor of every matcher in one search: the candidate finder. Undefined when there are none. */
  anchors?: AnchorIndex;
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
  const patterns = new Map<IdentifierMatcher, CompiledPattern[]>(
    matchers.map((matcher) => [
      matcher,
      matcher.patterns.map((pattern) => ({ matcher, pattern, regex: new RegExp(pattern.source, 'gu') })),
    ]),
  );
  const anchors = buildAnchorIndex(matchers);
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
    if (identifier.kind === 'name' || identifier.kind === 'relative') {
      const words = foldValue(identifier.value).split(/\s+/);
      own.names.push({ first: words[0] as string, last: words[words.length - 1] as string });
    }
  }
  return { identifiers, matchers, patterns, anchors, own, region };
}
