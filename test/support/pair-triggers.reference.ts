/**
 * The pair triggers as the expression the marker search replaced (issue 15) found them: the
 * reference `pairTriggers` is pinned to on random and hostile text.
 */
const PAIR_TRIGGER =
  /(?:dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante|zehn|zig|elf|zwolf|zwoelf)(?![a-z])/g;

export function pairTriggersReference(text: string): number[] {
  const starts: number[] = [];
  PAIR_TRIGGER.lastIndex = 0;
  for (let m = PAIR_TRIGGER.exec(text); m; m = PAIR_TRIGGER.exec(text)) starts.push(m.index);
  return starts;
}
