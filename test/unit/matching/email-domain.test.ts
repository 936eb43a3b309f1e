/**
 * Domains are compared as a mail server resolves them, not folded: another domain is another
 * mailbox, however alike it looks, and it is somebody else's data (shown masked only). The punycode
 * form of an internationalised domain is the same address.
 */
import { describe, expect, it } from 'vitest';
import { domainKey, writtenDomain } from '../../../shared/matching/email.matcher.js';
import { match } from './helpers.js';

const anais = [{ id: 'e1', kind: 'email' as const, value: 'anaïs@café-exemple.example' }];
const kmo = [{ id: 'e1', kind: 'email' as const, value: 'kmo.letters@example.com' }];
const punyProfile = [{ id: 'e1', kind: 'email' as const, value: 'anaïs@xn--caf-exemple-dbb.example' }];
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const reverse = (text: string): string => [...text].reverse().join('');
const rot13 = (text: string): string =>
  text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

describe('domainKey', () => {
  it.each([
    ['café-exemple.example', 'xn--caf-exemple-dbb.example'],
    ['CAFÉ-Exemple.EXAMPLE', 'xn--caf-exemple-dbb.example'],
    ['ｃａｆé-exemple．example', 'xn--caf-exemple-dbb.example'],
    ['xn--caf-exemple-dbb.example', 'xn--caf-exemple-dbb.example'],
    ['cafe-exemple.example', 'cafe-exemple.example'],
    ['exam\u200bple.com', 'example.com'],
    ['ex\u0430mple.com', 'xn--exmple-4nf.com'],
    ['ex ample.com', undefined],
  ])('%s reads as %s', (domain, key) => {
    expect(domainKey(domain)).toBe(key);
  });

  it.each([
    ['a@b.example', 'b.example'],
    ['a [at] b [dot] example', 'b.example'],
    ['a(at)b(dot)example', 'b.example'],
    ['a at b dot example', 'b.example'],
    ['a＠ｂ．example', 'b.example'],
    ['no address here', undefined],
  ])('the domain of %s is %s', (address, domain) => {
    expect(writtenDomain(address)).toBe(domain);
  });
});

