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
 * A compiled matcher for one identifier. Pattern matchers name anchors (keys, see key.projection.ts)
 * so one search of the page's key projection finds candidates for all identifiers in a single pass;
 * their patterns then run in windows around the anchors and `confirm` rules on each match.
 * Number-like kinds (phones, dates) read the page's shared digit runs and dates in `scan`.
 */
export interface IdentifierMatcher {
  identifier: Identifier;
  patterns: FoldedPattern[];
  /** Keys one of which every match of `patterns` (and every field `fieldScan` pairs) contains. */
  anchors: string[];
  /** How many folded units a match of `patterns` may extend beyond its anchor, either side. */
  reach: number;
  confirm?(input: ConfirmInput): Hit | undefined;
  /**
   * Labelled fields of a dox template (plain reading only), searched in a window of `fieldReach`
   * units around each anchor; fields must lie within `[from, to)` of the window's folded text.
   */
  fieldScan?(view: TextView, from: number, to: number): Hit[];
  fieldReach?: number;
  scan?(view: TextView, page: string, written?: WrittenWhen): Hit[];
}

/**
 * When the text was written, for what is said relative to it (an age): the post's own date when
 * the caller knows it, otherwise the day it was fetched (the page may then be older).
 */
export interface WrittenWhen {
  date: Date;
  known: 'post' | 'fetch';
}

export interface ConfirmInput {
  view: TextView;
  page: string;
  /** Folded-text offsets of the regex match. */
  from: number;
  to: number;
  pattern: FoldedPattern;
}
