/**
 * Deterministic random tag soup for differential tests of HTML -> text extraction: random nesting
 * of the tags the extractor treats specially, HTML's implied end tags, foreign content, raw-text
 * and RCDATA elements, entities in text and attributes, attributes in every quoting, comments,
 * CDATA, broken and unclosed markup, and pages cut off anywhere.
 */
import { prng } from './random-text.js';

const TAGS = (
  'a a a img area input input br br p p p div div span b i pre pre textarea title script style ' +
  'noscript template svg math mi mo desc foreignObject foreignobject clipPath td th tr table tbody ' +
  'thead tfoot li ul ol form form option optgroup select button datalist output h1 h2 h6 blockquote ' +
  'xmp plaintext listing iframe noembed noframes image body html head link meta wbr hr dd dt dl rt ' +
  'rp section article header footer caption summary details center menu nav legend fieldset code'
).split(' ');

const WORDS = [
  'Jordan',
  'Quill',
  'feather',
  'zephyr',
  'copperwren',
  'kmo.letters@example.com',
  'https://art.example.com/zq',
  'https://art.example.com/zq/',
  'HTTPS://ART.EXAMPLE.COM/ZQ',
  'mailto:a@example.org',
  'a@example.org',
  '+1 503 555 0163',
  '614 555 01 42',
  'x',
  '',
];

const SPACES = [' ', '  ', '\n', '\r\n', '\r', '\t', '\f', '\u00a0', ' \n ', '\u2003', '\v'];

const ENTITIES = [
  '&amp;',
  '&AMP;',
  '&amp',
  '&ampx=',
  '&lt;',
  '&gt;',
  '&quot;',
  '&#039;',
  '&#x27;',
  '&#65;',
  '&#x41',
  '&#13;',
  '&#10;',
  '&#xD;',
  '&#160;',
  '&nbsp;',
  '&nbsp',
  '&NBSP;',
  '&eacute;',
  '&notit;',
  '&not;',
  '&notin;',
  '&bogus;',
  '&#;',
  '&#x;',
  '&#0;',
  '&#128;',
  '&#1234567890;',
  '&#x1F600;',
  '&',
  '&&',
  '&#',
  '&a',
  '&lt',
  '&hellip;',
  '&zwnj;',
];

const URLS = [
  'https://art.example.com/zq',
  'https://art.example.com/zq/',
  ' https://x.example/a b ',
  'http://e.example/?a=1&amp;b=2',
  'http://e.example/?a=1&b=2',
  'ftp://files.example/x',
  'mailto:jq@example.com',
  'MAILTO:JQ@EXAMPLE.COM',
  'tel:+16145550142',
  'sms:+1',
  'tel:',
  'https://',
  '/members/x.1/',
  '#top',
  'javascript:void(0)',
  '',
  '&#104;ttps://enc.example/',
  'https:&#x2F;&#x2F;enc.example/',
];

const CF_EMAILS = ['543539352e361a31352f', '0a6b4a68246924', 'zz', '12', '0a6b4a', ''];

const ATTRIBUTE_NAMES = [
  'href',
  'HREF',
  'Href',
  'alt',
  'ALT',
  'title',
  'Title',
  'type',
  'TYPE',
  'data-cfemail',
  'DATA-CFEMAIL',
  'class',
  'id',
  'src',
  'hreff',
  'alt2',
  'data-content',
  'h\u212aref',
];

