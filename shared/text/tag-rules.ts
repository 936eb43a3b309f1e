/**
 * What a tag or attribute means to the text, and to the tree htmlparser2 would build around it.
 *
 * `TextBuilder` needs to know what a tag does to the text (skipped, a block, a cell, a link, an
 * image...). The streamed extraction (`TextEvents` in html-to-text.ts) rebuilds the parser's element
 * events itself, so it also needs the parser's tree rules in HTML mode: void elements, implied end
 * tags, foreign content and how the tokenizer reads an element's content. These tables copy
 * htmlparser2's; the differential test (test/unit/html-to-text.differential.test.ts) compares the
 * output with a parser-driven reference, so a change of the parser's rules in an upgrade shows there.
 *
 * Everything known about a name is found with one lookup, and names in the source are matched
 * against the known ones before any string is made for them (`knownTag`, `wantedAttribute`): the
 * streamed extraction exists to be faster than the parser, which makes a string of every name.
 */
// What a tag means to the text, as bits.
export const SKIP = 1;
export const BLOCK = 2;
export const CELL = 4;
export const PRESERVE = 8;
/** `img` and `area`: their alt and title are text. */
export const IMAGE = 16;
/** `input`: an image when its type says so. */
export const INPUT = 32;
export const LINK = 64;
export const BREAK = 128;
// What a tag means to the tree (htmlparser2's HTML rules, see `TextEvents` in html-to-text.ts), as bits.
/** Never has content: not kept open, closed as soon as it opens. */
export const VOID = 256;
/** <svg> and <math> start foreign content, where CDATA is text and `<x/>` closes x. */
export const SVG_ROOT = 512;
export const MATH_ROOT = 1024;
/** Switches back to HTML inside foreign content. */
export const INTEGRATION = 2048;

// How the tokenizer reads text: with entities (the default), raw (script, style, xmp, iframe,
// noembed, noframes, plaintext), or as RCDATA, with entities but ended only by one end tag.
export const DECODED_TEXT = 0;
export const RAW_TEXT = 1;
export const TITLE_TEXT = 2;
export const TEXTAREA_TEXT = 3;

export interface TagRules {
  name: string;
  flags: number;
  /** Open elements this one closes while they are the current element (HTML's implied end tags). */
  closes: ReadonlySet<string> | undefined;
  /** How the tokenizer reads the element's content (`DECODED_TEXT` unless raw text or RCDATA). */
  content: number;
}

/** A tag with no rule of its own (only its `data-cfemail` is read). */
export const PLAIN: TagRules = { name: '', flags: 0, closes: undefined, content: 0 };

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

// The content of raw-text and RCDATA elements, as the tokenizer reads it.
for (const [names, content] of [
  ['script style xmp iframe noembed noframes plaintext', RAW_TEXT],
  ['title', TITLE_TEXT],
  ['textarea', TEXTAREA_TEXT],
] as const) {
  addRule(names, 0);
  for (const name of names.split(' ')) (TAGS.get(name) as TagRules).content = content;
}

/** SVG element names are case-sensitive; lowercased names inside <svg> get their SVG spelling back. */
export const SVG_TAG_NAMES = new Map(
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

export const rulesOf = (name: string): TagRules => TAGS.get(name) ?? PLAIN;

/** The only attributes the builder reads; a parsed element's full attribute record fits this too. */
export interface TextAttributes {
  href?: string | undefined;
  alt?: string | undefined;
  title?: string | undefined;
  type?: string | undefined;
  'data-cfemail'?: string | undefined;
  'aria-label'?: string | undefined;
  /** Read only on a page with style (see css-hidden.ts). */
  class?: string | undefined;
  style?: string | undefined;
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
export function knownTag(html: string, start: number, end: number): TagRules | undefined {
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

/** Attributes read only where the page's style may hide something (see css-hidden.ts). */
export const WANT_CLASS = 1;
export const WANT_STYLE = 2;

/**
 * Which of the attributes the builder reads [start, end) names, compared as the parser compares
 * (lowercased) without making a string.
 */
export function wantedAttribute(
  html: string,
  start: number,
  end: number,
  /** WANT_CLASS and WANT_STYLE, as the page's style needs them. */
  extra = 0,
): keyof TextAttributes | undefined {
  switch (end - start) {
    case 3:
      return sameName(html, start, 'alt') ? 'alt' : undefined;
    case 4:
      if (sameName(html, start, 'href')) return 'href';
      return sameName(html, start, 'type') ? 'type' : undefined;
    case 5:
      if (sameName(html, start, 'title')) return 'title';
      if (extra & WANT_CLASS && sameName(html, start, 'class')) return 'class';
      return extra & WANT_STYLE && sameName(html, start, 'style') ? 'style' : undefined;
    case 10:
      return sameName(html, start, 'aria-label') ? 'aria-label' : undefined;
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
export function sameName(html: string, start: number, name: string): boolean {
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
