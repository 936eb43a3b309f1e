/**
 * The search `pairTriggers` (phone.matcher.ts) replaced, kept as the reference its differential test
 * compares it with: one global regular expression of the trigger words, each followed by no letter.
 */
import { PAIR_TRIGGER_WORDS } from '../../shared/matching/phone.matcher.js';

const PAIR_TRIGGER = new RegExp(`(?:${PAIR_TRIGGER_WORDS.join('|')})(?![a-z])`, 'g');

export function pairTriggersByRegex(text: string): number[] {
  const starts: number[] = [];
  PAIR_TRIGGER.lastIndex = 0;
  for (let m = PAIR_TRIGGER.exec(text); m; m = PAIR_TRIGGER.exec(text)) starts.push(m.index);
  return starts;
}
