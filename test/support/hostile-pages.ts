/**
 * Hostile pages for differential tests of the matcher's fast passes: the edges of every Unicode plane,
 * lone and reversed surrogates, long runs of one digit, separator or letter, and a large page of
 * mixed pieces. Each is returned beside a name, for the failure message.
 */
import { PLANE_EDGES, SURROGATES } from './hostile-text.js';
import { randomTexts } from './random-text.js';

export function hostilePages(pieces: readonly string[]): Array<[string, string]> {
  const edges = [...PLANE_EDGES, ...SURROGATES];
  const runs = ['7', '0', ' ', '-', '.', '/', ',', 'a', 'e', 'z', 'x', '\n', '\u200b'];
  const out: Array<[string, string]> = [
    ['plane edges', edges.join('')],
    ['plane edges between pieces', pieces.flatMap((piece) => edges.map((edge) => edge + piece)).join('')],
    ['lone surrogates around pieces', pieces.map((piece) => `\ud800${piece}\udfff`).join(' ')],
    ['empty', ''],
  ];
  for (const unit of runs) {
    out.push([`run of ${JSON.stringify(unit)}`, unit.repeat(20_000)]);
    out.push([`pieces in a run of ${JSON.stringify(unit)}`, pieces.join(unit.repeat(300))]);
  }
  const large = randomTexts([...pieces, ...edges, ...runs], 1, 200_000, 99)[0] as string;
  out.push(['large page', large]);
  return out;
}
