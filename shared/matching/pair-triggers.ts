/**
 * Where a number word of two digits in French or German stands at the end of a word of a light
 * fold: every number read in pairs ("zéro six, douze, trente-quatre") holds one, so the phone
 * matcher reads pairs only around these places.
 */

/** The words, longest first: at one word end the longest wins ("zwoelf" over "elf", "vingts" over "vingt"). */
const TRIGGER_WORDS = [
  ...'dix onze douze treize quatorze quinze seize vingt vingts trente quarante cinquante soixante'.split(' '),
  ...'septante huitante octante nonante zehn zig elf zwolf zwoelf'.split(' '),
].sort((a, b) => b.length - a.length);
const LONGEST = TRIGGER_WORDS[0]?.length ?? 0;
/**
 * Every trigger word holds one of these, and they are rare in prose: the page is searched for them
 * (a search for a fixed string, far faster than an expression tried at every position) and only
 * the word end after each is looked at.
 */
const MARKERS = ['z', 'x', 'gt', 'nte', 'elf'];
for (const word of TRIGGER_WORDS)
  if (!MARKERS.some((marker) => word.includes(marker))) throw new Error(`no marker in "${word}"`);

const isLetter = (c: number): boolean => c >= 97 && c <= 122;

/**
 * The start of every trigger word, in text order: at each end of a run of a-z, the longest trigger
 * word the run ends with, if any (what a left-to-right search for the words followed by no a-z
 * finds). Each trigger holds a marker, so each is reached from one.
 */
export function pairTriggers(text: string): number[] {
  const starts: number[] = [];
  for (const marker of MARKERS) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      let end = at + marker.length;
      while (end - at <= LONGEST && isLetter(text.charCodeAt(end))) end++;
      // A word going on further holds no trigger around this marker (a trigger ends its word).
      if (end - at > LONGEST) continue;
      for (const word of TRIGGER_WORDS) {
        if (text.startsWith(word, end - word.length)) {
          starts.push(end - word.length);
          break;
        }
      }
    }
  }
  // One word end may be reached from several markers ("soixante" from "x" and "nte").
  starts.sort((a, b) => a - b);
  let kept = 0;
  for (const start of starts) if (kept === 0 || starts[kept - 1] !== start) starts[kept++] = start;
  starts.length = kept;
  return starts;
}
