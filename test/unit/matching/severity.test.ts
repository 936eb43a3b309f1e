import { describe, expect, it } from 'vitest';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import { scorePage } from '../../../shared/matching/severity.js';

const identifiers = assignIdentifierIds([
  { id: 'h1', kind: 'handle', value: 'velvetfox' },
  { id: 'n1', kind: 'name', value: 'Dana Example' },
  { id: 'n2', kind: 'name', value: 'Velvet Fox', public: true },
  { id: 'e1', kind: 'email', value: 'dana@example.com' },
  { id: 't1', kind: 'phone', value: '+1 541 555 0142' },
  { id: 'a1', kind: 'address', value: '12 Example Road, Springfield' },
]);

function level(ids: string[], trust: 'hostile' | 'neutral', text?: string): string {
  return scorePage({ identifiers, matches: ids.map((identifierId) => ({ identifierId })), trust, text })
    .level;
}

describe('scorePage', () => {
  it('follows the severity rules from a lone public handle up to a dox', () => {
    expect(level(['h1'], 'neutral')).toBe('info');
    expect(level(['h1'], 'hostile')).toBe('low');
    expect(level(['h1', 'n1'], 'neutral')).toBe('medium');
    expect(level(['e1'], 'hostile')).toBe('high');
    expect(level(['a1'], 'neutral')).toBe('critical');
    expect(level(['t1', 'n1'], 'neutral')).toBe('critical');
    expect(level(['e1'], 'hostile', 'Name: x\nAddress: y\nPhone: z\nEmail: dana@example.com')).toBe(
      'critical',
    );
  });

  it('explains the level and says what to do, in plain words', () => {
    const score = scorePage({
      identifiers,
      matches: [{ identifierId: 'h1' }, { identifierId: 'n1' }],
      trust: 'hostile',
      otherPii: [{ category: 'ip', masked: '203.0.***.***' }],
    });
    expect(score.level).toBe('high');
    expect(score.reasons.join(' ')).toMatch(/handle and your name appear together/);
    expect(score.reasons.join(' ')).toMatch(/1 piece of other people's personal data/);
    expect(score.nextSteps.join(' ')).toMatch(/search engines/);
  });

  it('says nothing was found when nothing matched', () => {
    const score = scorePage({ identifiers, matches: [], trust: 'hostile' });
    expect(score.level).toBe('info');
    expect(score.nextSteps).toEqual([]);
  });
});
