/**
 * HTML -> plain text for matching. Pure, linear in the input size.
 *
 * What the matcher needs from a page is what a reader of the page sees plus what is hidden in
 * plain sight: link targets (a profile URL carries a handle, a mailto: carries an email), image alt
 * text, quoted posts and collapsed spoilers. What it must not get is text glued together across
 * block boundaries ("Jordan" in one cell and "Avery" in the next are two words) nor split inside
 * inline markup (`Jor<b>dan</b>` is one word: obfuscators use exactly that trick).
 */
import { DomHandler, hasChildren, isTag, isText, isCDATA } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
import { selectAll, selectOne } from 'css-select';
import { Parser, QuoteType, Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';

// What a tag means to the text, as bits.
const SKIP = 1;
const BLOCK = 2;
const CELL = 4;
const PRESERVE = 8;
/** `img` and `area`: their alt and title are text. */
const IMAGE = 16;
/** `input`: an image when its type says so. */
const INPUT = 32;
const LINK = 64;
const BREAK = 128;
// What a tag means to the tree (htmlparser2's HTML rules, see `TextEvents`), as bits.
/** Never has content: not kept open, closed as soon as it opens. */
const VOID = 256;
/** <svg> and <math> start foreign content, where CDATA is text and `<x/>` closes x. */
const SVG_ROOT = 512;
const MATH_ROOT = 1024;
/** Switches back to HTML inside foreign content. */
const INTEGRATION = 2048;

// How the tokenizer reads text: with entities (the default), raw (script, style, xmp, iframe,
// noembed, noframes, plaintext), or as RCDATA, with entities but ended only by one end tag.
const DECODED_TEXT = 0;
const RAW_TEXT = 1;
const TITLE_TEXT = 2;
const TEXTAREA_TEXT = 3;

interface TagRules {
  name: string;
  flags: number;
  /** Open elements this one closes while they are the current element (HTML's implied end tags). */
  closes: ReadonlySet<string> | undefined;
  /** How the tokenizer reads the element's content (`DECODED_TEXT` unless raw text or RCDATA). */
  content: number;
}

/** A tag with no rule of its own (only its `data-cfemail` is read). */
const PLAIN: TagRules = { name: '', flags: 0, closes: undefined, content: 0 };

/** Everything known about a tag name, found with one lookup per tag. */
const TAGS = new Map<string, TagRules>();

function addRule(names: string, flags: number, closes?: ReadonlySet<string>): void {
  for (const name of names.split(' ')) {
    const rules = TAGS.get(name) ?? { name, flags: 0, closes: undefined, content: 0 };
    rules.flags |= flags;
    if (closes) rules.closes = closes;
    TAGS.set(name, rules);
  }
}

/** Content a reader never sees as text. */
addRule('script style noscript template svg', SKIP);
/** Elements that start and end a line of text. */
addRule(
  'address article aside blockquote body caption center dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main menu nav ol option ' +
    'p pre section summary table tbody textarea tfoot thead title tr ul',
  BLOCK,
);
/** Neighbouring cells are separate words even though they share a line. */
addRule('td th', CELL);
/** Whitespace inside these is the author's layout (ASCII-art dox tables live in <pre>). */
addRule('pre textarea plaintext listing xmp', PRESERVE);
addRule('img area', IMAGE);
addRule('input', INPUT);
addRule('a', LINK);
addRule('br', BREAK);
/** Common tags without rules, listed so that they too are recognised without making a string. */
addRule('span b i u s em strong small time head code label font sup sub abbr cite q mark', 0);

addRule(
  'area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr',
  VOID,
);
addRule('svg', SVG_ROOT);
addRule('math', MATH_ROOT);
/** In their SVG spelling: inside <svg> names get it back (see `SVG_TAG_NAMES`). */
addRule('mi mo mn ms mtext annotation-xml foreignObject desc title', INTEGRATION);

const P_ONLY = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
addRule('tr', 0, new Set(['tr', 'th', 'td']));
addRule('th', 0, new Set(['th']));
addRule('td', 0, new Set(['thead', 'th', 'td']));
addRule('body', 0, new Set(['head', 'link', 'script']));
addRule('a', 0, new Set(['a']));
addRule('li', 0, new Set(['li']));
addRule('h1 h2 h3 h4 h5 h6', 0, HEADINGS);
addRule('select input output button datalist textarea', 0, FORM_CONTROLS);
addRule('option', 0, new Set(['option']));
addRule('optgroup', 0, new Set(['optgroup', 'option']));
addRule('dd dt', 0, new Set(['dd', 'dt']));
addRule('rt rp', 0, new Set(['rt', 'rp']));
addRule('tbody tfoot', 0, new Set(['thead', 'tbody']));
addRule(
  'p address article aside blockquote details div dl fieldset figcaption figure footer form header hr ' +
    'main nav ol pre section table ul',
  0,
  P_ONLY,
);

/** SVG element names are case-sensitive; lowercased names inside <svg> get their SVG spelling back. */
const SVG_TAG_NAMES = new Map(
  (
    'altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend ' +
    'feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
    'feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR ' +
    'feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight ' +
    'feSpecularLighting feSpotLight feTile feTurbulence foreignObject glyphRef linearGradient ' +
    'radialGradient textPath'
  )
    .split(' ')
    .map((name) => [name.toLowerCase(), name]),
);

const rulesOf = (name: string): TagRules => TAGS.get(name) ?? PLAIN;

/** Link text longer than this is never compared with its target; keeps the work per link bounded. */
const LINK_TEXT_CAP = 2048;

const WHITESPACE_RUN = /[\t\n\f\r \u00a0]+/g;

/** The characters `WHITESPACE_RUN` collapses. */
function isCollapsible(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c || c === 0xa0;
}

/** Whitespace that collapsing would change: most text has none and is kept as it is. */
const COLLAPSIBLE = /[\t\n\f\r\u00a0]| {2}/;

interface OpenLink {
  target: string;
  text: string;
}

/** The only attributes the builder reads; a parsed element's full attribute record fits this too. */
interface TextAttributes {
  href?: string | undefined;
  alt?: string | undefined;
  title?: string | undefined;
  type?: string | undefined;
  'data-cfemail'?: string | undefined;
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
  }

  /** `close` with the name's rules already looked up. */
  closeTag(flags: number): void {
    if (this.skipDepth > 0) {
      if (flags & SKIP) this.skipDepth--;
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
    this.write(COLLAPSIBLE.test(inner) ? inner.replace(WHITESPACE_RUN, ' ') : inner);
    if (last < end) this.pendingSpace = true;
  }

  result(): string {
    return this.out;
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
    if (!this.empty && this.pendingBreaks === 0) this.pendingBreaks = 1;
  }

  /** `<br>` is an explicit line; two in a row make a paragraph gap, more add nothing. */
  private lineBreak(): void {
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
function linkTarget(href: string | undefined): string | undefined {
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

// ---------------------------------------------------------------------------------------------
// Tree events from htmlparser2's tokenizer
//
// htmlToText used to run htmlparser2's `Parser` and read its onopentag/onclosetag/ontext events.
// The parser builds an attribute object per tag and lowercases and copies every attribute, which
// made extraction slower than parsing although the builder reads five attributes. `TextEvents`
// drives the parser's own tokenizer and applies the parser's tree rules in HTML mode (implied end
// tags, void elements, foreign content, a nested <form>, stray `</p>` and `</br>`), so the builder
// gets the same events in the same order with the same text pieces; only the attributes the
// builder reads are ever made into strings. The tables of tag rules copy the parser's; the
// differential test (test/unit/html-to-text.differential.test.ts) compares the output with the
// parser-driven original, so a change of the parser's rules in an upgrade shows there.

const NOT_FOREIGN = 0;
const IN_SVG = 1;
const IN_MATHML = 2;

const EMPTY_ATTRIBUTES: TextAttributes = {};

/**
 * How the tokenizer reads the content of the element named at [start, end). It compares names
 * with `c | 0x20`, which for these all-letter names accepts what `sameName` accepts.
 */
function contentOf(html: string, start: number, end: number): number {
  switch (end - start) {
    case 3:
      return sameName(html, start, 'xmp') ? RAW_TEXT : DECODED_TEXT;
    case 5:
      if (sameName(html, start, 'title')) return TITLE_TEXT;
      return sameName(html, start, 'style') ? RAW_TEXT : DECODED_TEXT;
    case 6:
      return sameName(html, start, 'script') || sameName(html, start, 'iframe') ? RAW_TEXT : DECODED_TEXT;
    case 7:
      return sameName(html, start, 'noembed') ? RAW_TEXT : DECODED_TEXT;
    case 8:
      if (sameName(html, start, 'textarea')) return TEXTAREA_TEXT;
      return sameName(html, start, 'noframes') ? RAW_TEXT : DECODED_TEXT;
    case 9:
      return sameName(html, start, 'plaintext') ? RAW_TEXT : DECODED_TEXT;
    default:
      return DECODED_TEXT;
  }
}

/**
 * A decoding tokenizer replaying a piece of the page, to see it as it would have seen it there:
 * text pieces and entities that fall in [skip, limit) of the replayed input go to the builder,
 * attribute data is collected and returned. One per page, reset for every replay.
 */
class Replay implements TokenizerCallbacks {
  private input = '';
  private builder: TextBuilder | undefined = undefined;
  private skip = 0;
  private limit = 0;
  private value = '';
  private readonly tokenizer = new Tokenizer({ decodeEntities: true }, this);

  run(input: string, builder: TextBuilder | undefined, skip: number, limit: number): string {
    this.input = input;
    this.builder = builder;
    this.skip = skip;
    this.limit = limit;
    this.value = '';
    this.tokenizer.reset();
    this.tokenizer.write(input);
    this.tokenizer.end();
    return this.value;
  }

  /**
   * An attribute value with its entities decoded as the decoding tokenizer decodes them (attribute
   * rules: `&amp=` and `&ampx` stay as they are), by replaying it in a tag with the same quotes.
   */
  attribute(raw: string, quote: QuoteType): string {
    const mark = quote === QuoteType.Double ? '"' : quote === QuoteType.Single ? "'" : '';
    return this.run(`<a v=${mark}${raw}${mark}>`, undefined, 0, 0);
  }

  isInForeignContext(): boolean {
    return false;
  }

  ontext(start: number, end: number): void {
    if (this.builder && start >= this.skip && start < this.limit) {
      this.builder.textAt(this.input, start, Math.min(end, this.limit));
    }
  }

  ontextentity(codePoint: number): void {
    this.builder?.text(String.fromCodePoint(codePoint));
  }

  onattribdata(start: number, end: number): void {
    this.value += this.input.slice(start, end);
  }

  onattribentity(codePoint: number): void {
    this.value += String.fromCodePoint(codePoint);
  }

  onattribend(): void {}
  onattribname(): void {}
  oncdata(): void {}
  onclosetag(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onend(): void {}
  onopentagend(): void {}
  onopentagname(): void {}
  onprocessinginstruction(): void {}
  onselfclosingtag(): void {}
}

/**
 * Tokenizer callbacks that rebuild the element events of htmlparser2's `Parser` (HTML mode,
 * entities decoded) for a `TextBuilder`. The stack of open elements grows at the end.
 */
class TextEvents implements TokenizerCallbacks {
  private readonly names: string[] = [];
  /** The rules of each open element, beside its name. */
  private readonly rules: TagRules[] = [];
  private readonly foreign: number[] = [NOT_FOREIGN];
  /** The open tag being read: '' with null attributes when it is ignored (a <form> inside a <form>). */
  private tagName = '';
  private tagRules: TagRules = PLAIN;
  /** One record reused for every tag: the builder reads it during `openTag` and keeps nothing. */
  private readonly attributes: TextAttributes = {
    href: undefined,
    alt: undefined,
    title: undefined,
    type: undefined,
    'data-cfemail': undefined,
  };
  private readingAttributes = false;
  /** How the tokenizer reads the text it is in: entities decoded, raw, or RCDATA of one element. */
  private content = DECODED_TEXT;
  /** The same for the content of the tag being read, from its '>' on. */
  private nextContent = DECODED_TEXT;
  private replayer: Replay | undefined = undefined;
  /** The first '&' at or after the last text asked about (see `hasAmpersand`). */
  private nextAmpersand = -1;
  /** The attribute whose value is being read, when the builder wants it. */
  private attribute: keyof TextAttributes | undefined = undefined;
  private value = '';

  constructor(
    private readonly html: string,
    private readonly builder: TextBuilder,
    /** Whether the tokenizer decodes entities itself (dense pages) or they are replayed (see `decodedText`). */
    private readonly decoding: boolean,
  ) {}

  isInForeignContext(): boolean {
    return this.foreign[this.foreign.length - 1] !== NOT_FOREIGN;
  }

  ontext(start: number, end: number): void {
    if (start < 0) {
      // At the end of input after `</x ` or `<x/` the tokenizer reports text from index -1 (never
      // decoded); the parser sliced that, which counts from the end of the page.
      this.builder.textAt(this.html, Math.max(this.html.length + start, 0), end);
    } else if (
      !this.decoding &&
      this.content !== RAW_TEXT &&
      !this.builder.skipping &&
      this.hasAmpersand(start, end)
    ) {
      this.decodedText(start, end);
    } else {
      this.builder.textAt(this.html, start, end);
    }
  }

  ontextentity(codePoint: number): void {
    if (!this.builder.skipping) this.builder.text(String.fromCodePoint(codePoint));
  }

  oncdata(start: number, end: number, offset: number): void {
    // HTML has CDATA sections only inside foreign content; elsewhere `<![CDATA[...]]>` is a comment.
    if (this.isInForeignContext()) this.builder.textAt(this.html, start, end - offset);
  }

  onopentagname(start: number, end: number): void {
    // Outside foreign content and its integration points a known name needs no adjusting.
    const known = this.foreign.length === 1 ? knownTag(this.html, start, end) : undefined;
    if (known) {
      this.nextContent = known.content;
      this.openTag(known.name, known);
      return;
    }
    // Whether the tokenizer reads this element's content as raw text or RCDATA is decided before the
    // name is pushed: inside foreign content no element is special.
    this.nextContent = this.isInForeignContext() ? DECODED_TEXT : contentOf(this.html, start, end);
    const name = this.tagNameAt(start, end);
    this.openTag(name, rulesOf(name));
  }

  onattribname(start: number, end: number): void {
    if (!this.readingAttributes) {
      this.attribute = undefined;
      return;
    }
    const name = wantedAttribute(this.html, start, end);
    // The first of repeated attributes wins, as in the parser.
    this.attribute = name !== undefined && this.attributes[name] === undefined ? name : undefined;
  }

  onattribdata(start: number, end: number): void {
    if (this.attribute !== undefined) this.value += this.html.slice(start, end);
  }

  onattribentity(codePoint: number): void {
    if (this.attribute !== undefined) this.value += String.fromCodePoint(codePoint);
  }

  onattribend(quote: QuoteType): void {
    if (this.attribute !== undefined) {
      // Only values the builder reads and that hold an '&' are decoded, unless the tokenizer did.
      this.attributes[this.attribute] =
        !this.decoding && this.value.includes('&') ? this.replay.attribute(this.value, quote) : this.value;
      this.attribute = undefined;
      this.value = '';
    }
  }

  onopentagend(): void {
    this.endOpenTag();
    this.content = this.nextContent;
  }

  onselfclosingtag(): void {
    // `<x/>` closes x only in foreign content; in HTML the slash means nothing.
    if (this.isInForeignContext()) this.closeCurrentTag();
    else this.endOpenTag();
    // The tokenizer enters raw text or RCDATA after `<title/>` as after `<title>`.
    this.content = this.nextContent;
  }

  onclosetag(start: number, end: number): void {
    // Raw text and RCDATA end only at their own end tag, the first end tag the tokenizer reports.
    this.content = DECODED_TEXT;
    const known = this.foreign.length === 1 ? knownTag(this.html, start, end) : undefined;
    const name = known ? known.name : this.tagNameAt(start, end);
    if (!((known ?? rulesOf(name)).flags & VOID)) {
      const at = this.names.lastIndexOf(name);
      if (at !== -1) {
        while (this.names.length > at) this.popElement();
      } else if (name === 'p') {
        // A stray </p> is an empty paragraph.
        this.openTag('p', rulesOf('p'));
        this.closeCurrentTag();
      }
    } else if (name === 'br') {
      // A stray </br> is a <br>.
      const flags = rulesOf('br').flags;
      this.builder.openTag(flags, EMPTY_ATTRIBUTES);
      this.builder.closeTag(flags);
    }
  }

  onend(): void {
    // Elements still open at the end are closed, innermost first (and stay on the stack).
    for (let i = this.rules.length - 1; i >= 0; i--) this.builder.closeTag((this.rules[i] as TagRules).flags);
  }

  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}

  /** Whether [start, end) has an ampersand; ranges are asked about in document order. */
  private hasAmpersand(start: number, end: number): boolean {
    if (this.nextAmpersand < start) {
      const at = this.html.indexOf('&', start);
      this.nextAmpersand = at === -1 ? Infinity : at;
    }
    return this.nextAmpersand < end;
  }

  /**
   * The text [start, end) as the decoding tokenizer reports it: the same pieces, split around each
   * entity. Replays the range with what follows it (the `<` that ended it, or the RCDATA end tag)
   * so every entity ends as it did in the page.
   */
  private decodedText(start: number, end: number): void {
    const html = this.html;
    const prefix =
      this.content === TITLE_TEXT ? '<title>' : this.content === TEXTAREA_TEXT ? '<textarea>' : '';
    // After RCDATA: `</title` or `</textarea` and the character that ends it; after text: the `<`.
    const follower = this.content === TITLE_TEXT ? 8 : this.content === TEXTAREA_TEXT ? 11 : 1;
    const input = prefix + html.slice(start, Math.min(end + follower, html.length));
    this.replay.run(input, this.builder, prefix.length, prefix.length + end - start);
  }

  /** Made on the first entity: most pages have few, many fragments none. */
  private get replay(): Replay {
    this.replayer ??= new Replay();
    return this.replayer;
  }

  /** Lowercased, in SVG spelling inside <svg>, and `image` read as `img` outside foreign content. */
  private tagNameAt(start: number, end: number): string {
    const name = this.html.slice(start, end).toLowerCase();
    const depth = this.foreign.length;
    const context = this.foreign[depth - 1];
    if (depth === 1) return name === 'image' ? 'img' : name;
    if (context === IN_SVG) return SVG_TAG_NAMES.get(name) ?? name;
    // The end tag of an SVG integration element, seen from inside its HTML content.
    const adjusted = SVG_TAG_NAMES.get(name);
    if (adjusted !== undefined && this.names.includes(adjusted)) return adjusted;
    if (context === NOT_FOREIGN) return name === 'image' ? 'img' : name;
    return name;
  }

  private openTag(name: string, rules: TagRules): void {
    this.tagName = name;
    // A <form> inside an open <form> is ignored altogether, attributes and all.
    if (name === 'form' && this.names.includes('form')) {
      this.tagName = '';
      this.tagRules = PLAIN;
      return;
    }
    this.tagRules = rules;
    const closes = rules.closes;
    if (closes) {
      while (this.names.length > 0 && closes.has(this.names[this.names.length - 1] as string))
        this.popElement();
    }
    if (!(rules.flags & VOID)) {
      this.names.push(name);
      this.rules.push(rules);
      if (rules.flags & SVG_ROOT) this.foreign.push(IN_SVG);
      else if (rules.flags & MATH_ROOT) this.foreign.push(IN_MATHML);
      else if (rules.flags & INTEGRATION) this.foreign.push(NOT_FOREIGN);
    }
    const attributes = this.attributes;
    attributes.href = undefined;
    attributes.alt = undefined;
    attributes.title = undefined;
    attributes.type = undefined;
    attributes['data-cfemail'] = undefined;
    this.readingAttributes = true;
  }

  private endOpenTag(): void {
    const flags = this.tagRules.flags;
    if (this.readingAttributes) {
      this.builder.openTag(flags, this.attributes);
      this.readingAttributes = false;
    }
    if (flags & VOID) this.builder.closeTag(flags);
    this.tagName = '';
    this.tagRules = PLAIN;
  }

  private closeCurrentTag(): void {
    const name = this.tagName;
    this.endOpenTag();
    if (this.names.length > 0 && this.names[this.names.length - 1] === name) this.popElement();
  }

  private popElement(): void {
    this.names.pop();
    const rules = this.rules.pop() as TagRules;
    if (rules.flags & (SVG_ROOT | MATH_ROOT | INTEGRATION)) this.foreign.pop();
    this.builder.closeTag(rules.flags);
  }
}

// The content of raw-text and RCDATA elements, as the tokenizer reads it.
for (const [names, content] of [
  ['script style xmp iframe noembed noframes plaintext', RAW_TEXT],
  ['title', TITLE_TEXT],
  ['textarea', TEXTAREA_TEXT],
] as const) {
  addRule(names, 0);
  for (const name of names.split(' ')) (TAGS.get(name) as TagRules).content = content;
}

/**
 * Names in `TAGS`, by first letter and length: a tag name in the source is matched against these before any
 * string is made for it (see `sameName`), and the stack then holds these very strings.
 */
const KNOWN_BY_LETTER_AND_LENGTH: TagRules[][] = Array.from({ length: 26 * 16 }, () => []);
for (const rules of TAGS.values()) {
  // 'foreignObject' is only ever reached through the SVG spelling, never by lowercasing.
  if (rules.name === rules.name.toLowerCase() && rules.name.length < 16) {
    KNOWN_BY_LETTER_AND_LENGTH[(rules.name.charCodeAt(0) - 0x61) * 16 + rules.name.length]?.push(rules);
  }
}

/** The rules of the tag named at [start, end), lowercased, if it is in `TAGS`; `undefined` otherwise. */
function knownTag(html: string, start: number, end: number): TagRules | undefined {
  const length = end - start;
  if (length >= 16) return undefined;
  // Tag names start with an ASCII letter (the tokenizer makes anything else text or a comment).
  const candidates = KNOWN_BY_LETTER_AND_LENGTH[((html.charCodeAt(start) | 0x20) - 0x61) * 16 + length];
  if (candidates === undefined) return undefined;
  for (const rules of candidates) {
    if (sameName(html, start, rules.name)) return rules;
  }
  return undefined;
}

/**
 * Which of the attributes the builder reads [start, end) names, compared as the parser compares
 * (lowercased) without making a string.
 */
function wantedAttribute(html: string, start: number, end: number): keyof TextAttributes | undefined {
  switch (end - start) {
    case 3:
      return sameName(html, start, 'alt') ? 'alt' : undefined;
    case 4:
      if (sameName(html, start, 'href')) return 'href';
      return sameName(html, start, 'type') ? 'type' : undefined;
    case 5:
      return sameName(html, start, 'title') ? 'title' : undefined;
    case 12:
      return sameName(html, start, 'data-cfemail') ? 'data-cfemail' : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether `toLowerCase()` of the source at `start` (as long as `name`) is the lowercase `name`.
 * Compared character by character, which is exact: the only characters whose lowercase is ASCII
 * are ASCII itself and the Kelvin sign (to k); the only one whose lowercase is longer (U+0130)
 * lowercases to a non-ASCII pair, so it never equals an ASCII name.
 */
function sameName(html: string, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = html.charCodeAt(start + i);
    const wanted = name.charCodeAt(i);
    if (
      c !== wanted &&
      !(c >= 0x41 && c <= 0x5a && c + 0x20 === wanted) &&
      !(c === 0x212a && wanted === 0x6b)
    ) {
      return false;
    }
  }
  return true;
}

/** More than one '&' per 512 characters (any in a short fragment, like an imageboard comment). */
function entityDense(html: string): boolean {
  const most = html.length >> 9;
  let count = 0;
  for (let at = html.indexOf('&'); at !== -1; at = html.indexOf('&', at + 1)) {
    if (++count > most) return true;
  }
  return false;
}

/** Text of a whole HTML document or fragment, streamed (no DOM is built). */
export function htmlToText(html: string): string {
  const builder = new TextBuilder();
  // On most pages entities are few and far between: the tokenizer then skips through text and
  // attribute values without decoding, and the few stretches with an '&' are replayed through a
  // decoding one (see `decodedText`). Where they are dense, decoding all along costs less.
  const decoding = entityDense(html);
  const tokenizer = new Tokenizer({ decodeEntities: decoding }, new TextEvents(html, builder, decoding));
  if (html) tokenizer.write(html);
  tokenizer.end();
  return builder.result();
}

export interface DomToTextOptions {
  /** Elements to leave out with everything inside them (e.g. a forum's "Click to expand…" button). */
  skip?: (element: Element) => boolean;
}

/**
 * The same rules as `htmlToText`, for nodes an adapter already parsed (one post's body, say).
 * Walks with an explicit stack: a hostile page can nest tags deeply enough to overflow recursion.
 */
export function domToText(nodes: AnyNode | AnyNode[], options: DomToTextOptions = {}): string {
  const builder = new TextBuilder();
  type Step = { node: AnyNode; closing: boolean };
  const roots = Array.isArray(nodes) ? nodes : [nodes];
  const stack: Step[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i] as AnyNode, closing: false });

  while (stack.length > 0) {
    const { node, closing } = stack.pop() as Step;
    if (isTag(node)) {
      if (closing) {
        builder.close(node.name);
        continue;
      }
      if (options.skip?.(node)) continue;
      builder.open(node.name, node.attribs);
      stack.push({ node, closing: true });
      // Skipped content (script, style...) is still walked so the builder's depth counting stays balanced;
      // it costs nothing because the builder ignores it, and script bodies are single text nodes.
    } else if (isText(node)) {
      builder.text(node.data);
      continue;
    } else if (!isCDATA(node) && node.type !== 'root') {
      continue;
    }
    if (hasChildren(node)) {
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i] as AnyNode, closing: false });
    }
  }
  return builder.result();
}

/** Parses HTML into a domhandler tree (the shape css-select and domutils work on). */
export function parseHtml(html: string): Document {
  const handler = new DomHandler();
  new Parser(handler, { decodeEntities: true }).end(html);
  return handler.root;
}

/** css-select with the element type pinned down (its inference otherwise widens to the root's type). */
export function queryAll(selector: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(selector, root);
}

export function queryOne(selector: string, root: AnyNode | AnyNode[]): Element | null {
  return selectOne<AnyNode, Element>(selector, root);
}
