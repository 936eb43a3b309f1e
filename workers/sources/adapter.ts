import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';

/**
 * An adapter knows one kind of site software. Everything here is pure: it builds URLs and parses
 * bodies it is handed; fetching is the fetch layer's job.
 */
export interface SourceAdapter {
  readonly name: string;
  /**
   * `query`: the site has a search; one search per public identifier.
   * `listing`: the site has none; its listing is walked once per scan and every page is matched locally,
   * so nothing about the person is sent at all.
   */
  readonly searchMode: 'query' | 'listing';
  /** First URL of a search (for `listing` adapters the query is absent). */
  searchUrl(source: SourceEntry, query: string | undefined): string;
  /**
   * Reads one search-result (or listing) page. `status` is the HTTP status it came with, when known:
   * a 404 for an address guessed from a handle (a rentry slug, an archived URL) means "nothing there",
   * while a 404 from a search endpoint means something else went wrong; only the adapter knows which.
   */
  parseSearchPage(source: SourceEntry, body: string, url: string, status?: number): SearchPage;
  /** Reads a fetched page into posts. */
  extractPosts(source: SourceEntry, body: string, url: string): ExtractedPost[];
  /** For a page of several pages (a long thread), the next page to fetch, if any. */
  nextPageUrl?(source: SourceEntry, body: string, url: string): string | undefined;
}

export type SearchOutcome =
  /** Result rows were found (possibly none on this page but the search itself worked). */
  | 'results'
  /** The site said plainly that nothing matched. */
  | 'empty'
  /** The site asked us to slow down (flood control); `retryAfterSeconds` says for how long. */
  | 'throttled'
  /** The site shows this page to members only (a login wall) or refuses us: retrying will not help. */
  | 'blocked'
  /** An anti-bot check stood where the page should be, and it was not passed. */
  | 'challenge'
  /** A page that is neither results nor an explicit "nothing": a login wall, a challenge, an error. */
  | 'unknown';

export interface SearchPage {
  outcome: SearchOutcome;
  pages: PageRef[];
  next?: string;
  retryAfterSeconds?: number;
  /**
   * Set when the page shows only a window of what the site holds (a listing of the newest pastes):
   * what was left unread, in plain words ("only the newest 250 pastes ..."). The source is then
   * recorded as checked in part, never as complete.
   */
  partial?: string;
  /**
   * On a site's index page only (a listing of a whole site): the sections the site is made of (an
   * imageboard's boards), each then walked as its own listing. A section that is gone (404) holds
   * nothing; one that cannot be read is named in the source's coverage and never fails the others.
   */
  sections?: ListingSections;
}

export interface ListingSections {
  /** What the sections are, in the plural, for the coverage's sentence ("boards"). */
  noun: string;
  list: ListingSection[];
  /** Sections the index listed beyond what the adapter will walk (its own bound). */
  leftOut?: number;
}

export interface ListingSection {
  /** How a reader names it ("/vt/"): our own label, never a URL. */
  label: string;
  /** The first page of its listing; its pages chain with `next` like any search's. */
  url: string;
}
