/**
 * The HTML -> text extraction as it was first written, on htmlparser2's `Parser` with attribute
 * objects per tag. Slower than `shared/text/html-to-text.ts` but simple to read, so the fast
 * extraction (and `domToText`, which shares its text builder) is checked against it byte for byte
 * (test/unit/html-to-text.differential.test.ts). What was not rewritten (the tree walk of
 * `domToText`, link targets, Cloudflare's e-mail decoding) is imported: a copy could only agree.
 * Keep the rest as it is: it defines the expected output.
 */
import type { AnyNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { walkDom } from '../../shared/text/html-to-text.js';
import type { DomToTextOptions } from '../../shared/text/html-to-text.js';
import { decodeCloudflareEmail, linkTarget } from '../../shared/text/text-builder.js';
import {
  classHides,
  hasStyle,
  hiddenClasses,
  hiddenClassesOf,
  styleHides,
} from '../../shared/text/css-hidden.js';

/** Aside text (titles, aria-labels, hidden content) kept per page, at most. */
const ASIDE_CAP = 1 << 20;

/** Content a reader never sees as text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg']);

/** Elements that start and end a line of text. */
const BLOCKS = new Set(
  (
    'address article aside blockquote body caption center dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main menu nav ol option ' +
    'p pre section summary table tbody textarea tfoot thead title tr ul'
  ).split(' '),
);

/** Neighbouring cells are separate words even though they share a line. */
const CELLS = new Set(['td', 'th']);

/** Whitespace inside these is the author's layout (ASCII-art dox tables live in <pre>). */
const PRESERVING = new Set(['pre', 'textarea', 'plaintext', 'listing', 'xmp']);

/** Link text longer than this is never compared with its target; keeps the work per link bounded. */
const LINK_TEXT_CAP = 2048;

const WHITESPACE_RUN = /[\t\n\f\r \u00a0]+/g;
/** Whitespace that collapsing would change: most text nodes have none and are kept as they are. */
const COLLAPSIBLE = /[\t\n\f\r\u00a0]| {2}/;

interface OpenLink {
  target: string;
  text: string;
}

/**
 * Accumulates text with HTML's whitespace rules. Separators are kept pending and only written when
 * the next real text arrives, so trailing blank lines and doubled separators never appear.
 */
class TextBuilder {
  /** Appended to, not joined at the end: the engine keeps the pieces until the text is read. */
  private out = '';
  private pendingSpace = false;
  private pendingBreaks = 0;
  private empty = true;
  private preDepth = 0;
  private skipDepth = 0;
  private readonly links: Array<OpenLink | null> = [];
  private hiddenDepth = 0;
  private hiddenText = '';
  private asides: string[] = [];
  private asideLength = 0;

  constructor(private readonly hidden: ReadonlySet<string> = new Set()) {}

  open(name: string, attribs: Record<string, string>): void {
    if (this.skipDepth > 0 || SKIPPED.has(name)) {
      if (SKIPPED.has(name)) this.skipDepth++;
      return;
    }
    // Inside a hidden element everything is counted and its text read apart, as one aside.
    if (this.hiddenDepth > 0) {
      this.hiddenDepth++;
      if (BLOCKS.has(name) || CELLS.has(name) || name === 'br') this.hiddenText += ' ';
      return;
    }
    if (styleHides(attribs.style) || classHides(attribs.class, this.hidden)) {
      this.hiddenDepth = 1;
      this.hiddenText = '';
      return;
    }
    if (name === 'br') {
      this.lineBreak();
      return;
    }
    if (BLOCKS.has(name)) this.block();
    else if (CELLS.has(name)) this.space();
    if (PRESERVING.has(name)) this.preDepth++;

    if (name === 'img' || name === 'area' || (name === 'input' && attribs.type === 'image')) {
      this.imageText(attribs);
    } else if (name === 'a') {
      const target = linkTarget(attribs.href);
      this.links.push(target ? { target, text: '' } : null);
    }
    const cfEmail = attribs['data-cfemail'];
    if (cfEmail !== undefined) this.text(decodeCloudflareEmail(cfEmail) ?? '');
    if (!(name === 'img' || name === 'area' || (name === 'input' && attribs.type === 'image')))
      this.aside(attribs.title);
    if (attribs['aria-label'] !== attribs.title) this.aside(attribs['aria-label']);
  }

  close(name: string): void {
    if (this.skipDepth > 0) {
      if (SKIPPED.has(name)) this.skipDepth--;
      return;
    }
    if (this.hiddenDepth > 0) {
      this.hiddenDepth--;
      if (this.hiddenDepth === 0) this.aside(this.hiddenText);
      else if (BLOCKS.has(name) || CELLS.has(name)) this.hiddenText += ' ';
      return;
    }
    if (name === 'a') {
      const link = this.links.pop();
      if (link && !linkTextShowsTarget(link)) {
        this.pendingSpace = true;
        this.text(`<${link.target}>`);
      }
    }
    if (PRESERVING.has(name) && this.preDepth > 0) this.preDepth--;
    if (BLOCKS.has(name)) this.block();
    else if (CELLS.has(name)) this.space();
  }

  text(data: string): void {
    if (this.skipDepth > 0 || data.length === 0) return;
    if (this.hiddenDepth > 0) {
      if (this.hiddenText.length < ASIDE_CAP) this.hiddenText += data.slice(0, ASIDE_CAP);
      return;
    }
    const link = this.links.length > 0 ? this.links[this.links.length - 1] : undefined;
    if (link && link.text.length < LINK_TEXT_CAP) link.text += data.slice(0, LINK_TEXT_CAP);

    if (this.preDepth > 0) {
      this.write(data.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' '));
      return;
    }
    const collapsed = COLLAPSIBLE.test(data) ? data.replace(WHITESPACE_RUN, ' ') : data;
    if (collapsed === ' ') {
      this.pendingSpace = true;
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    if (leading) this.pendingSpace = true;
    this.write(collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined));
    if (trailing) this.pendingSpace = true;
  }

  result(): string {
    this.flushAsides();
    return this.out;
  }

  /** Titles, aria-labels and hidden text: written at the end of the line they belong to. */
  private aside(text: string | undefined): void {
    if (text === undefined || this.asideLength >= ASIDE_CAP) return;
    const words = text.replace(WHITESPACE_RUN, ' ').trim();
    if (!words) return;
    this.asides.push(words);
    this.asideLength += words.length;
  }

  private flushAsides(): void {
    if (this.asides.length === 0) return;
    const words = this.asides.join(' ');
    this.asides = [];
    this.pendingSpace = true;
    this.write(words);
    this.pendingSpace = true;
  }

  private write(chunk: string): void {
    if (chunk.length === 0) return;
    if (!this.empty) {
      if (this.pendingBreaks > 0) this.out += this.pendingBreaks === 1 ? '\n' : '\n\n';
      else if (this.pendingSpace) this.out += ' ';
    }
    this.pendingBreaks = 0;
    this.pendingSpace = false;
    this.empty = false;
    this.out += chunk;
  }

  private block(): void {
    this.flushAsides();
    if (!this.empty && this.pendingBreaks === 0) this.pendingBreaks = 1;
  }

  /** `<br>` is an explicit line; two in a row make a paragraph gap, more add nothing. */
  private lineBreak(): void {
    this.flushAsides();
    if (!this.empty) this.pendingBreaks = Math.min(this.pendingBreaks + 1, 2);
  }

  private space(): void {
    this.pendingSpace = true;
  }

  private imageText(attribs: Record<string, string>): void {
    const alt = attribs.alt?.trim() ?? '';
    const title = attribs.title?.trim() ?? '';
    const words = title && title !== alt ? `${alt} ${title}` : alt;
    if (!words) return;
    this.pendingSpace = true;
    this.text(words);
    this.pendingSpace = true;
  }
}

