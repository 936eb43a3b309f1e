/**
 * Text as a reader sees it, written from element and text events with HTML's whitespace rules.
 *
 * Both extraction paths feed one `TextBuilder` (`htmlToText` from tokenizer events, `domToText` from
 * a parsed tree), so they follow the same rules. Text must not be glued together across block
 * boundaries ("Jordan" in one cell and "Avery" in the next are two words) nor split inside inline
 * markup (`Jor<b>dan</b>` is one word: obfuscators use exactly that trick). What is hidden in plain
 * sight is written as text too: link targets (a profile URL carries a handle, a mailto: carries an
 * email), image alt and title text, and e-mail addresses behind Cloudflare's obfuscation.
 *
 * Some text is read apart from the flow, as asides written at the end of the line it belongs to:
 * the `title` and `aria-label` of any element (a tooltip can carry a handle), and what the page's
 * style hides (css-hidden.ts): junk letters hidden inside a word must not split it, and a hidden
 * block is still read.
 */
import { classHides, styleHides } from './css-hidden.js';
import { BLOCK, BREAK, CELL, IMAGE, INPUT, LINK, PRESERVE, SKIP, rulesOf } from './tag-rules.js';
import type { TextAttributes } from './tag-rules.js';

/** Aside text kept per page, at most: a page of a million tooltips stays bounded. */
const ASIDE_CAP = 1 << 20;
const NO_CLASSES: ReadonlySet<string> = new Set();

/** Link text longer than this is never compared with its target; keeps the work per link bounded. */
const LINK_TEXT_CAP = 2048;

const WHITESPACE_RUN = /[\t\n\f\r \u00a0]+/g;

/** The characters `WHITESPACE_RUN` collapses. */
function isCollapsible(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c || c === 0xa0;
}

/**
 * Whether collapsing would change `text` (a tab, a line break, a no-break space or two spaces in a
 * row): most text has none and is kept as it is. Searches for single characters run far faster than
 * one expression tried at every position.
 */
function collapsible(text: string): boolean {
  return (
    text.indexOf('\n') !== -1 ||
    text.indexOf('  ') !== -1 ||
    text.indexOf('\t') !== -1 ||
    text.indexOf('\r') !== -1 ||
    text.indexOf('\u00a0') !== -1 ||
    text.indexOf('\f') !== -1
  );
}

interface OpenLink {
  target: string;
  text: string;
}

/**
 * Accumulates text with HTML's whitespace rules. Separators are kept pending and only written when
 * the next real text arrives, so trailing blank lines and doubled separators never appear.
 */
export class TextBuilder {
  /** Appended to, not joined at the end: the engine keeps the pieces until the text is read. */
  private out = '';
  private pendingSpace = false;
  private pendingBreaks = 0;
  private empty = true;
  private preDepth = 0;
  private skipDepth = 0;
  private readonly links: Array<OpenLink | null> = [];
  /** Elements open inside a hidden one, itself included; its text goes to `hiddenText`. */
  private hiddenDepth = 0;
  private hiddenText = '';
  /** Asides waiting for the end of their line, and how much aside text was written so far. */
  private asides: string[] = [];
  private asideLength = 0;

  /** `hidden`: the classes the page's style hides. */
  constructor(private readonly hidden: ReadonlySet<string> = NO_CLASSES) {}

  /** Inside script, style and the like: text and tags are ignored until the matching close. */
  get skipping(): boolean {
    return this.skipDepth > 0;
  }

  open(name: string, attribs: TextAttributes): void {
    this.openTag(rulesOf(name).flags, attribs);
  }

  close(name: string): void {
    this.closeTag(rulesOf(name).flags);
  }

  /** `open` with the name's rules already looked up. */
  openTag(flags: number, attribs: TextAttributes): void {
    if (this.skipDepth > 0 || flags & SKIP) {
      if (flags & SKIP) this.skipDepth++;
      return;
    }
    if (this.hiddenDepth > 0) {
      this.hiddenDepth++;
      if (flags & (BLOCK | BREAK | CELL)) this.hiddenText += ' ';
      return;
    }
    if (styleHides(attribs.style) || classHides(attribs.class, this.hidden)) {
      this.hiddenDepth = 1;
      this.hiddenText = '';
      return;
    }
    if (flags & BREAK) {
      this.lineBreak();
      return;
    }
    if (flags & BLOCK) this.block();
    else if (flags & CELL) this.space();
    if (flags & PRESERVE) this.preDepth++;

    if (flags & IMAGE || (flags & INPUT && attribs.type === 'image')) {
      this.imageText(attribs);
    } else if (flags & LINK) {
      const target = linkTarget(attribs.href);
      this.links.push(target ? { target, text: '' } : null);
    }
    const cfEmail = attribs['data-cfemail'];
    if (cfEmail !== undefined) this.text(decodeCloudflareEmail(cfEmail) ?? '');
    if (!(flags & IMAGE || (flags & INPUT && attribs.type === 'image'))) this.aside(attribs.title);
    if (attribs['aria-label'] !== attribs.title) this.aside(attribs['aria-label']);
  }

