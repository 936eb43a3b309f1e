import type { Identifier } from '../domain/identifier.js';
import type { TextView } from './text.views.js';

/** One place an identifier was found, in offsets of the page text. */
export interface Hit {
  start: number;
  end: number;
  method: string;
  confidence: number;
  /**
   * For a hit assembled from separate places (labelled fields of a dox), the parts that are the
   * identifier; whatever lies between them is context and gets masked in the snippet.
   */
  parts?: Array<[number, number]>;
}

/** A regex over the fully folded text of a view, and what a match of it means. */
export interface FoldedPattern {
  source: string;
  /** Method reported when the hit is not simply the value with its case or Unicode form changed. */
  method: string;
  confidence: number;
}

/**
 * A compiled matcher for one identifier. Pattern matchers expose regexes so one combined regex
 * finds candidates for all identifiers in a single pass; `confirm` then rules on each candidate.
 * Number-like kinds (phones, dates) tokenise the digit-preserving fold themselves in `scan`.
 */
export interface IdentifierMatcher {
  identifier: Identifier;
  patterns: FoldedPattern[];
  confirm?(input: ConfirmInput): Hit | undefined;
  scan?(view: TextView, page: string): Hit[];
}

export interface ConfirmInput {
  view: TextView;
  page: string;
  /** Folded-text offsets of the regex match. */
  from: number;
  to: number;
  pattern: FoldedPattern;
}
