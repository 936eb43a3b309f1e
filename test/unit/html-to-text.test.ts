import { selectOne } from 'css-select';
import { describe, expect, it } from 'vitest';
import { hiddenClasses, pageStyle } from '../../shared/text/css-hidden.js';
import { decodeCloudflareEmail, domToText, htmlToText } from '../../shared/text/html-to-text.js';
import { parseHtml } from '../../shared/text/dom.js';
import { readFixture } from '../support/fixtures.js';
import { referencePageStyle } from '../support/html-to-text.reference.js';
import { randomTexts } from '../support/random-text.js';

describe('htmlToText', () => {
  it('keeps a word split by inline tags whole', () => {
    expect(htmlToText('<p>Jor<b>dan</b> Q<i>uill</i><span>feather</span></p>')).toBe('Jordan Quillfeather');
    expect(htmlToText('zephyr<wbr>quill')).toBe('zephyrquill');
  });

  it('separates block elements, cells and <br> with line breaks or spaces', () => {
    expect(htmlToText('<div>one</div><div>two</div><p>three</p>')).toBe('one\ntwo\nthree');
    expect(htmlToText('a<br>b<br><br>c<br><br><br><br>d')).toBe('a\nb\n\nc\n\nd');
    expect(htmlToText('<ul><li>x</li><li>y</li></ul>')).toBe('x\ny');
    expect(htmlToText('<table><tr><td>Jordan</td><td>Avery</td></tr><tr><th>Z</th></tr></table>')).toBe(
      'Jordan Avery\nZ',
    );
    expect(htmlToText('<h1>Title</h1>body<blockquote>quoted</blockquote>after')).toBe(
      'Title\nbody\nquoted\nafter',
    );
  });

  it('decodes entities in text and attributes', () => {
    expect(htmlToText('Tom &amp; Jerry &lt;3 &#039;hi&#x27; caf&eacute;')).toBe("Tom & Jerry <3 'hi' café");
    expect(htmlToText('<img alt="R&amp;D">')).toBe('R&D');
  });

  it('skips script, style, noscript and template content', () => {
    const html =
      '<p>before</p><script>var handle="zephyrquill"</script><style>.x{}</style>' +
      '<noscript>enable js</noscript><template><p>hidden</p></template><p>after</p>';
    expect(htmlToText(html)).toBe('before\nafter');
  });

  it('keeps image alt and title text as separate words', () => {
    expect(htmlToText('see<img src="a.png" alt="ZephyrQuillArt logo" title="art by zephyr">here')).toBe(
      'see ZephyrQuillArt logo art by zephyr here',
    );
    expect(htmlToText('<img src="a.png">')).toBe('');
  });

  it('appends absolute, mailto: and tel: link targets after the link text', () => {
    expect(htmlToText('<a href="https://art.example.com/zq">my art</a> rest')).toBe(
      'my art <https://art.example.com/zq> rest',
    );
    expect(htmlToText('mail <a href="mailto:jq@example.com">me</a>.')).toBe(
      'mail me <mailto:jq@example.com>.',
    );
    expect(htmlToText('<a href="tel:+16145550142">call</a>')).toBe('call <tel:+16145550142>');
  });

  it('does not repeat a target the link text already shows, nor keep internal links', () => {
    expect(htmlToText('<a href="https://x.example/a">https://x.example/a</a>')).toBe('https://x.example/a');
    expect(htmlToText('<a href="mailto:a@example.org">a@example.org</a>')).toBe('a@example.org');
    expect(
      htmlToText('<a href="/members/x.1/">x</a> <a href="#top">top</a> <a href="javascript:void(0)">j</a>'),
    ).toBe('x top j');
  });

  it('collapses whitespace runs and trims, but keeps <pre> layout', () => {
    expect(htmlToText('  a \n\t  b&nbsp;&nbsp;c   ')).toBe('a b c');
    expect(htmlToText('<p>x</p><pre>Name ..... Dana\n  Phone .. 0</pre><p>y</p>')).toBe(
      'x\nName ..... Dana\n  Phone .. 0\ny',
    );
  });

  it('decodes Cloudflare-protected e-mails', () => {
    // key 0x42 XOR "a@b.c"
    const hex =
      '42' + [...'a@b.c'].map((c) => (c.charCodeAt(0) ^ 0x42).toString(16).padStart(2, '0')).join('');
    expect(decodeCloudflareEmail(hex)).toBe('a@b.c');
    expect(htmlToText(`<span class="__cf_email__" data-cfemail="${hex}"></span>`)).toBe('a@b.c');
    expect(decodeCloudflareEmail('zz')).toBeUndefined();
  });

  it('stays linear on huge and pathological input', () => {
    const big = '<div><b>x</b> y &amp; <a href="https://e.example/">z</a></div>'.repeat(100_000);
    const deep = '<div><a href="https://e.example/">'.repeat(50_000) + 'core';
    const started = performance.now();
    expect(htmlToText(big).length).toBeGreaterThan(1_000_000);
    expect(htmlToText(deep)).toContain('core');
    // Generous bound: this only catches quadratic behaviour, never measures speed.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('reads the XenForo sample page with quotes and spoilers', () => {
    const html = readFixture('kiwifarms/thread_page.html');
    const text = htmlToText(html);
    expect(text).toContain('MarrowfinInk / Tamsin Brackwater');
    expect(text).toContain('posted as marrowfin on the old comic forum');
    expect(text).toContain('commissions open - text 802 555 01 63 - MarrowfinInk');
    expect(text).toContain('tbrackwater [at] example [dot] net');
  });
});