  /** `close` with the name's rules already looked up. */
  closeTag(flags: number): void {
    if (this.skipDepth > 0) {
      if (flags & SKIP) this.skipDepth--;
      return;
    }
    if (this.hiddenDepth > 0) {
      if (--this.hiddenDepth === 0) this.aside(this.hiddenText);
      else if (flags & (BLOCK | CELL)) this.hiddenText += ' ';
      return;
    }
    if (flags & LINK) {
      const link = this.links.pop();
      if (link && !linkTextShowsTarget(link)) {
        this.pendingSpace = true;
        this.text(`<${link.target}>`);
      }
    }
    if (flags & PRESERVE && this.preDepth > 0) this.preDepth--;
    if (flags & BLOCK) this.block();
    else if (flags & CELL) this.space();
  }

  text(data: string): void {
    this.textAt(data, 0, data.length);
  }

  /** `text(source.slice(start, end))` without making the slice when collapsing shortens it anyway. */
  textAt(source: string, start: number, end: number): void {
    if (this.skipDepth > 0 || start >= end) return;
    if (this.hiddenDepth > 0) {
      if (this.hiddenText.length < ASIDE_CAP)
        this.hiddenText += source.slice(start, Math.min(end, start + ASIDE_CAP));
      return;
    }
    if (this.links.length > 0) {
      const link = this.links[this.links.length - 1];
      if (link && link.text.length < LINK_TEXT_CAP) {
        link.text += source.slice(start, Math.min(end, start + LINK_TEXT_CAP));
      }
    }

    if (this.preDepth > 0) {
      this.write(
        source
          .slice(start, end)
          .replace(/\r\n?/g, '\n')
          .replace(/\u00a0/g, ' '),
      );
      return;
    }
    // Whitespace runs become one space; one at either end is a pending separator, not text.
    let first = start;
    while (first < end && isCollapsible(source.charCodeAt(first))) first++;
    if (first === end) {
      this.pendingSpace = true;
      return;
    }
    let last = end;
    while (isCollapsible(source.charCodeAt(last - 1))) last--;
    if (first > start) this.pendingSpace = true;
    const inner = source.slice(first, last);
    this.write(collapsible(inner) ? inner.replace(WHITESPACE_RUN, ' ') : inner);
    if (last < end) this.pendingSpace = true;
  }

  result(): string {
    this.flushAsides();
    return this.out;
  }

  /** Text read apart from the flow, written at the end of the current line. */
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

  private imageText(attribs: TextAttributes): void {
    const alt = attribs.alt?.trim() ?? '';
    const title = attribs.title?.trim() ?? '';
    const words = title && title !== alt ? `${alt} ${title}` : alt;
    if (!words) return;
    this.pendingSpace = true;
    this.text(words);
    this.pendingSpace = true;
  }
}

/** Link targets worth keeping: absolute web addresses and contact schemes. Internal anchors are noise. */
export function linkTarget(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (/^(?:https?|ftp):\/\/\S/i.test(trimmed) || /^(?:mailto|tel|sms):\S/i.test(trimmed)) {
    return trimmed.replace(WHITESPACE_RUN, '');
  }
  return undefined;
}

/** A link whose visible text already is its target (`<a href="https://x">https://x</a>`) adds nothing. */
function linkTextShowsTarget(link: OpenLink): boolean {
  const strip = (value: string): string => {
    const bare = value
      .trim()
      .toLowerCase()
      .replace(/^(?:mailto|tel|sms):/, '');
    // Trailing slashes dropped by hand: a `/\/+$/` search retries at every slash of a long text.
    let end = bare.length;
    while (end > 0 && bare.charCodeAt(end - 1) === 0x2f) end--;
    return bare.slice(0, end);
  };
  const target = strip(link.target);
  return target.length > 0 && strip(link.text).includes(target);
}

/**
 * Cloudflare's e-mail obfuscation: hex bytes, the first is an XOR key for the rest. Forums behind
 * Cloudflare show "[email protected]" instead of the address, so the address only exists here.
 */
export function decodeCloudflareEmail(hex: string): string | undefined {
  if (!/^(?:[0-9a-f]{2}){2,}$/i.test(hex) || hex.length > 1024) return undefined;
  const key = parseInt(hex.slice(0, 2), 16);
  let out = '';
  for (let i = 2; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16) ^ key);
  return out;
}
