import { MEDIA_ALT_MAX } from '@galley/shared/api/media';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageTextProblems, imageTexts } from './imageTexts.ts';

const blank = fc.stringMatching(/^[ \t\n\u00a0]*$/);

describe('image texts', () => {
  it('refuses an image whose alternative text is empty or only spaces, whatever the other texts', () => {
    fc.assert(
      fc.property(
        blank,
        fc.string({ maxLength: 50 }),
        fc.string({ maxLength: 50 }),
        (alt, caption, credit) => {
          expect(imageTextProblems({ alt, caption, credit }).alt).toMatch(/required/);
        },
      ),
    );
  });

  it('accepts any non-blank alternative text within the limit, stored trimmed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== ''),
        (alt) => {
          expect(imageTextProblems({ alt, caption: '', credit: '' })).toEqual({});
          expect(imageTexts({ alt, caption: '', credit: '' }).alt).toBe(alt.trim());
        },
      ),
    );
  });

  it('names each text that is too long', () => {
    const problems = imageTextProblems({
      alt: 'a'.repeat(MEDIA_ALT_MAX + 1),
      caption: 'c'.repeat(2001),
      credit: 'r'.repeat(501),
    });
    expect(Object.keys(problems).sort()).toEqual(['alt', 'caption', 'credit']);
  });

  it('stores empty caption and credit as none', () => {
    expect(imageTexts({ alt: ' A gull ', caption: '  ', credit: ' Photo: Ann ' })).toEqual({
      alt: 'A gull',
      caption: null,
      credit: 'Photo: Ann',
    });
  });
});
