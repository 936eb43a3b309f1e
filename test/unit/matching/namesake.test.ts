/**
 * Namesakes: a name match whose sentence says the name is somebody else's (another age, another
 * town, or in so many words) is a possible namesake; a match with nothing against it is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import { POSSIBLE_NAMESAKE } from '../../../shared/domain/page.js';
import { compileProfile, matchText } from '../../../shared/matching/index.js';
import { contradiction, nameContext, personFacts } from '../../../shared/matching/namesake.js';

const today = new Date('2026-12-07T12:00:00Z');
const margaret = assignIdentifierIds([
  { id: 'n1', kind: 'name', value: 'Margaret Louise Vandersloot' },
  { id: 'd1', kind: 'dob', value: '1991-07-23' },
  { id: 'a1', kind: 'address', value: '4417 Brindlecombe Avenue, Minneapolis, MN 55409' },
  { id: 'r1', kind: 'relative', value: 'Harold Vandersloot' },
]);
const facts = personFacts(margaret);
const day = { year: 2026, month: 12, day: 7 };

/** The reason the sentence gives against the person, with the name where `X` stands. */
function reasonIn(sentence: string): string | undefined {
  const name = 'Margaret Vandersloot';
  const page = sentence.replace('X', name);
  const start = page.indexOf(name);
  return contradiction(nameContext(page, start, start + name.length), facts, day) ?? undefined;
}

describe('contradiction', () => {
  it('knows what the person gave', () => {
    expect(facts).toEqual({ born: { year: 1991, month: 7, day: 23 }, towns: ['minneapolis'] });
  });

  it.each([
    // another age (the person is 35)
    ['X, 54, a plumber in Minneapolis', 'age'],
    ['X (54) was arrested', 'age'],
    ['the 54-year-old X was there', 'age'],
    ['X is 12 years old', 'age'],
    ['X, 61 ans, retraitée', 'age'],
    ['X a 61 ans', 'age'],
    ['die 61-jährige X aus Minneapolis', 'age'],
    ['X (61 Jahre) kam vorbei', 'age'],
    ['X, born 1960, a teacher', 'age'],
    ['X (b. 1960)', 'age'],
    ['X, née en 1960', 'age'],
    ['X, geb. 03.04.1960', 'age'],
    ['X, Jahrgang 1960', 'age'],
    // another town (the person lives in Minneapolis)
    ['the X from Duluth sells quilts', 'town'],
    ['X, 35, a plumber in Duluth', 'town'],
    ['X de Rennes a gagné le concours', 'town'],
    ['X, boulangère à Saint-Nazaire', 'town'],
    ['X aus München hat gewonnen', 'town'],
    ['X, Klempnerin in Köln', 'town'],
    ['X (of Duluth) won', 'town'],
    // said in so many words
    ['X is not the same person as the artist', 'denial'],
    ['X. Wrong person, the artist lives elsewhere', 'denial'],
    ["X posted it. That's not the same person.", 'denial'],
    ['X (no relation) wrote the cookbook', 'denial'],
    ['that X is a different woman', 'denial'],
    ['X just shares her name', 'denial'],
    ["X, ce n'est pas la même personne", 'denial'],
    ['X est une homonyme, aucun lien', 'denial'],
    ['X ist nicht dieselbe Person', 'denial'],
    ['X ist eine Namensvetterin, nicht verwandt', 'denial'],
  ])('%s: %s', (sentence, reason) => {
    expect(reasonIn(sentence)).toBe(reason);
  });

  it.each([
    ['the artist is X, it is on the invoice'],
    ['X, 35, from Minneapolis'],
    ['X (34) was the commission artist'],
    ['X, 22, in 2013'],
    ['X, born 1991'],
    ['X, born 07/23/1991'],
    ['X from Minneapolis'],
    ['X from West Minneapolis'],
    ['X from Twitter is the same one'],
    ['X in January posted again'],
    ['X in Photoshop is not bad'],
    ['X of Tumblr fame'],
    ['X, 4417 Brindlecombe Avenue'],
    ['X posted that 3 years ago'],
    ['X posted it. Ottmar is a different person.\nwrong person anyway'],
    ['X (2019)'],
    ['X\nAge: 54'],
  ])('nothing against the person in: %s', (sentence) => {
    expect(reasonIn(sentence)).toBeUndefined();
  });

  it('reads no age without a date of birth, and no town without an address', () => {
    const bare = personFacts(assignIdentifierIds([{ kind: 'name', value: 'Margaret Vandersloot' }]));
    const page = 'Margaret Vandersloot, 54, a plumber from Duluth';
    expect(contradiction(nameContext(page, 0, 20), bare, day)).toBeUndefined();
  });

  it('stays bounded on long and hostile text', () => {
    const long = `X${', 54 years old from Duluth'.repeat(20000)} ${'a'.repeat(100000)}`;
    const started = performance.now();
    expect(reasonIn(long)).toBe('age');
    const random = Array.from({ length: 50000 }, (_, i) => 'aB1 ,.(\n-é'.charAt((i * 7919) % 10)).join('');
    reasonIn(`X${random}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('name matches and namesakes', () => {
  const profile = compileProfile(margaret);
  const run = (text: string) => matchText(profile, text, { today });

  it('reports a contradicted name as a possible namesake, with less confidence', () => {
    const result = run('Margaret Vandersloot, 54, from Duluth sells quilts');
    const name = result.matches.find((m) => m.identifierId === 'n1');
    expect(name?.method).toBe(POSSIBLE_NAMESAKE);
    expect(name?.namesake).toBe('age');
    expect(name?.confidence).toBeLessThanOrEqual(0.5);
    expect(name?.snippet).not.toContain('54');
  });

  it('keeps a name with nothing against it as it was', () => {
    const result = run('the artist is Margaret Vandersloot, see the invoice');
    expect(result.matches.map((m) => [m.method, m.namesake])).toEqual([['name-no-middle', undefined]]);
  });

  it('takes the mention nothing contradicts when the page has both', () => {
    const result = run(
      'Margaret Vandersloot, 54, from Duluth is not her.\nThe artist is Margaret Vandersloot.',
    );
    expect(result.matches[0]?.method).toBe('name-no-middle');
  });

  it('reads an age against the day the post was written when the source gives it', () => {
    const text = 'Margaret Vandersloot, 33, posted the sketch';
    // Fetched today, the post may be older: at 33 the person could have written it two years ago.
    expect(run(text).matches[0]?.method).toBe('name-no-middle');
    // Written in 2019, the person was 27 or 28: 33 is somebody else, and so is 20.
    const in2019 = { today, writtenOn: new Date('2019-09-01T00:00:00Z') };
    expect(matchText(profile, text, in2019).matches[0]?.namesake).toBe('age');
    expect(matchText(profile, 'Margaret Vandersloot, 20, posted', in2019).matches[0]?.namesake).toBe('age');
    expect(
      matchText(profile, 'Margaret Vandersloot, 28, posted', in2019).matches[0]?.namesake,
    ).toBeUndefined();
  });

  it("never reads a relative's name for a namesake", () => {
    const result = run('Harold Vandersloot, 71, from Duluth');
    expect(result.matches.map((m) => [m.identifierId, m.method])).toEqual([['r1', 'exact']]);
  });
});