describe('domToText', () => {
  it('applies the same rules to parsed nodes and can skip elements', () => {
    const doc = parseHtml(
      '<div id="post">Jor<b>dan</b><blockquote>q<div class="more">Click to expand...</div></blockquote>' +
        '<a href="mailto:a@example.com">mail</a><script>x</script></div>',
    );
    const post = selectOne('#post', doc);
    expect(post).not.toBeNull();
    expect(domToText(post!)).toBe('Jordan\nq\nClick to expand...\nmail <mailto:a@example.com>');
    expect(domToText(post!, { skip: (el) => el.attribs.class === 'more' })).toBe(
      'Jordan\nq\nmail <mailto:a@example.com>',
    );
  });

  it('agrees with htmlToText on a whole document and on a list of nodes', () => {
    const html = '<html><head><title>T</title></head><body><p>a<br>b</p><ul><li>c</li></ul></body></html>';
    expect(domToText(parseHtml(html))).toBe(htmlToText(html));
    expect(domToText(parseHtml('<p>a</p><p>b</p>').children)).toBe('a\nb');
  });
});

describe('text read apart from the flow', () => {
  it.each([
    [
      'a title of any element',
      '<p>see <span title="saltmarshfinch">her</span> profile</p><p>b</p>',
      'see her profile saltmarshfinch\nb',
    ],
    [
      'an aria-label, once when it is the title too',
      '<p><button aria-label="finch_ledger" title="finch_ledger">x</button></p>',
      'x finch_ledger',
    ],
    ['an image title stays beside its alt', '<p><img alt="a" title="t"> z</p>', 'a t z'],
    [
      'junk hidden inline inside a word',
      '<p>s<span style="display:none">x</span>alt<b style="font-size:0">q</b>marsh<i style="visibility:hidden">w</i>finch</p>',
      'saltmarshfinch x q w',
    ],
    [
      'junk hidden by a class rule of the page',
      '<style>.c{display:none} span.d, .e { font-size: 0px !important }</style><p>finch<i class="c">zz</i>_led<span class="x d">y</span>ger</p>',
      'finch_ledger zz y',
    ],
    [
      'a hidden block, still read',
      '<div style="display: none"><p>Name: M. Vandersloot</p><p>Cell: 612</p></div><p>after</p>',
      'Name: M. Vandersloot Cell: 612\nafter',
    ],
    [
      'a declaration that does not hide',
      '<p>a<span style="display:inline; font-size:0.8em">b</span>c</p>',
      'abc',
    ],
    [
      'a class rule on a page without that class',
      '<style>.gone{display:none}</style><p>a<span class="here">b</span>c</p>',
      'abc',
    ],
  ])('%s', (_name, html, want) => {
    expect(htmlToText(html)).toBe(want);
    expect(domToText(parseHtml(html))).toBe(want);
  });

  it('reads class rules inside at-rules and lists, and stays linear on hostile style', () => {
    expect([
      ...hiddenClasses(
        '<style>@media screen { .a { display : none !important } p.b,.c{font-size:0} } .d{color:red} div > .e{display:none}</style>',
      ),
    ]).toEqual(['a', 'b', 'c']);
    for (const html of [
      `<style>${'a'.repeat(2_000_000)}`,
      `<style>${'{'.repeat(1_000_000)}${'}'.repeat(1_000_000)}`,
      '<style'.repeat(300_000),
      `<style>${'.c{display:none}'.repeat(200_000)}</style><p>a<i class="c">b</i>c</p>`,
    ])
      expect(htmlToText(html).length).toBeLessThan(10);
  });

  it('stays bounded on a page of hidden elements and tooltips', () => {
    const post = `<p title="tip">a<span class="h">${'x'.repeat(50)}</span>b</p>`;
    const big = `<style>.h{display:none}</style>${post.repeat(40_000)}`;
    const text = htmlToText(big);
    // Each post is its line with its asides; the asides stop at their cap, the text goes on.
    expect(text.startsWith(`ab tip ${'x'.repeat(50)}\nab`)).toBe(true);
    expect(text.split('\n')).toHaveLength(40_000);
    expect(text.length).toBeLessThan(big.length);
  });
});

describe("a page's style read in one pass", () => {
  it('is what the two searches it replaced find, element by element and attribute by attribute', () => {
    const pieces = [
      '<style>',
      '<STYLE media="x">',
      '<style style="a">',
      '</style>',
      '.x{display:none}',
      '.y {visibility: hidden}',
      'p{color:red}',
      'style=',
      'Style =',
      'style',
      '<div style="display:none">',
      '<span class="x">',
      '<',
      '>',
      ' ',
      '\n',
      'text',
    ];
    let withAttributes = 0;
    let withHidden = 0;
    for (const html of randomTexts(pieces, 3000, 24, 7)) {
      const style = pageStyle(html);
      const expected = referencePageStyle(html);
      expect(style.attributes, html).toBe(expected.attributes);
      expect([...style.hidden].sort(), html).toEqual([...expected.hidden].sort());
      if (style.attributes) withAttributes++;
      if (style.hidden.size > 0) withHidden++;
    }
    expect(withAttributes).toBeGreaterThan(300);
    expect(withHidden).toBeGreaterThan(300);
  });
});
