/**
 * HTML -> plain text for matching. Pure, linear in the input size.
 *
 * What the matcher needs from a page is what a reader of the page sees plus what is hidden in
 * plain sight: link targets (a profile URL carries a handle, a mailto: carries an email), image alt
 * text, quoted posts and collapsed spoilers. What it must not get is text glued together across
 * block boundaries ("Jordan" in one cell and "Avery" in the next are two words) nor split inside
 * inline markup (`Jor<b>dan</b>` is one word: obfuscators use exactly that trick).
 *
 * What a tag means lives in tag-rules.ts and the whitespace, link and image rules in
 * text-builder.ts; this module drives the builder, from htmlparser2's tokenizer (`htmlToText`) or
 * from a parsed tree (`domToText`; the trees themselves come from dom.ts).
 */
import { hasChildren, isTag, isText, isCDATA } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { QuoteType, Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';
import {
  DECODED_TEXT,
  INTEGRATION,
  MATH_ROOT,
  PLAIN,
  RAW_TEXT,
  SVG_ROOT,
  SVG_TAG_NAMES,
  TEXTAREA_TEXT,
  TITLE_TEXT,
  VOID,
  WANT_CLASS,
  WANT_STYLE,
  knownTag,
  rulesOf,
  sameName,
  wantedAttribute,
} from './tag-rules.js';
import type { TagRules, TextAttributes } from './tag-rules.js';
import { hasStyle, hiddenClassesOf, pageStyle } from './css-hidden.js';
import { TextBuilder } from './text-builder.js';

export { decodeCloudflareEmail } from './text-builder.js';

// ---------------------------------------------------------------------------------------------
// Tree events from htmlparser2's tokenizer
//
// htmlparser2's `Parser` builds an attribute object per tag and lowercases and copies every
// attribute, which would make extraction slower than parsing although the builder reads five
// attributes. `TextEvents` drives the parser's own tokenizer and applies the parser's tree rules in
// HTML mode (implied end tags, void elements, foreign content, a nested <form>, stray `</p>` and
// `</br>`), so the builder gets the same events in the same order with the same text pieces as from
// the parser; only the attributes the builder reads are ever made into strings. The tables of tag
// rules (tag-rules.ts) copy the parser's; the differential test
// (test/unit/html-to-text.differential.test.ts) compares the output with a parser-driven reference,
// so a change of the parser's rules in an upgrade shows there.

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
    'aria-label': undefined,
    class: undefined,
    style: undefined,
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
    /** WANT_CLASS and WANT_STYLE: whether `class` and `style` attributes are read (see css-hidden.ts). */
    private readonly extra = 0,
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
    const name = wantedAttribute(this.html, start, end, this.extra);
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
    attributes['aria-label'] = undefined;
    attributes.class = undefined;
    attributes.style = undefined;
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
  // What the page's style hides is read apart from the text's flow; a page without style has none.
  // Classes are read only when the page's style hides one, style attributes only when there are any.
  const style = hasStyle(html) ? pageStyle(html) : undefined;
  const extra = (style && style.hidden.size > 0 ? WANT_CLASS : 0) | (style?.attributes ? WANT_STYLE : 0);
  const builder = new TextBuilder(style?.hidden);
  // On most pages entities are few and far between: the tokenizer then skips through text and
  // attribute values without decoding, and the few stretches with an '&' are replayed through a
  // decoding one (see `decodedText`). Where they are dense, decoding all along costs less.
  const decoding = entityDense(html);
  const tokenizer = new Tokenizer(
    { decodeEntities: decoding },
    new TextEvents(html, builder, decoding, extra),
  );
  if (html) tokenizer.write(html);
  tokenizer.end();
  return builder.result();
}

export interface DomToTextOptions {
  /** Elements to leave out with everything inside them (e.g. a forum's "Click to expand…" button). */
  skip?: (element: Element) => boolean;
}

/** The same rules as `htmlToText`, for nodes an adapter already parsed (one post's body, say). */
export function domToText(nodes: AnyNode | AnyNode[], options: DomToTextOptions = {}): string {
  const builder = new TextBuilder(hiddenClassesOf(nodes));
  walkDom(nodes, builder, options);
  return builder.result();
}

/** What a tree walk reports, in document order: the events a text builder reads. */
export interface TextSink {
  open(name: string, attribs: TextAttributes): void;
  close(name: string): void;
  text(data: string): void;
}

/**
 * Reports a parsed tree's elements and text to `events`, in document order. Walks with an explicit
 * stack: a hostile page can nest tags deeply enough to overflow recursion.
 */
export function walkDom(nodes: AnyNode | AnyNode[], events: TextSink, options: DomToTextOptions = {}): void {
  type Step = { node: AnyNode; closing: boolean };
  const roots = Array.isArray(nodes) ? nodes : [nodes];
  const stack: Step[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i] as AnyNode, closing: false });

  while (stack.length > 0) {
    const { node, closing } = stack.pop() as Step;
    if (isTag(node)) {
      if (closing) {
        events.close(node.name);
        continue;
      }
      if (options.skip?.(node)) continue;
      events.open(node.name, node.attribs);
      stack.push({ node, closing: true });
      // Skipped content (script, style...) is still walked so the builder's depth counting stays balanced;
      // it costs nothing because the builder ignores it, and script bodies are single text nodes.
    } else if (isText(node)) {
      events.text(node.data);
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
}
