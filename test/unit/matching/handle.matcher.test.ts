import { describe, expect, it } from 'vitest';
import { match } from './helpers.js';

const velvetfox = [{ id: 'h1', kind: 'handle' as const, value: 'velvetfox' }];

function methodFor(text: string, identifiers = velvetfox): string | undefined {
  return match(identifiers, text).matches[0]?.method;
}

describe('handle matcher', () => {
  it.each([
    ['exact', 'everyone knows velvetfox streams on tuesdays', 'exact'],
    ['case-folded', 'everyone knows VelvetFox streams', 'case-folded'],
    ['full-width letters', 'everyone knows ｖｅｌｖｅｔｆｏｘ streams', 'unicode-folded'],
    ['mathematical bold letters', 'everyone knows 𝐯𝐞𝐥𝐯𝐞𝐭𝐟𝐨𝐱 streams', 'unicode-folded'],
    ['small capitals', 'everyone knows ᴠᴇʟᴠᴇᴛꜰᴏx streams', 'unicode-folded'],
    ['zero-width characters', 'everyone knows vel\u200bvet\u200dfox streams', 'unicode-folded'],
    ['soft hyphen', 'everyone knows velvet\u00adfox streams', 'unicode-folded'],
    ['Cyrillic look-alikes', 'everyone knows vеlvеtfох streams', 'confusable'],
    ['diacritics', 'everyone knows vélvètfox streams', 'unicode-folded'],
    ['leetspeak', 'everyone knows v3lv3tf0x streams', 'leet'],
    ['separators added', 'everyone knows velvet_fox streams', 'separator'],
    ['dots added', 'everyone knows velvet.fox streams', 'separator'],
    ['spaced letters', 'handle: v e l v e t f o x', 'spaced-letters'],
    ['dotted letters', 'handle: v.e.l.v.e.t.f.o.x', 'spaced-letters'],
    ['reversed', 'read it backwards: xoftevlev', 'reversed'],
    ['rot13', 'Gjvgpu: iryirgsbk', 'rot13'],
    ['base64 line', 'enc: SGFuZGxlOiB2ZWx2ZXRmb3g=', 'base64'],
    ['unpadded base64', 'enc: SGFuZGxlOiB2ZWx2ZXRmb3g', 'base64'],
    ['hex', 'hex: 48616e646c653a2076656c766574666f78', 'hex'],
    ['in a profile URL', 'see https://www.reddit.com/user/velvetfox/ for more', 'exact'],
  ])('finds the handle written %s', (_label, text, method) => {
    expect(methodFor(text)).toBe(method);
  });

  it('matches a handle with separators when they are dropped or changed', () => {
    const teo = [{ id: 'h1', kind: 'handle' as const, value: 'teo_brisk' }];
    expect(methodFor('ask teobrisk about it', teo)).toBe('separator');
    expect(methodFor('ask teo.brisk about it', teo)).toBe('separator');
    expect(methodFor('ask teo_brisk about it', teo)).toBe('exact');
  });

  it.each([
    ['an added letter at the end', 'everyone knows velvetfoxes streams'],
    ['an added letter at the start', 'everyone knows xvelvetfox streams'],
    ['one letter changed', 'everyone knows velvetfix streams'],
    ['a doubled last letter', 'everyone knows velvetfoxx streams'],
    ['an extra letter after a separator', 'everyone knows velvetfox_2 streams'],
    ['a spelled-out handle with one more letter', 'handle: v e l v e t f o x e s'],
    ['a letter typed for a letter', 'everyone knows velvetfox streams'.replace('l', 'i')],
  ])('does not match %s', (_label, text) => {
    expect(match(velvetfox, text).matches).toEqual([]);
  });

  it('needs an account context for a handle that is a common word', () => {
    const shadow = [{ id: 'h1', kind: 'handle' as const, value: 'shadow' }];
    expect(match(shadow, 'the shadow of the tree').matches).toEqual([]);
    expect(match(shadow, 'ask @shadow about it').matches).toHaveLength(1);
    expect(match(shadow, 'Discord: shadow').matches).toHaveLength(1);
  });

  it('reports one hit per identifier, the most certain one', () => {
    const result = match(velvetfox, 'VELVETFOX was here, later velvetfox again');
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]?.method).toBe('exact');
  });

  it('shows the original text in the snippet, not the folded one', () => {
    const snippet = match(velvetfox, 'everyone knows ｖｅｌｖｅｔｆｏｘ streams').matches[0]?.snippet;
    expect(snippet).toContain('ｖｅｌｖｅｔｆｏｘ');
  });
});