/** A link whose visible text already is its target (`<a href="https://x">https://x</a>`) adds nothing. */
function linkTextShowsTarget(link: OpenLink): boolean {
  const strip = (value: string): string =>
    value
      .trim()
      .toLowerCase()
      .replace(/^(?:mailto|tel|sms):/, '')
      .replace(/\/+$/, '');
  const target = strip(link.target);
  return target.length > 0 && strip(link.text).includes(target);
}

/** Text of a whole HTML document or fragment, streamed (no DOM is built). */
export function referenceHtmlToText(html: string): string {
  const builder = new TextBuilder(hasStyle(html) ? hiddenClasses(html) : undefined);
  const parser = new Parser(
    {
      onopentag: (name, attribs) => builder.open(name, attribs),
      onclosetag: (name) => builder.close(name),
      ontext: (data) => builder.text(data),
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return builder.result();
}

/** `domToText` with the builder as first written (the tree walk is `domToText`'s own). */
export function referenceDomToText(nodes: AnyNode | AnyNode[], options: DomToTextOptions = {}): string {
  const builder = new TextBuilder(hiddenClassesOf(nodes));
  walkDom(nodes, builder, options);
  return builder.result();
}

/**
 * What a page's style says, by the two searches `pageStyle` replaced with one pass: the classes its
 * `<style>` elements hide, and whether it says `style=` anywhere.
 */
export function referencePageStyle(html: string): { hidden: Set<string>; attributes: boolean } {
  return { hidden: hiddenClasses(html), attributes: /style\s*=/i.test(html) };
}
