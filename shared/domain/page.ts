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

export interface MatchHit {
  identifierId: string;
  kind: string;
  /** How it was found: "exact", "case-folded", "unicode-folded", ... */
  method: string;
  confidence: number;
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
