/**
 * The fast extraction against the first, simple one (test/support/html-to-text.reference.ts), byte
 * for byte: the sample and corpus pages, the strings of their JSON, the benchmark's forum pages,
 * hostile shapes, edge cases of the tokenizer, and thousands of random tag soups. `domToText`
 * shares the text builder, so it is held to its first version the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchCorpus, benchProfiles } from '../../bench/matcher.bench.js';
import { domToText, htmlToText } from '../../shared/text/html-to-text.js';
import { parseHtml } from '../../shared/text/dom.js';
import { htmlSoup, jsonStrings } from '../support/html-soup.js';
import { referenceDomToText, referenceHtmlToText } from '../support/html-to-text.reference.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The input behind a long comment: the same text, but with entities sparse enough that the
 * extraction replays the stretches holding one instead of decoding all along, so both ways are
 * held to the reference.
 */
function sparse(input: string): string {
  const ampersands = input.split('&').length - 1;
  return `<!--${' '.repeat(512 * (ampersands + 1))}-->${input}`;
}

function* withSparse(inputs: Iterable<string>): Generator<string> {
  for (const input of inputs) {
    yield input;
    if (input.includes('&')) yield sparse(input);
  }
}

/** Inputs whose output differs, with both outputs; empty when all agree. */
function differences(
  inputs: Iterable<string>,
  withDom = true,
): Array<{ input: string; got: string; want: string }> {
  const found: Array<{ input: string; got: string; want: string }> = [];
  for (const input of withSparse(inputs)) {
    const got = htmlToText(input);
    const want = referenceHtmlToText(input);
    if (got !== want)
      found.push({ input: input.slice(0, 2000), got: got.slice(0, 2000), want: want.slice(0, 2000) });
    if (withDom && found.length === 0) {
      const doc = parseHtml(input);
      const gotDom = domToText(doc);
      const wantDom = referenceDomToText(doc);
      if (gotDom !== wantDom)
        found.push({ input: `(domToText) ${input.slice(0, 2000)}`, got: gotDom, want: wantDom });
    }
    if (found.length >= 3) break;
  }
  return found;
}