describe('e-mail matcher and internationalised domains', () => {
  it.each([
    ['as given', anais, 'mail anaïs@café-exemple.example today', 'exact'],
    ['in capitals', anais, 'mail ANAÏS@CAFÉ-EXEMPLE.EXAMPLE today', 'case-folded'],
    ['with its domain in punycode', anais, 'mail anaïs@xn--caf-exemple-dbb.example today', 'email-punycode'],
    ['in punycode and capitals', anais, 'mail anaïs@XN--CAF-EXEMPLE-DBB.example today', 'email-punycode'],
    [
      'given in punycode, written in Unicode',
      punyProfile,
      'mail anaïs@café-exemple.example',
      'email-punycode',
    ],
    ['spelled with [at] and [dot]', anais, 'anaïs [at] café-exemple [dot] example', 'email-obfuscated'],
    ['reversed', anais, `read it backwards: ${reverse('anaïs@café-exemple.example')}`, 'reversed'],
    ['in base64', anais, `enc: ${b64('Mail: anaïs@café-exemple.example')}`, 'base64'],
    ['as entities', anais, 'mail anaïs&#64;caf&#233;-exemple&#46;example', 'html-entities'],
    [
      'percent-encoded',
      anais,
      `<a href="mailto:${encodeURIComponent('anaïs@café-exemple.example')}">`,
      'percent-encoded',
    ],
    ['in base64 of rot13', anais, `enc: ${b64(rot13('Mail: anaïs@café-exemple.example'))}`, 'double-encoded'],
  ])('finds the address %s', (_label, profile, text, method) => {
    expect(match(profile, text).matches[0]?.method).toBe(method);
  });

  it.each([
    ['ana@café-exemple.example', 'write to ana@xn--caf-exemple-dbb.example'],
    ['ana@xn--caf-exemple-dbb.example', 'write to ana@café-exemple.example'],
  ])('finds %s with a short mailbox in its other writing (anchored on the domain)', (value, text) => {
    expect(match([{ id: 'e1', kind: 'email', value }], text).matches[0]?.method).toBe('email-punycode');
    expect(match([{ id: 'e1', kind: 'email', value }], 'write to ana@cafe-exemple.example').matches).toEqual(
      [],
    );
  });

  // Each of these is another mailbox: never the person's, and never shown in clear.
  it.each([
    ['the unaccented look-alike domain', anais, 'anaïs@cafe-exemple.example'],
    ['another accent on the domain', anais, 'anaïs@cafè-exemple.example'],
    ['the look-alike in punycode', anais, 'anaïs@xn--caf-exemple-r7a.example'],
    ['the look-alike spelled with [at]', anais, 'anaïs [at] cafe-exemple [dot] example'],
    ['a Cyrillic а in the domain', kmo, 'kmo.letters@ex\u0430mple.com'],
    ['a Greek ο in the domain', kmo, 'kmo.letters@example.c\u03bfm'],
    ['a dotless ı in the domain', kmo, 'kmo.letters@examp\u0131e.com'],
    ['an accent on an ASCII domain', kmo, 'kmo.letters@exämple.com'],
    ['another top-level domain', kmo, 'kmo.letters@example.co'],
    ['another top-level domain, spelled', kmo, 'kmo.letters at example dot net'],
  ])('does not take %s for the person', (_label, profile, address) => {
    const page = `contact: ${address} (asked to be written to)`;
    const encoded = [
      `enc: ${b64(page)}`,
      `enc: ${b64(rot13(page))}`,
      `mailto:${encodeURIComponent(address)}`,
    ];
    for (const text of [page, reverse(page), ...encoded]) {
      const result = match(profile, text);
      expect(result.matches, text).toEqual([]);
      expect(JSON.stringify(result), text).not.toContain(address);
    }
    const plain = match(profile, page);
    expect(plain.otherPii.map((pii) => pii.category)).toEqual(address.includes('@') ? ['email'] : []);
  });

  it('never reports nor shows in clear any one-letter look-alike of a domain', () => {
    const LOOKALIKES: Record<string, string[]> = {
      a: ['\u0430', 'à', 'á', 'ä', '\u0251'],
      c: ['\u0441', 'ç'],
      e: ['\u0435', 'é', 'è', 'ë'],
      é: ['e', 'è', 'ê', '\u0435\u0301'],
      i: ['\u0456', 'ï', '\u0131'],
      l: ['\u04cf', '1'],
      m: ['rn', '\u043c'],
      o: ['\u043e', 'ö', '0', '\u03bf'],
      p: ['\u0440', 'þ'],
      x: ['\u0445', '\u03c7'],
    };
    const variants = (domain: string): string[] => {
      const out: string[] = [];
      [...domain].forEach((letter, i) => {
        for (const other of LOOKALIKES[letter] ?? [])
          out.push([...domain].slice(0, i).join('') + other + [...domain].slice(i + 1).join(''));
      });
      return out;
    };
    let checked = 0;
    for (const [profile, mailbox, domain] of [
      [anais, 'anaïs', 'café-exemple.example'],
      [kmo, 'kmo.letters', 'example.com'],
    ] as const) {
      for (const lookalike of variants(domain)) {
        const address = `${mailbox}@${lookalike}`;
        if (domainKey(lookalike) === domainKey(domain)) continue;
        const result = match(profile, `mail ${address} now`);
        expect(result.matches, address).toEqual([]);
        expect(JSON.stringify(result), address).not.toContain(address);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('masks the look-alike in the snippet of a match beside it', () => {
    const profile = [...anais, { id: 'h1', kind: 'handle' as const, value: 'ardoisenoire' }];
    const text = 'ardoisenoire wrote from anaïs@cafe-exemple.example yesterday';
    const result = match(profile, text);
    expect(result.matches.map((m) => m.identifierId)).toEqual(['h1']);
    expect(JSON.stringify(result)).not.toContain('cafe-exemple');
    expect(result.matches[0]?.snippet).toContain('[email: a***@c***.example]');
  });

  it('finds the person and masks the look-alike on the same page', () => {
    const text = 'real: anaïs@café-exemple.example, fake: anaïs@cafe-exemple.example';
    const result = match(anais, text);
    expect(result.matches.map((m) => m.method)).toEqual(['exact']);
    expect(JSON.stringify(result)).not.toContain('anaïs@cafe-exemple.example');
    expect(result.otherPii).toEqual([{ category: 'email', masked: 'a***@c***.example' }]);
  });

  it('stays bounded on random addresses around the real one', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const letters = 'aáeéiïoоcсxn-.@ ';
    const noise = Array.from({ length: 20000 }, () =>
      letters.charAt(Math.floor(next() * letters.length)),
    ).join('');
    const started = performance.now();
    const result = match(anais, `${noise} anaïs@café-exemple.example ${noise}`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.matches.map((m) => m.method)).toEqual(['exact']);
  });
});