const BROKEN = [
  '<',
  '</',
  '< div>',
  '</ p>',
  '</>',
  '<&',
  '<&amp;',
  '</&amp;>',
  '<1',
  '<\u001c',
  '</title',
  '</ti&amp;',
  '</TITLE x>',
  '</textarea',
  '</script',
  '</p>',
  '</P>',
  '</br>',
  '</BR>',
  '</img>',
  '</image>',
  '<!-- note -->',
  '<!-->',
  '<!--->',
  '<!-- a -- b --!>',
  '<!x>',
  '<!>',
  '<?pi x?>',
  '<!DOCTYPE html>',
  '<!doctypex>',
  '<![CDATA[ cdata &amp; text ]]>',
  '<![CDATA[x]]]>',
  '<![CDAT>',
  '<a href="unclosed',
  "<img alt='unclosed",
  '<div',
  '<p/>',
  '<br/>',
  '<svg/>',
  '<math/>',
  '<mi/>',
  '<title/>',
  '<a/>',
  '\u0000',
  '\ud800',
  '<lin\u212a rel="x">',
  '<bloc\u212aquote>',
  '\u001c/title>',
  '<\u000ftitle>',
  '</titl\u0065>',
  '</tItLe>',
  '<//title>',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function caseOf(rand: () => number, name: string): string {
  const r = rand();
  if (r < 0.75) return name;
  if (r < 0.9) return name.toUpperCase();
  return [...name].map((c) => (rand() < 0.5 ? c.toUpperCase() : c)).join('');
}

function quoted(rand: () => number, value: string): string {
  const r = rand();
  if (r < 0.55) return `"${value.replace(/"/g, '&quot;')}"`;
  if (r < 0.8) return `'${value.replace(/'/g, '&#39;')}'`;
  // Unquoted: whatever ends an unquoted value is cut off, as a careless page would.
  return value.replace(/[\s>"']/g, '') || 'v';
}

function attribute(rand: () => number): string {
  const name = pick(rand, ATTRIBUTE_NAMES);
  if (rand() < 0.08) return name;
  const lower = name.toLowerCase();
  let value: string;
  if (lower === 'href') value = pick(rand, URLS);
  else if (lower === 'type') value = pick(rand, ['image', 'IMAGE', 'text', 'image ']);
  else if (lower === 'data-cfemail') value = pick(rand, CF_EMAILS);
  else
    value = `${pick(rand, WORDS)}${rand() < 0.3 ? pick(rand, ENTITIES) : ''}${rand() < 0.3 ? pick(rand, SPACES) : ''}`;
  const gap = rand() < 0.9 ? '=' : pick(rand, [' = ', '=\n']);
  return `${name}${gap}${quoted(rand, value)}`;
}

function text(rand: () => number): string {
  let out = '';
  const pieces = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < pieces; i++) {
    const r = rand();
    if (r < 0.45) out += pick(rand, WORDS);
    else if (r < 0.75) out += pick(rand, SPACES);
    else out += pick(rand, ENTITIES);
  }
  return out;
}

function openTag(rand: () => number, name: string): string {
  let out = `<${caseOf(rand, name)}`;
  const count = rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) out += `${pick(rand, [' ', '  ', '\n', '\t'])}${attribute(rand)}`;
  if (rand() < 0.08) out += rand() < 0.5 ? '/' : ' /';
  return `${out}>`;
}

/** One random page of roughly `size` pieces; the same seed gives the same page. */
export function htmlSoup(seed: number, size = 40): string {
  const rand = prng(seed);
  const open: string[] = [];
  let out = '';
  for (let i = 0; i < size; i++) {
    const r = rand();
    if (r < 0.3) {
      const name = pick(rand, TAGS);
      out += openTag(rand, name);
      // Raw-text and RCDATA elements get content and usually their end tag right away.
      if (/^(?:script|style|title|textarea|xmp|iframe|noembed|noframes)$/.test(name)) {
        const r2 = rand();
        if (r2 < 0.4) out += text(rand);
        else if (r2 < 0.7) out += `${text(rand)}<b>${text(rand)}</b>`;
        else out += `${text(rand)}${pick(rand, BROKEN)}${text(rand)}`;
        if (rand() < 0.85) out += `</${caseOf(rand, name)}>`;
      } else if (rand() < 0.8) {
        open.push(name);
      }
    } else if (r < 0.5 && open.length > 0) {
      // Mostly the innermost element, sometimes one further out (misnesting), sometimes a stranger.
      const at = rand() < 0.7 ? open.length - 1 : Math.floor(rand() * open.length);
      const name = rand() < 0.9 ? (open[at] as string) : pick(rand, TAGS);
      if (rand() < 0.85) open.splice(at, 1);
      out += `</${caseOf(rand, name)}${rand() < 0.1 ? ' x' : ''}>`;
    } else if (r < 0.85) {
      out += text(rand);
    } else {
      out += pick(rand, BROKEN);
    }
  }
  if (rand() < 0.5) {
    while (open.length > 0) out += `</${open.pop() as string}>`;
  }
  // Pages cut off anywhere: inside a tag, an attribute, an entity or a comment.
  if (rand() < 0.15) out = out.slice(0, Math.floor(rand() * out.length));
  return out;
}

/** Every string in a JSON value: API JSON carries HTML fragments (a 4chan "com", a FoolFuuka "comment"). */
export function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) jsonStrings(item, out);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) jsonStrings(item, out);
  return out;
}
