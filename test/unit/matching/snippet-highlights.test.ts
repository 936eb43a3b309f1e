import { describe, expect, it } from 'vitest';
import { buildSnippet } from '../../../shared/matching/snippet.builder.js';
import { compileProfile, matchText } from '../../../shared/matching/index.js';

const marked = (snippet: { text: string; highlights: Array<[number, number]> }): string[] =>
  snippet.highlights.map(([start, end]) => snippet.text.slice(start, end));

describe('snippet highlights', () => {
  it('point at the hit after white space is collapsed and the window cut', () => {
    const page =
      'x '.repeat(80) + 'the   artist\n\n is   called   mothlantern  on   every site ' + 'y '.repeat(80);
    const start = page.indexOf('mothlantern');
    const snippet = buildSnippet(page, start, start + 'mothlantern'.length, []);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text).not.toMatch(/\s{2}/);
    expect(marked(snippet)).toEqual(['mothlantern']);
  });

  it('mark only the pieces of a hit split by markup, not the context between them', () => {
    const page = 'call 503 <b>555</b> 0142 now';
    const parts: Array<[number, number]> = [
      [5, 8],
      [12, 15],
      [20, 24],
    ];
    const snippet = buildSnippet(page, 5, 24, [], parts);
    expect(marked(snippet)).toEqual(['503', '555', '0142']);
  });

  it('come out of the matcher for every match', () => {
    const profile = compileProfile([
      { id: 'h1', kind: 'handle', value: 'mothlantern' },
      { id: 'e1', kind: 'email', value: 'sorrelq@example.org' },
    ]);
    const result = matchText(
      profile,
      'Her handle is MothLantern and she mails from sorrelq [at] example [dot] org daily.',
    );
    const byId = new Map(result.matches.map((m) => [m.identifierId, m]));
    expect(marked({ text: byId.get('h1')!.snippet, highlights: byId.get('h1')!.highlights! })).toEqual([
      'MothLantern',
    ]);
    expect(
      marked({ text: byId.get('e1')!.snippet, highlights: byId.get('e1')!.highlights! }).join(''),
    ).toContain('sorrelq');
  });
});
