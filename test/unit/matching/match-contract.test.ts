import { describe, expect, it } from 'vitest';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import { ProfileError, runMatchContract, validateIdentifierValues } from '../../../shared/matching/index.js';

const profile = {
  identifiers: [
    { id: 'h1', kind: 'handle', value: 'velvetfox' },
    { id: 'e1', kind: 'email', value: 'vf.mail@example.com' },
    { id: 't1', kind: 'phone', value: '+1 541 555 0142' },
  ],
};

describe('match contract', () => {
  it('returns exactly the contract shape, one result per file in the given order', () => {
    const out = runMatchContract(profile, [
      { file: 'a.txt', content: 'velvetfox posted again, ring (541) 555-0187' },
      { file: 'b.txt', content: 'nothing here' },
    ]);
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((r) => r.file)).toEqual(['a.txt', 'b.txt']);
    const first = out.results[0];
    expect(first?.matches).toHaveLength(1);
    expect(Object.keys(first?.matches[0] ?? {})).toEqual([
      'identifierId',
      'kind',
      'method',
      'confidence',
      'snippet',
    ]);
    expect(first?.matches[0]).toMatchObject({ identifierId: 'h1', kind: 'handle', method: 'exact' });
    expect(first?.otherPii).toEqual([{ category: 'phone', masked: '***-***-**87' }]);
    expect(out.results[1]).toEqual({ file: 'b.txt', matches: [], otherPii: [] });
  });

  it('extracts text from HTML, keeping markup-split values whole and link targets', () => {
    const html =
      '<div class="post">velvet<b>fox</b> again</div><a href="mailto:vf.mail@example.com">mail</a>';
    const ids = runMatchContract(profile, [{ file: 'page.html', content: html }]).results[0]?.matches.map(
      (m) => m.identifierId,
    );
    expect(ids?.sort()).toEqual(['e1', 'h1']);
  });

  it('treats content starting with "<" as HTML whatever its name', () => {
    const out = runMatchContract(profile, [{ file: 'page', content: '<p>v&#101;lvetfox</p>' }]);
    expect(out.results[0]?.matches).toHaveLength(1);
  });

  it('walks every string of a JSON file and reads 4chan comment HTML', () => {
    const json = JSON.stringify({
      posts: [
        { no: 1, com: 'the number was <span>541</span> 555 0142' },
        { no: 2, com: 'velvet&#102;ox' },
      ],
    });
    const ids = runMatchContract(profile, [{ file: 'thread.json', content: json }]).results[0]?.matches.map(
      (m) => m.identifierId,
    );
    expect(ids?.sort()).toEqual(['h1', 't1']);
  });

  it('names the bad field of a profile that fails the schema', () => {
    const bad = {
      identifiers: [profile.identifiers[0], profile.identifiers[1], { id: 'x', kind: 'handle', value: '  ' }],
    };
    expect(() => runMatchContract(bad, [])).toThrow(ProfileError);
    expect(() => runMatchContract(bad, [])).toThrow('identifiers[2].value: must not be empty');
    expect(() => runMatchContract({ identifiers: [{ kind: 'shoe', value: 'x' }] }, [])).toThrow(
      /^identifiers\[0\]\.kind: /,
    );
    expect(() => runMatchContract({}, [])).toThrow(/^identifiers: /);
  });

  it('names the identifier whose value is not usable', () => {
    const bad = {
      identifiers: [
        { id: 'h1', kind: 'handle', value: 'velvetfox' },
        { id: 'e9', kind: 'email', value: 'not-an-email' },
      ],
    };
    expect(() => runMatchContract(bad, [])).toThrow('identifiers[1].value (e9): must be an e-mail address');
  });
});

describe('validateIdentifierValues', () => {
  it('accepts good values and reads national phones in their region', () => {
    const list = assignIdentifierIds([
      { kind: 'email', value: 'a.b@example.org' },
      { kind: 'phone', value: '07700 900417', region: 'GB' },
      { kind: 'phone', value: '+49 30 23125418' },
      { kind: 'dob', value: '1990-05-19' },
    ]);
    expect(validateIdentifierValues(list)).toEqual([]);
  });

  it('rejects a phone that does not parse, an impossible date and a bad e-mail, naming each', () => {
    const list = assignIdentifierIds([
      { kind: 'email', value: 'someone at example' },
      { kind: 'phone', value: '12' },
      { kind: 'dob', value: '1990-02-30' },
    ]);
    expect(validateIdentifierValues(list).map((e) => `${e.identifierId}.${e.field}`)).toEqual([
      'e1.value',
      't1.value',
      'd1.value',
    ]);
  });

  it('rejects a date of birth before 1900, saying so', () => {
    const list = assignIdentifierIds([
      { kind: 'dob', value: '0050-01-01' },
      { kind: 'dob', value: '1899-12-31' },
      { kind: 'dob', value: '1900-01-01' },
    ]);
    expect(validateIdentifierValues(list)).toEqual([
      { identifierId: 'd1', field: 'value', message: 'must be a date written YYYY-MM-DD, in 1900 or later' },
      { identifierId: 'd2', field: 'value', message: 'must be a date written YYYY-MM-DD, in 1900 or later' },
    ]);
  });
});
