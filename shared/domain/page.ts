/** What adapters and the matcher exchange. Plain data, no IO. */

/** A page a search pointed at (a thread page, a post, a raw paste). */
export interface PageRef {
  url: string;
  /**
   * The catalog source the page belongs to, when it is not the source that found it (a web search or
   * a web archive pointing at a forum thread): the page is then fetched and parsed as that source's.
   */
  sourceId?: string;
}

/** One post (or one paste) extracted from a fetched page, with what an advocate needs to report it. */
export interface ExtractedPost {
  /** The source's own id of the post ("5550012", a paste key). */
  postId: string;
  author?: string;
  /** A URL pointing at exactly this post, to give to the site's moderators or its host. */
  permalink: string;
  /** Plain text of the post, quotes and link targets included, tags removed. */
  text: string;
}

/**
 * The method of a name match whose page says it is about somebody else with the same name (another
 * age, another town, or in so many words): shown, but never counted as an exposure (severity.ts).
 */
export const POSSIBLE_NAMESAKE = 'possible-namesake';
/** What the page says that does not fit the person. */
export const NAMESAKE_REASONS = ['age', 'town', 'denial'] as const;
export type NamesakeReason = (typeof NAMESAKE_REASONS)[number];

export interface MatchHit {
  identifierId: string;
  kind: string;
  /** How it was found: "exact", "case-folded", "unicode-folded", ..., or POSSIBLE_NAMESAKE. */
  method: string;
  confidence: number;
  /** With POSSIBLE_NAMESAKE: what the page says that does not fit the person. */
  namesake?: NamesakeReason;
  /** A short window around the match, with every other piece of personal data masked. */
  snippet: string;
  /**
   * Where the identifier itself sits in `snippet`, as [start, end) offsets. Absent on findings
   * stored before snippets carried them.
   */
  highlights?: Array<[number, number]>;
}

export interface OtherPii {
  category: string;
  masked: string;
}

export interface TextMatchResult {
  matches: MatchHit[];
  otherPii: OtherPii[];
}
