import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, safeId } from './escape.ts';

const unescapeXml = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('XML escaping', () => {
  it('leaves no markup characters and loses nothing XML can carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        const text = escapeText(value);
        const attr = escapeAttr(value);
        return (
          !/[<>]/.test(text) &&
          !/[<>"\n\t]/.test(attr) &&
          // Every & starts an entity.
          !/&(?!(amp|lt|gt);)/.test(text) &&
          unescapeXml(text) === unescapeXml(attr)
        );
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips ordinary text and drops only what XML 1.0 forbids', () => {
    expect(unescapeXml(escapeText('Tom & "Jerry" <3 é 😀'))).toBe('Tom & "Jerry" <3 é 😀');
    expect(escapeText('a\u0000b\u0007c\uFFFEd\uD800e')).toBe('abcde');
    expect(escapeText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });

  it('makes ids that XML accepts, the same for the same input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const id = safeId(raw);
        return /^[A-Za-z][A-Za-z0-9_-]*$/.test(id) && safeId(raw) === id;
      }),
    );
    expect(safeId('1st')).toBe('id-1st');
    expect(safeId('the-lamp')).toBe('the-lamp');
  });
});
