import { describe, expect, it } from 'vitest';
import { TextUnits } from '../../../shared/matching/text-units.js';

const codes = (text: string): number[] => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

describe('the units of a text', () => {
  it('are its UTF-16 units, lone surrogates and all, and no more', () => {
    const units = new TextUnits();
    const text = 'a\ud800b\udc00 \ud83d\ude00 ｆé\u200b';
    const read = units.of(text);
    expect([...read]).toEqual(codes(text));
    expect(read.length).toBe(text.length);
    expect(read[text.length]).toBeUndefined();
  });

  it('follow the text asked about, a shorter one after a longer one too', () => {
    const units = new TextUnits();
    const long = 'x'.repeat(5000);
    expect(units.of(long).length).toBe(5000);
    const short = 'call 555 0163';
    const read = units.of(short);
    expect([...read]).toEqual(codes(short));
    expect(read[short.length]).toBeUndefined();
    // Asked again about the same text, the same view.
    expect(units.of(short)).toBe(read);
    expect([...units.of(long)]).toEqual(codes(long));
  });

  it('of a text past the kept size are an array of their own', () => {
    const units = new TextUnits();
    const kept = units.of('kept');
    const huge = 'ab'.repeat((1 << 19) + 8);
    const read = units.of(huge);
    expect(read.length).toBe(huge.length);
    expect(read[huge.length - 1]).toBe(98);
    expect(read.buffer).not.toBe(kept.buffer);
    // A scan asks at every token: the same text is not copied again.
    expect(units.of(huge)).toBe(read);
  });
});
