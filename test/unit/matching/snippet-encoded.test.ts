import { describe, expect, it } from 'vitest';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import { compileProfile, matchText } from '../../../shared/matching/index.js';

describe('snippets of hits inside encoded blobs', () => {
  it('show no part of the blob, which could be decoded into a whole dox', () => {
    const dox =
      'Handle: velvetfox\nReal name: Kate Example\nAddress: 14 Larch Lane, Oxbury\nPhone: 07700 900123\nMother: Joan Example';
    const blob = Buffer.from(dox).toString('base64');
    const profile = compileProfile(assignIdentifierIds([{ id: 'h1', kind: 'handle', value: 'velvetfox' }]));
    const result = matchText(profile, `dumping this here ${blob} enjoy`);
    const hit = result.matches.find((match) => match.identifierId === 'h1');
    expect(hit?.method).toBe('base64');
    for (let i = 0; i + 12 <= blob.length; i += 4) {
      expect(hit!.snippet, `blob slice at ${i}`).not.toContain(blob.slice(i, i + 12));
    }
  });
});
