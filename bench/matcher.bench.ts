import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Parser } from 'htmlparser2';
import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import { assignIdentifierIds } from '../shared/domain/identifier.js';
import type { Identifier, IdentifierInput } from '../shared/domain/identifier.js';
import type { CompiledProfile } from '../shared/matching/index.js';
import {
  compileProfile,
  extractText,
  matchText,
  validateIdentifierValues,
} from '../shared/matching/index.js';
import { digitRunsOf } from '../shared/matching/digit-runs.js';
import { projectKeys } from '../shared/matching/key.projection.js';
import { detectPii } from '../shared/matching/pii.detector.js';
import { buildViews } from '../shared/matching/text.views.js';
import { htmlToText } from '../shared/text/html-to-text.js';
import { mixedText } from './mixed-text.js';
import { prng } from './prng.js';

/**
 * Matcher throughput (issue 4, "Speed"): MB/s on one core for profiles of 5, 20 and 100
 * identifiers, (a) of the matcher on extracted text and (b) of the whole path from HTML, each beside
 * two references measured in the same run:
 *
 * - a naive baseline: one regular expression per identifier per spelling variant the matcher
 *   catches (case, separators, leetspeak, look-alikes, zero-width, spaced letters, entities,
 *   reversed, rot13, base64, e-mail spellings, phone formats, spelled digits, date forms, address
 *   abbreviations, dox fields), each run over the whole text: what "a loop of regexes" costs;
 * - a ceiling: for (a) one V8 alternation of the raw identifier values (no variant, no folding);
 *   for (b) htmlparser2 parsing the same HTML with no handlers at all.
 *
 * The corpus is synthetic and deterministic: forum and paste-like posts with timestamps, links,
 * other people's e-mails, phones, IPs and dates, quotes, dox-template lines, image ids, and a few
 * obfuscated true matches of the profile, cut into pages the size fetchers hand over.
 */

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (prng.ts)

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const digits = (rand: Rand, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

// ---------------------------------------------------------------------------------------------
// Profiles

const GIVEN = [
  'Katherine',
  'Elizabeth',
  'William',
  'Robert',
  'Margaret',
  'Jonathan',
  'Dolores',
  'Theodore',
  'Anselm',
  'Priya',
  'Mireille',
  'Jürgen',
  'Siobhan',
  'Amara',
  'Nathaniel',
  'Rosalind',
  'Benedikt',
  'Hélène',
  'Marcus',
  'Ingrid',
  'Tobias',
  'Lucinda',
  'Oluwaseun',
  'Clement',
  'Agathe',
];
const SYLLABLES = [
  'ost',
  'ran',
  'der',
  'vel',
  'hart',
  'brock',
  'ell',
  'ery',
  'wick',
  'mar',
  'sel',
  'dun',
  'thorpe',
  'quill',
  'ashby',
  'lor',
  'kem',
  'pen',
  'grove',
  'stad',
  'berg',
  'wyn',
  'fal',
  'corr',
];
const HANDLE_A = [
  'copper',
  'velvet',
  'quiet',
  'grey',
  'moss',
  'ember',
  'lunar',
  'paper',
  'static',
  'hollow',
  'salt',
  'violet',
  'amber',
  'frost',
  'cinder',
];
const HANDLE_B = [
  'wren',
  'moth',
  'heron',
  'fern',
  'lark',
  'vole',
  'finch',
  'otter',
  'thistle',
  'kestrel',
  'comet',
  'lantern',
  'willow',
  'pike',
  'sparrow',
];
const STREET = [
  'Tansywick',
  'Bramblewood',
  'Larchmere',
  'Quillfield',
  'Ostermoor',
  'Hazelbrook',
  'Corrigan',
  'Fenwright',
];
const TOWNS_US = [
  ['Corvallis', 'OR', '97330'],
  ['Eugene', 'OR', '97401'],
  ['Albany', 'NY', '12207'],
];

function surname(rand: Rand): string {
  const s = pick(rand, SYLLABLES) + pick(rand, SYLLABLES) + (rand() < 0.5 ? pick(rand, SYLLABLES) : '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The order kinds come in: any prefix of 5 or 20 has a realistic mix; 100 repeats the 20. */
const KIND_ORDER: IdentifierInput['kind'][] = [
  'handle',
  'name',
  'email',
  'phone',
  'address',
  'dob',
  'handle',
  'relative',
  'email',
  'handle',
  'name',
  'phone',
  'handle',
  'relative',
  'email',
  'address',
  'handle',
  'dob',
  'name',
  'phone',
];

function identifierOf(kind: IdentifierInput['kind'], rand: Rand, i: number): IdentifierInput {
  switch (kind) {
    case 'handle': {
      const sep = pick(rand, ['', '', '_', '.', '']);
      const tail = rand() < 0.3 ? digits(rand, 2) : '';
      return { kind, value: `${pick(rand, HANDLE_A)}${sep}${pick(rand, HANDLE_B)}${tail}${i}` };
    }
    case 'name':
    case 'relative': {
      const middle = kind === 'name' && rand() < 0.6 ? ` ${pick(rand, GIVEN)}` : '';
      return { kind, value: `${pick(rand, GIVEN)}${middle} ${surname(rand)}` };
    }
    case 'email':
      return {
        kind,
        value: `${pick(rand, HANDLE_A)}.${pick(rand, HANDLE_B)}${i}@example.${pick(rand, ['com', 'org', 'net'])}`,
      };
    case 'phone':
      return {
        kind,
        value: pick(rand, [
          `+1 503 555 01${digits(rand, 2)}`,
          `+44 7700 900${digits(rand, 3)}`,
          `+49 30 23125${digits(rand, 3)}`,
          `+33 6 39 98 ${digits(rand, 2)} ${digits(rand, 2)}`,
        ]),
      };
    case 'address': {
      const street = pick(rand, STREET);
      const n = 1 + Math.floor(rand() * 1900);
      const [town, state, zip] = pick(rand, TOWNS_US) as [string, string, string];
      return {
        kind,
        value: pick(rand, [
          `${n} ${street} Lane, ${town}, ${state} ${zip}`,
          `${n % 90} ${street} Road, Leeds LS6 2AB`,
          `${street}straße ${n % 90}, 10115 Berlin`,
          `${n % 90} rue des ${street}s, 75011 Paris`,
        ]),
      };
    }
    case 'dob': {
      const y = 1960 + Math.floor(rand() * 45);
      const m = 1 + Math.floor(rand() * 12);
      const d = 1 + Math.floor(rand() * 28);
      return { kind, value: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
    }
  }
}

/** Profiles of the given sizes; each is a prefix of the largest, so every one meets the same page. */
export function benchProfiles(sizes: number[]): Map<number, Identifier[]> {
  const rand = prng(4);
  const largest = Math.max(...sizes);
  const all = Array.from({ length: largest }, (_, i) =>
    identifierOf(KIND_ORDER[i % KIND_ORDER.length] as IdentifierInput['kind'], rand, i),
  );
  const out = new Map<number, Identifier[]>();
  for (const size of sizes) {
    const identifiers = assignIdentifierIds(all.slice(0, size));
    const errors = validateIdentifierValues(identifiers);
    if (errors.length > 0) throw new Error(`bench profile invalid: ${JSON.stringify(errors[0])}`);
    out.set(size, identifiers);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Corpus

const WORDS = (
  'the a an and or but so if then than that this those these it its is was were be been are not no yes ' +
  'i you he she they we me him her them us my your his their our just like really about anyway lol lmao ' +
  'tbh idk imo ngl thread post posted posting reply quote said says saw seen found find look looked ' +
  'archive archived link links pic pics screenshot screenshots stream streamer art artist commission ' +
  'drama tea receipts cow lolcow discord server mod mods banned ban alt alts account accounts deleted ' +
  'again still already never always sometimes maybe probably obviously literally old new last first ' +
  'week month year today yesterday night morning lives moved town city near work works job school ' +
  'college parents mom dad sister brother boyfriend girlfriend ex friend friends everyone nobody ' +
  'someone going gone went come came back over under into out up down from with without for of on at ' +
  'in to by because since while when where why how what who which whatever whoever kek based cope'
).split(' ');
const OTHER_NAMES = [
  'Anselm Ellery',
  'Marta Quiroga',
  'Dev Halloran',
  'Priya Castellan',
  'Jo Whitcombe',
  'Lena Varga',
];
const FIRSTS = ['Katherine', 'Robert', 'Margaret', 'Priya', 'Tobias', 'Ingrid'];

/** Things forum and paste text is full of, none of them the subject's. */
function extra(rand: Rand): string {
  switch (Math.floor(rand() * 18)) {
    case 0:
      return `${2019 + Math.floor(rand() * 6)}-0${1 + Math.floor(rand() * 9)}-${10 + Math.floor(rand() * 18)} ${10 + Math.floor(rand() * 13)}:${10 + Math.floor(rand() * 49)}`;
    case 1:
      return `https://forum.example.net/threads/${pick(rand, WORDS)}-${pick(rand, WORDS)}.${digits(rand, 5)}/page-${1 + Math.floor(rand() * 40)}`;
    case 2:
      return `${pick(rand, WORDS)}${digits(rand, 2)}@example.${pick(rand, ['org', 'net'])}`;
    case 3:
      return pick(rand, [
        `(541) 555-01${digits(rand, 2)}`,
        `+44 7700 900${digits(rand, 3)}`,
        `030 23125${digits(rand, 3)}`,
        `06 39 98 ${digits(rand, 2)} ${digits(rand, 2)}`,
      ]);
    case 4:
      return `203.0.113.${1 + Math.floor(rand() * 250)}`;
    case 5:
      return `>>${digits(rand, 8)}`;
    case 6:
      return `No.${digits(rand, 9)}`;
    case 7:
      return `https://i.imgur.com/${Array.from({ length: 7 }, () => pick(rand, [...'aB3dEf9QxZk2mNp'])).join('')}.jpg`;
    case 8:
      return `${pick(rand, OTHER_NAMES)} said`;
    case 9:
      return `${1 + Math.floor(rand() * 28)}/${1 + Math.floor(rand() * 12)}/${1970 + Math.floor(rand() * 40)}`;
    case 10:
      return `$${Math.floor(rand() * 300)}`;
    case 11:
      return `${Math.floor(rand() * 60)} minutes ago`;
    case 12:
      return `#${pick(rand, WORDS)}${pick(rand, WORDS)}`;
    case 13:
      return `${pick(rand, FIRSTS)} ${surname(rand)}`;
    case 14:
      return `sha1 ${Array.from({ length: 40 }, () => pick(rand, [...'0123456789abcdef'])).join('')}`;
    case 15:
      return `https://youtu.be/${Array.from({ length: 11 }, () => pick(rand, [...'aZ09_-kQxLmP'])).join('')}`;
    case 16:
      return `${1 + Math.floor(rand() * 300)} ${pick(rand, STREET)} ${pick(rand, ['Street', 'Road', 'Ave'])}`;
    default:
      return `${Math.floor(rand() * 100)}%`;
  }
}

/** A dox-template line about somebody else. */
function doxLine(rand: Rand): string {
  return pick(rand, [
    `Name: ${pick(rand, OTHER_NAMES)}`,
    `Phone: (541) 555-01${digits(rand, 2)}`,
    `Address: ${1 + Math.floor(rand() * 900)} ${pick(rand, STREET)} Street, Albany, NY 12207`,
    `DOB: ${1 + Math.floor(rand() * 12)}/${1 + Math.floor(rand() * 28)}/${1970 + Math.floor(rand() * 30)}`,
    `Email: ${pick(rand, WORDS)}.${pick(rand, WORDS)}@example.org`,
    `IP: 198.51.100.${Math.floor(rand() * 250)}`,
  ]);
}

/** An obfuscated writing of one of the subject's identifiers, as a stalker would post it. */
function trueMatch(rand: Rand, identifier: IdentifierInput): string {
  const v = identifier.value;
  switch (identifier.kind) {
    case 'handle':
      return pick(rand, [
        `@${v}`,
        v.toUpperCase(),
        v.replace(/o/g, '0').replace(/e/g, '3'),
        `https://${v.replace(/[._]/g, '')}.tumblr.com`,
      ]);
    case 'name':
    case 'relative': {
      const parts = v.split(' ');
      return `${parts[parts.length - 1]}, ${parts[0]}`;
    }
    case 'email':
      return v.replace('@', ' [at] ').replace(/\.(?=[a-z]+$)/, ' [dot] ');
    case 'phone':
      return v.replace(/^\+\d+ /, '0').replace(/ /g, '-');
    case 'address':
      return v.replace(' Lane', ' Ln').replace(' Road', ' Rd');
    case 'dob': {
      const [y, m, d] = v.split('-');
      return `born ${d}/${m}/${y}`;
    }
  }
}

interface Corpus {
  /** Extracted-text pages (what the matcher gets after HTML -> text). */
  texts: string[];
  /** The same posts as forum HTML pages. */
  htmls: string[];
}

/**
 * Pages of forum-like posts, about `bytes` of text in all. True matches of the first `subjects`
 * identifiers are sprinkled sparsely (a few per page at most), as on a real thread about someone.
 */
export function benchCorpus(bytes: number, subjects: IdentifierInput[], pageBytes = 40_000): Corpus {
  const rand = prng(11);
  const texts: string[] = [];
  const htmls: string[] = [];
  let total = 0;
  let postNo = 100_000;
  while (total < bytes) {
    const posts: string[][] = [];
    let size = 0;
    while (size < pageBytes) {
      const lines: string[] = [];
      const count = 1 + Math.floor(rand() * 8);
      for (let l = 0; l < count; l++) {
        if (rand() < 0.04) {
          lines.push(doxLine(rand));
          continue;
        }
        const words = Array.from({ length: 6 + Math.floor(rand() * 18) }, () => pick(rand, WORDS));
        if (rand() < 0.35) words.splice(Math.floor(rand() * words.length), 0, extra(rand));
        if (rand() < 0.1) words.splice(Math.floor(rand() * words.length), 0, extra(rand));
        if (rand() < 0.006) words.splice(3, 0, trueMatch(rand, pick(rand, subjects)));
        let line = words.join(' ');
        line = line.charAt(0).toUpperCase() + line.slice(1) + pick(rand, ['.', '', '?', '!', ' lol', '...']);
        if (rand() < 0.12) line = `> ${line}`;
        lines.push(line);
      }
      posts.push(lines);
      size += lines.reduce((n, line) => n + line.length + 1, 0);
    }
    texts.push(posts.map((lines) => lines.join('\n')).join('\n'));
    htmls.push(forumPage(rand, posts, () => postNo++));
    total += size;
  }
  return { texts, htmls };
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A XenForo-like thread page: head, navigation, one article per post, links and quotes as markup. */
function forumPage(rand: Rand, posts: string[][], nextNo: () => number): string {
  const out: string[] = [
    '<!DOCTYPE html><html lang="en" data-app="public"><head><meta charset="utf-8">',
    '<title>Thread | Forum</title><link rel="stylesheet" href="/css.php?css=public%3Anormalize.css&amp;s=1&amp;l=1">',
    `<script>window.XF = { config: { csrf: "${digits(rand, 10)}", url: { fullBase: "https://forum.example.net/" } } };</script>`,
    '<style>.p-body{max-width:1200px}.message-cell{padding:8px}</style></head><body data-template="thread_view">',
    '<div class="p-pageWrapper"><header class="p-header"><nav class="p-nav"><ul class="p-nav-list">',
    ...['Forums', "What's new", 'Members', 'Search'].map(
      (item) =>
        `<li><a href="/${item.toLowerCase().replace(/\W/g, '')}/" class="p-navEl-link">${escapeHtml(item)}</a></li>`,
    ),
    '</ul></nav></header><div class="p-body"><div class="block-body js-replyNewMessageContainer">',
  ];
  for (const lines of posts) {
    const no = nextNo();
    const author = `${pick(rand, HANDLE_A)}${digits(rand, 3)}`;
    out.push(
      `<article class="message message--post js-post" data-author="${author}" data-content="post-${no}" id="js-post-${no}">`,
      `<div class="message-inner"><div class="message-cell message-cell--user"><section class="message-user">`,
      `<div class="message-avatar"><a href="/members/${author}.${no % 9000}/" class="avatar avatar--m" data-user-id="${no % 9000}"><img src="/data/avatars/m/${no % 90}/${no % 9000}.jpg" alt="${author}" width="96" height="96" loading="lazy"></a></div>`,
      `<h4 class="message-name"><a href="/members/${author}.${no % 9000}/" class="username" dir="auto">${author}</a></h4></section></div>`,
      `<div class="message-cell message-cell--main"><header class="message-attribution"><time class="u-dt" datetime="2024-05-21T09:37:00+0100">May 21, 2024</time><a href="/threads/x.1/post-${no}" class="message-attribution-gadget">#${no % 400}</a></header>`,
      '<div class="message-content js-messageContent"><div class="message-userContent lbContainer"><article class="message-body js-selectToQuote"><div class="bbWrapper">',
    );
    const body: string[] = [];
    let quote: string[] = [];
    const flushQuote = (): void => {
      if (quote.length === 0) return;
      body.push(
        `<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote"><div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">${quote.join('<br>\n')}</div></div></blockquote>`,
      );
      quote = [];
    };
    for (const line of lines) {
      const html = escapeHtml(line.replace(/^> /, '')).replace(
        /https?:\/\/[^\s<]+/g,
        (url) =>
          `<a href="${url}" target="_blank" class="link link--external" rel="nofollow ugc noopener">${url}</a>`,
      );
      if (line.startsWith('> ')) quote.push(html);
      else {
        flushQuote();
        body.push(rand() < 0.1 ? `<b>${html}</b>` : html);
      }
    }
    flushQuote();
    out.push(body.join('<br>\n'));
    out.push(
      '</div></article></div></div><footer class="message-footer"><div class="message-actionBar actionBar"><div class="actionBar-set actionBar-set--external">',
      `<a href="/posts/${no}/react?reaction_id=1" class="reaction actionBar-action" data-xf-click="reaction" rel="nofollow"><i aria-hidden="true"></i><span class="reaction-text">Like</span></a>`,
      `<a href="/threads/x.1/reply?quote=${no}" class="actionBar-action actionBar-action--reply" rel="nofollow">Reply</a>`,
      '</div></div></footer></div></div></article>',
    );
  }
  out.push(
    '</div></div></div><footer class="p-footer"><a href="/help/terms/">Terms and rules</a> <a href="/help/privacy-policy/">Privacy policy</a></footer></body></html>',
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Naive baseline: one regex per identifier per variant

const esc = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
const LEET: Record<string, string> = {
  a: '4@',
  b: '8',
  e: '3€',
  g: '96',
  i: '1!|',
  l: '1|',
  o: '0',
  s: '5$',
  t: '7+',
  z: '2',
};
const INVISIBLE = '[\\u00ad\\u200b-\\u200f\\u2060-\\u2064\\ufeff]*';
const ROT13 = (text: string): string =>
  text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

let lookAlikes: Map<string, string[]> | undefined;
/** Every code point whose compatibility form or confusable prototype is this ASCII letter or digit. */
function lookAlikesOf(char: string): string[] {
  if (!lookAlikes) {
    lookAlikes = new Map();
    const add = (target: string, cp: string): void => {
      if (!/^[a-z0-9]$/.test(target) || cp === target || cp.toLowerCase() === target) return;
      const list = lookAlikes?.get(target) ?? [];
      list.push(cp);
      lookAlikes?.set(target, list);
    };
    for (const [cp, proto] of Object.entries(confusables as Record<string, string>))
      add(proto.toLowerCase(), cp);
    for (let cp = 0x80; cp < 0x1fbff; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const c = String.fromCodePoint(cp);
      add(c.normalize('NFKC').toLowerCase(), c);
    }
  }
  return lookAlikes.get(char.toLowerCase()) ?? [];
}

const classOf = (chars: string[]): string =>
  `[${chars.map((c) => (/[\\\]^-]/.test(c) ? `\\${c}` : c)).join('')}]`;

/** Per-character forms, joined: the way a regex-per-variant matcher spells each variant. */
function perChar(text: string, form: (c: string) => string, joiner = ''): string {
  return [...text].map((c) => (/[a-z0-9]/i.test(c) ? form(c) : esc(c))).join(joiner);
}

function base64Forms(text: string): string[] {
  // The base64 of a string depends on its offset mod 3 in the encoded blob: three forms, edges trimmed.
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.from('x'.repeat(shift) + text).toString('base64');
    const from = shift === 0 ? 0 : Math.ceil((shift * 4) / 3) + 1;
    return encoded.slice(from, encoded.length - 4);
  });
}

const MONTHS = [
  'january|jan|januar|janvier',
  'february|feb|februar|fevrier|février',
  'march|mar|märz|maerz|mars',
  'april|apr|avril',
  'may|mai',
  'june|jun|juni|juin',
  'july|jul|juli|juillet',
  'august|aug|août|aout',
  'september|sept?|septembre',
  'october|oct|oktober|octobre',
  'november|nov|novembre',
  'december|dec|dezember|décembre',
];

/** The variants the matcher catches for one identifier, each as its own regex. */
export function naiveVariants(identifier: IdentifierInput): RegExp[] {
  const v = identifier.value;
  const sources: string[] = [];
  const unicode = (text: string): string =>
    perChar(text, (c) => classOf([c.toLowerCase(), c.toUpperCase(), ...lookAlikesOf(c)]));
  const leet = (text: string): string => perChar(text, (c) => classOf([c, ...(LEET[c.toLowerCase()] ?? '')]));
  const textForms = (text: string): void => {
    sources.push(
      esc(text),
      unicode(text),
      leet(text),
      perChar(text, (c) => c, INVISIBLE),
    );
    sources.push(perChar(text, (c) => `(?:${c}|&#${c.charCodeAt(0)};|&#x${c.charCodeAt(0).toString(16)};)`));
    sources.push(esc([...text].reverse().join('')), esc(ROT13(text)), ...base64Forms(text).map(esc));
  };
  switch (identifier.kind) {
    case 'handle': {
      const letters = v.replace(/[^\p{L}\p{N}]/gu, '');
      textForms(v);
      sources.push([...letters].map(esc).join('[-_.]?'));
      sources.push([...letters].map(esc).join('(?:[ \\t]{1,3}|[ \\t]?[-_.·•*][ \\t]?)'));
      sources.push(`//(?:www\\.)?${esc(letters)}\\.[a-z]{2,}\\.[a-z]{2,}`);
      break;
    }
    case 'name':
    case 'relative': {
      const parts = v.split(' ');
      const first = parts[0] as string;
      const last = parts[parts.length - 1] as string;
      textForms(v);
      sources.push(`${esc(first)}\\s+${esc(last)}`, `${esc(last)}\\s*,?\\s*${esc(first)}`);
      sources.push(`${esc(first.charAt(0))}\\.?\\s*(?:\\w\\.?\\s*)?${esc(last)}`);
      sources.push(
        `(?:first|given|fore|vor)[ _-]?name\\s*[:=]\\s*${esc(first)}`,
        `(?:(?:last|family|nach)[ _-]?name|surname)\\s*[:=]\\s*${esc(last)}`,
      );
      const nick: Record<string, string[]> = {
        Katherine: ['Kate', 'Kathy', 'Katie'],
        Elizabeth: ['Liz', 'Beth', 'Betty'],
        William: ['Will', 'Bill', 'Liam'],
        Robert: ['Rob', 'Bob', 'Bobby'],
        Margaret: ['Maggie', 'Peggy', 'Meg'],
        Jonathan: ['Jon', 'Jonny'],
        Theodore: ['Ted', 'Teddy', 'Theo'],
        Nathaniel: ['Nate', 'Nat'],
        Rosalind: ['Ros', 'Roz'],
        Tobias: ['Toby'],
      };
      for (const n of nick[first] ?? []) sources.push(`${esc(n)}\\s+${esc(last)}`);
      break;
    }
    case 'email': {
      const [local = '', domain = ''] = v.split('@');
      const dot = (text: string, sep: string): string => text.split('.').map(esc).join(sep);
      const at = '\\s*[\\[({<]\\s*(?:at|@)\\s*[\\])}>]\\s*';
      const dt = '\\s*[\\[({<]\\s*(?:dot|\\.)\\s*[\\])}>]\\s*';
      textForms(v);
      sources.push(`${dot(local, `(?:\\.|${dt})`)}${at}${dot(domain, `(?:\\.|${dt})`)}`);
      sources.push(
        `${dot(local, '(?:\\.|\\s+dot\\s+)')}\\s+(?:at|@)\\s+${dot(domain, '(?:\\.|\\s+dot\\s+)')}`,
      );
      break;
    }
    case 'phone': {
      const all = v.replace(/\D/g, '');
      const cc = v.startsWith('+1') ? '1' : all.slice(0, 2);
      const national = all.slice(cc.length);
      const sep = '[\\s.()/-]*';
      const words = [
        '(?:0|zero|oh|o)',
        'one',
        'two',
        'three',
        'four',
        'five',
        'six',
        'seven',
        'eight',
        'nine',
      ];
      sources.push(`(?:\\+${cc}${sep}(?:\\(0\\))?|00${cc}|011${cc}|0)?${sep}${[...national].join(sep)}`);
      sources.push([...national].map((d) => `(?:${d}|${words[Number(d)]})`).join('[\\s,.-]*'));
      sources.push([...national].map((d) => (d === '0' ? '[0oO]' : d === '1' ? '[1lI|]' : d)).join(sep));
      sources.push([...national].map((d) => classOf([d, String.fromCharCode(0xff10 + Number(d))])).join(sep));
      sources.push([...national].reverse().join(sep));
      break;
    }
    case 'address': {
      const m = /^(\d+) (.+?) (Lane|Road), /.exec(v) ?? /^(\d+) rue des (\S+), /.exec(v);
      const de = /^(\S+?)straße (\d+),/.exec(v);
      const number = de ? (de[2] as string) : (m?.[1] ?? '');
      const street = de ? (de[1] as string) : (m?.[2] ?? '');
      const type = de ? '(?:straße|strasse|str\\.?)' : '(?:lane|ln|road|rd|rue)\\.?';
      sources.push(
        `${number},?\\s+${esc(street)}(?:\\s+${type})?`,
        `${esc(street)}(?:\\s*${type})?\\s+${number}`,
      );
      sources.push(`${number}\\s*,?\\s*rue\\s+(?:des\\s+)?${esc(street)}`);
      sources.push(
        `(?:street|address|str|rue)\\s*[:=]\\s*${esc(street)}`,
        `(?:number|no\\.?|nr\\.?|hausnummer)\\s*[:=]\\s*${number}`,
      );
      sources.push(
        unicode(`${number} ${street}`),
        esc(ROT13(street)),
        esc([...`${number} ${street}`].reverse().join('')),
        ...base64Forms(`${number} ${street}`).map(esc),
      );
      break;
    }
    case 'dob': {
      const [y = '', m = '', d = ''] = v.split('-');
      const mm = `0?${Number(m)}`;
      const dd = `0?${Number(d)}`;
      const yy = `(?:${y}|${y.slice(2)})`;
      const month = `(?:${MONTHS[Number(m) - 1]})\\.?`;
      sources.push(`${y}-${m}-${d}`, `${mm}[/.-]${dd}[/.-]${yy}`, `${dd}[/.-]${mm}[/.-]${yy}`);
      sources.push(`${dd}(?:st|nd|rd|th|er|\\.)?(?:\\s+of)?[\\s.-]*${month}[\\s.,-]*'?${yy}`);
      sources.push(`${month}[\\s.-]*${dd}(?:st|nd|rd|th)?,?[\\s.-]*'?${yy}`);
      sources.push(esc(ROT13(month)));
      break;
    }
  }
  return sources.map((source) => new RegExp(source, 'giu'));
}

function naiveMatch(variants: RegExp[], text: string): number {
  let found = 0;
  for (const re of variants) {
    re.lastIndex = 0;
    while (re.exec(text) !== null) found++;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Timing

/** Seconds `run` takes. Wall time: the process's CPU time would also count the garbage collector's
 * helper threads on the other core, which a single-core figure must not charge to the matcher. */
function secondsOf(run: () => unknown): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

/**
 * Median seconds per run of each of `runs`, measured in alternation (a round runs each once), so
 * that whatever else the machine is doing weighs on all of them alike and their ratios hold. As many
 * rounds as fit in about `budget` seconds, at least 3 and at most 11.
 */
function alternating(runs: Array<() => unknown>, budget = 6): number[] {
  const warmUp = runs.reduce((total, run) => total + secondsOf(run), 0);
  const rounds = Math.max(3, Math.min(11, Math.floor(budget / Math.max(warmUp, 1e-3))));
  const times = runs.map((): number[] => []);
  for (let round = 0; round < rounds; round++) runs.forEach((run, i) => times[i]?.push(secondsOf(run)));
  return times.map((list) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)] as number);
}

/**
 * The part of matchText that every page costs whatever the profile holds (with a phone among the
 * identifiers, as every bench profile has): the page's readings and their folds, the key projections
 * of the plain and rot13 readings, the digit tokens, and the search for other people's data. The
 * matcher can be no faster than this alone.
 */
function fixedWork(text: string): void {
  const views = buildViews(text);
  projectKeys(views.plain.full.text, true, views.plain.full.ascii);
  digitRunsOf(views.plain.light);
  detectPii(text, views.plain);
}

/** The "Engine speed" targets, each printed beside its figure. */
const TARGETS = {
  /** Matcher over naive on text, by profile size. */
  overNaive: new Map([
    [20, 4.5],
    [100, 20],
  ]),
  /** Speed on the mixed-text copy over speed on the ASCII text. */
  mixedOverAscii: 0.8,
  /** The whole path from HTML over the bare parse. */
  pathOverParse: 0.6,
  /** Garbage collection's share of the matcher's wall time. */
  gcShare: 0.05,
};
const verdict = (held: boolean): string => (held ? 'met' : 'NOT MET');

/**
 * Collects the garbage collector's pauses (the main thread's, as 'gc' performance entries) and
 * sums those that began inside given windows of time. Node creates the entries on the event loop
 * after the pause, with the pause's own start time: `settle` lets the loop turn before summing.
 */
function gcRecorder(): { settle(): Promise<void>; within(windows: Array<[number, number]>): number } {
  const pauses: Array<[number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    settle: async () => {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      observer.disconnect();
    },
    within: (windows) =>
      pauses.reduce(
        (sum, [start, duration]) =>
          windows.some(([from, to]) => start >= from && start < to) ? sum + duration : sum,
        0,
      ),
  };
}

const mb = (bytes: number): number => bytes / 1e6;
const cell = (value: number, width = 8): string => value.toFixed(value >= 100 ? 0 : 1).padStart(width);

export async function matcherBench(bytes = 2_000_000, sizes = [5, 20, 100]): Promise<string[]> {
  const profiles = benchProfiles(sizes);
  const smallest = profiles.get(Math.min(...sizes)) as Identifier[];
  const corpus = benchCorpus(bytes, smallest);
  // The mixed-text copy of the same pages, each page from a seed of its own.
  const mixed = corpus.texts.map((text, i) => mixedText(text, 1000 + i));
  const mixedTexts = mixed.map((m) => m.text);
  const mixedShare =
    mixed.reduce((n, m) => n + m.changed, 0) / corpus.texts.reduce((n, t) => n + t.length, 0);
  const textBytes = corpus.texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const htmlBytes = corpus.htmls.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const lines = [
    `corpus: ${corpus.texts.length} synthetic forum pages, ${mb(textBytes).toFixed(2)} MB of text, ${mb(htmlBytes).toFixed(2)} MB as HTML; one core, medians of runs measured in alternation`,
    '',
    '(a) matcher on extracted text (matchText: every reading, all matchers, other-PII, snippets), MB/s of text',
    '  ids     naive  matcher    fixed  ceiling  matcher/naive  fixed/naive  found',
  ];
  const perSize: Array<{ size: number; text: number; html: number }> = [];
  const htmlRows: string[] = [];
  const mixedRows: string[] = [];
  const gcRows: Array<{ size: number; windows: Array<[number, number]> }> = [];
  const gc = gcRecorder();
  const targetRows: string[] = [];
  const parseAll = (): void => {
    for (const html of corpus.htmls) new Parser({}).end(html);
  };
  const [bare, extraction] = alternating([
    parseAll,
    () => {
      for (const html of corpus.htmls) htmlToText(html);
    },
  ]) as [number, number];
  // Every profile once over the corpus before anything is timed: the first size measured must not
  // pay for the engine's warm-up on behalf of the others.
  const compiled = new Map(sizes.map((size) => [size, compileProfile(profiles.get(size) as Identifier[])]));
  for (const profile of compiled.values()) for (const text of corpus.texts) matchText(profile, text);
  for (const size of sizes) {
    const identifiers = profiles.get(size) as Identifier[];
    const profile = compiled.get(size) as CompiledProfile;
    const variants = identifiers.flatMap(naiveVariants);
    const raw = new RegExp(identifiers.map((i) => esc(i.value)).join('|'), 'g');
    const found = new Set<string>();
    for (const text of corpus.texts)
      for (const m of matchText(profile, text).matches) found.add(m.identifierId);

    // The matcher's runs keep their windows of time: the garbage collector's pauses inside them are its.
    const windows: Array<[number, number]> = [];
    gcRows.push({ size, windows });
    const [ours, naive, ceiling, fixed, onMixed] = alternating([
      () => {
        const started = performance.now();
        for (const text of corpus.texts) matchText(profile, text);
        windows.push([started, performance.now()]);
      },
      () => {
        for (const text of corpus.texts) naiveMatch(variants, text);
      },
      () => {
        for (const text of corpus.texts) naiveMatch([raw], text);
      },
      () => {
        for (const text of corpus.texts) fixedWork(text);
      },
      () => {
        const started = performance.now();
        for (const text of mixedTexts) matchText(profile, text);
        windows.push([started, performance.now()]);
      },
    ]) as [number, number, number, number, number];
    const overNaive = naive / ours;
    const target = TARGETS.overNaive.get(size);
    if (target !== undefined)
      targetRows.push(
        `  matcher/naive on text, ${String(size).padStart(3)} ids   ${`${overNaive.toFixed(1)}x`.padStart(7)}  target >= ${target}x: ${verdict(overNaive >= target)}`,
      );
    const mixedFound = new Set<string>();
    for (const text of mixedTexts)
      for (const m of matchText(profile, text).matches) mixedFound.add(m.identifierId);
    const mixedRatio = ours / onMixed;
    targetRows.push(
      `  mixed/ascii speed,      ${String(size).padStart(3)} ids   ${mixedRatio.toFixed(2).padStart(7)}  target >= ${TARGETS.mixedOverAscii}: ${verdict(mixedRatio >= TARGETS.mixedOverAscii)}`,
    );
    mixedRows.push(
      `  ${String(size).padStart(3)}  ${cell(mb(textBytes) / ours)} ${cell(mb(textBytes) / onMixed)}  ${(ours / onMixed).toFixed(2).padStart(11)}  target >= ${TARGETS.mixedOverAscii}: ${verdict(ours / onMixed >= TARGETS.mixedOverAscii)}  found ${mixedFound.size} (ASCII ${found.size})`,
    );
    lines.push(
      `  ${String(size).padStart(3)}  ${cell(mb(textBytes) / naive)} ${cell(mb(textBytes) / ours)} ${cell(mb(textBytes) / fixed)} ${cell(mb(textBytes) / ceiling)}  ${`${(naive / ours).toFixed(1)}x`.padStart(13)}  ${`${(naive / fixed).toFixed(1)}x`.padStart(11)}  ${found.size} (${Math.min(size, smallest.length)} planted) (${variants.length} naive regexes)`,
    );

    // The bare parse again, beside this path: the ratio is of two figures measured together.
    const [wholePath, naivePath, parse] = alternating([
      () => {
        for (const html of corpus.htmls) matchText(profile, extractText('page.html', html));
      },
      () => {
        for (const html of corpus.htmls) naiveMatch(variants, htmlToText(html));
      },
      parseAll,
    ]) as [number, number, number];
    htmlRows.push(
      `  ${String(size).padStart(3)}  ${cell(mb(htmlBytes) / naivePath)} ${cell(mb(htmlBytes) / wholePath)} ${cell(mb(htmlBytes) / parse)}  ${(parse / wholePath).toFixed(2).padStart(13)}  ${verdict(parse / wholePath >= TARGETS.pathOverParse)}`,
    );
    perSize.push({ size, text: ours, html: wholePath });
    targetRows.push(
      `  path/bare-parse (HTML), ${String(size).padStart(3)} ids   ${(parse / wholePath).toFixed(2).padStart(7)}  target >= ${TARGETS.pathOverParse}: ${verdict(parse / wholePath >= TARGETS.pathOverParse)}`,
    );
  }
  lines.push(
    '  naive: one regex per identifier per variant; ceiling: one V8 alternation of the raw values',
    "  fixed: what every page costs whatever the profile (readings and folds, key projections, digit tokens, other people's data), alone: matcher/naive is below fixed/naive",
    '  found: identifiers matched; beyond the planted ones, values of the corpus equal to an identifier',
    `  targets: matcher/naive >= ${[...TARGETS.overNaive].map(([size, x]) => `${x}x with ${size} ids`).join(', ')} (see the summary below)`,
    '',
    `(a') matcher on a mixed-text copy of the same pages (${(mixedShare * 100).toFixed(1)} % of characters accented, Cyrillic/Greek look-alikes, full-width or followed by a zero-width character; seeded), MB/s of the ASCII text, in the same alternation as (a)`,
    '  ids    ascii    mixed  mixed/ascii',
    ...mixedRows,
    '',
    '(b) whole path from HTML (HTML -> text -> all matchers -> other-PII -> masking), MB/s of HTML',
    `  ids     naive     path  bare-parse  path/parse  (target >= ${TARGETS.pathOverParse})`,
    ...htmlRows,
    '  naive: HTML -> text, then the naive regexes; bare-parse: htmlparser2 with empty handlers',
    `  target: path >= ${TARGETS.pathOverParse} of bare-parse`,
    `  extraction alone (HTML -> text): ${cell(mb(htmlBytes) / extraction, 0).trim()} MB/s beside bare-parse ${cell(mb(htmlBytes) / bare, 0).trim()} MB/s (measured in alternation), ${(bare / extraction).toFixed(2)}x its speed`,
  );
  await gc.settle();
  const gcLines = gcRows.map(({ size, windows }) => {
    const wall = windows.reduce((sum, [from, to]) => sum + (to - from), 0);
    const share = gc.within(windows) / wall;
    return {
      size,
      share,
      line: `  ${String(size).padStart(3)} ids  ${(share * 100).toFixed(1).padStart(5)} %  of ${(wall / 1000).toFixed(1)} s of matcher runs (ASCII and mixed)  target <= ${TARGETS.gcShare * 100} %: ${verdict(share <= TARGETS.gcShare)}`,
    };
  });
  lines.push(
    '',
    "garbage collection during the matcher's timed runs ('gc' pauses of the main thread, summed, over the runs' wall time)",
    ...gcLines.map((g) => g.line),
  );
  for (const { size, share } of gcLines)
    targetRows.push(
      `  gc share of matcher,    ${String(size).padStart(3)} ids   ${`${(share * 100).toFixed(1)} %`.padStart(7)}  target <= ${TARGETS.gcShare * 100} %: ${verdict(share <= TARGETS.gcShare)}`,
    );
  const first = perSize[0];
  const last = perSize[perSize.length - 1];
  if (first && last && first !== last) {
    lines.push(
      '',
      `scaling: ${last.size} ids take ${(last.text / first.text).toFixed(2)}x the time of ${first.size} on text, ${(last.html / first.html).toFixed(2)}x from HTML (target < 2)`,
    );
  }
  // Grouped by figure, each group by profile size (the rows were made in the order of measuring).
  const order = ['matcher/naive', 'mixed/ascii', 'path/bare-parse', 'gc share'];
  const rank = (row: string): number => order.findIndex((label) => row.trimStart().startsWith(label));
  targetRows.sort((x, y) => rank(x) - rank(y));
  lines.push(
    '',
    'engine speed targets (each figure beside its reference, measured in this run):',
    ...targetRows,
  );
  return lines;
}