/** Markup where the tokenizer and the tree rules have corner cases; each was once a difference or is one waiting to happen. */
const EDGE_CASES = [
  '',
  ' ',
  'plain text',
  '<',
  '&',
  '</textarea</tit',
  '<a/',
  '<a x=1 /',
  '<h1><output\tdata-content="z" alt=\'f\'><h1\ntitle="T"><!--></textarea</tit',
  'a</b',
  'a<b',
  'a<b c',
  'a<b c="d',
  'a &amp',
  'a &#65',
  'a &notit; &not &notin;',
  '<img alt="R&amp;D" title="R&amp;D">',
  '<img alt="a&ampx=b" title="&amp=">',
  '<IMG ALT="x" Alt="y"><image alt="img alias"><svg><image alt="svg image"></svg>',
  '<input type="image" alt="i"><input TYPE="IMAGE" alt="j"><input type=image alt=k>',
  '<a href="https://x.example/a">https://x.example/a</a><a HREF="mailto:A@B.C">a@b.c</a>',
  '<a href="https://x.example/">one<a href="https://y.example/">two</a></a>',
  '<a href=" https://x.example/ a b ">t</a>',
  '<span data-cfemail="543539352e361a31352f"></span><b DATA-CFEMAIL="0a6b4a68246924">x</b>',
  '<p>a<div>b</p>c</div>d</p>e',
  '</p></br></BR></img></image>',
  '<table><tr><td>a<td>b<tr><th>c</table>',
  '<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl>',
  '<select><option>a<option>b<optgroup><option>c</select>',
  '<form><div><form><p>inner</form>after</div></form>',
  '<title>a &amp; b</title><textarea>x &lt;\r\n y</textarea>',
  '<title>a <&amp; </ti&amp; </title&amp; </TITLE>z',
  '<textarea>\r\n\r\nx</textarea><pre>\r\ny\r</pre>',
  '<script>a &amp; </b> <p></script>after<style>p{}</style>',
  '<xmp>a &amp; <b>b</b></xmp><iframe>&amp;</iframe><noembed>x</noembed><noframes>y</noframes>',
  '<plaintext>a &amp; <b>b</b>',
  '<svg><title>t</title><foreignObject><p>html</p></foreignobject><script>s</script></svg>after',
  '<svg><desc>d<svg/>e</desc></svg><math><mi>x<![CDATA[cd]]></mi><![CDATA[math cdata]]></math>',
  '<math><title>&amp;</title><mi><title>rc&amp;</title></mi></math>',
  '<svg><clippath><a href="https://x.example/">in svg</a></clipPath></svg>',
  '<![CDATA[not text]]><!-- c --><!DOCTYPE html><?pi?>',
  '<lin\u212a rel="x">a<bloc\u212aquote>q</blockquote><a h\u212aref="https://k.example/">k</a>',
  '<div\u212a>a</div>b',
  'a\u00a0\u00a0b &nbsp; c\td\ne\ff\rg\vh\u2003i',
  '<b>Jor</b><i>dan</i> <wbr>x<br>y<br><br><br>z',
  '<td>a</td><td>b</td>',
  '<noscript><p>x</p></noscript><template><p>y</p></template>',
  '<a href="https://e.example/">' + 'y'.repeat(5000) + 'https://e.example/</a>',
  '<a href="https://e.example/">' + 'y'.repeat(2047) + ' https://e.example/</a>',
  '<a href="https://e.example/">' + 'y'.repeat(2046) + '&amp;https://e.example/</a>',
  '<body><head><link><script>x</script></head></body>',
  // Entities: the main tokenizer skips them and stretches holding one are replayed through a
  // decoding tokenizer, so their ends, quotes and the element the text is in all matter.
  'a&amp<b>x</b>&#65<i>y</i>&notit<br>&#x41',
  'text &amp; more &',
  'text &#x1F600',
  "<a href=https://e.example/?a=1&amp;b=2&ampx=3>l</a><a href='https://e.example/?&lt;'>m</a>",
  '<img alt=&amp; title=x&amp=y><img alt=\'&quot;q&quot;\' title="&#x27;s">',
  '<title>a <&amp; \u001c/title>&amp; </title>after &amp;',
  '<title/>a&amp;b</title><textarea/>c&#13;&#10;d</textarea>',
  '<textarea>a&#13;\nb &amp;</textarea',
  '<title>x &amp; y</ti',
  '<xmp>&amp;</xmp><iframe>&lt;</iframe><noembed>&gt;</noembed><noframes>&quot;</noframes>',
  '<svg><title>&amp;</title></svg><math><xmp>a&amp;b</xmp><mi><xmp>c&amp;d</xmp></mi></math>',
  '<math><textarea>&amp;</textarea></math><textarea>&amp;</textarea>',
  '<XMP>&amp;</XMP><TiTlE>&amp;</tItLe><Plaintext>&amp;',
  '<a href="https://e.example/">' + 'y'.repeat(2046) + '&amp;&amp;https://e.example/</a>',
  '</x &',
  '<img alt="&amp;amp;" title="&amp;lt;"><a href="https://e.example/?q=&amp;amp;">&amp;amp;</a>',
  // Titles and aria-labels are asides; what the page's style hides is read apart from the flow.
  '<p title="t1">a<span TITLE="t2" aria-label="l">b</span><br>c<abbr title="t&amp;3">d</abbr></p>e',
  '<p>s<span style="display:none">x<b>y</b><br>z</span>alt<i STYLE="font-size:0">q</i>marsh</p>',
  '<style>.h{display:none} p.k, .m{visibility:hidden}</style><p>a<i class="x h">b</i>c<b class=m>d<img></b>e</p>',
  '<div style="visibility: hidden"><p>one</p><td>two<script>s</script></td></div>after<div title="">x</div>',
  '<span style="display:none"><span style="display:none">in</span>out</span><span style="display:block">v</span>',
];

describe('htmlToText against its reference', () => {
  it('agrees on edge cases of the tokenizer and the tree rules', () => {
    expect(differences(EDGE_CASES)).toEqual([]);
  });

  it('agrees on the sample and corpus pages and the strings of their JSON', () => {
    const inputs: string[] = [];
    for (const file of [
      ...filesUnder(join(fixtures, 'samples')),
      ...filesUnder(join(fixtures, 'corpus/pages')),
    ]) {
      const content = readFileSync(file, 'utf8');
      inputs.push(content);
      if (file.endsWith('.json')) {
        try {
          inputs.push(...jsonStrings(JSON.parse(content)));
        } catch {
          // Malformed JSON samples are only read as text.
        }
      }
    }
    expect(inputs.length).toBeGreaterThan(60);
    expect(differences(inputs)).toEqual([]);
  });

  it('agrees on the benchmark forum pages', () => {
    const corpus = benchCorpus(400_000, benchProfiles([5]).get(5) ?? []);
    expect(differences(corpus.htmls)).toEqual([]);
  });

  it('agrees on hostile shapes', () => {
    const depth = 20_000;
    const inputs = [
      ...['<', '&', '<a', '&amp;', '<p>', '</p>', '<br>', '</', '<!--', '<![CDATA['].map((s) =>
        s.repeat(20_000),
      ),
      `${'<div>'.repeat(depth)}posted by copperwren${'</div>'.repeat(depth)}`,
      `${'<div><span>'.repeat(depth)}x`,
      `${'<div><a href="https://e.example/">'.repeat(depth)}core`,
      `${'<svg><foreignObject>'.repeat(1000)}deep`,
      '\ud800x\udfff<b>\udfff</b>'.repeat(1000),
    ];
    expect(differences(inputs, false)).toEqual([]);
  });

  it('agrees on 4000 random tag soups', () => {
    const soups = Array.from({ length: 4000 }, (_, i) => htmlSoup(i + 1, 10 + (i % 90)));
    expect(differences(soups)).toEqual([]);
  });
});
