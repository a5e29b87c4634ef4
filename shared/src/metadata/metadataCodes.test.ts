import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalLanguageTag } from './bcp47.ts';
import { isRelatorCode, RELATOR_CODES, relatorLabel } from './relators.ts';
import { normaliseBisacCode, normaliseThemaCode } from './subjects.ts';

describe('canonicalLanguageTag', () => {
  it('accepts well-formed tags and returns their canonical casing', () => {
    expect(canonicalLanguageTag('en')).toBe('en');
    expect(canonicalLanguageTag('EN-gb')).toBe('en-GB');
    expect(canonicalLanguageTag('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLanguageTag('sr-Latn')).toBe('sr-Latn');
    expect(canonicalLanguageTag(' pt-BR ')).toBe('pt-BR');
  });

  it('rejects tags that are not BCP 47', () => {
    for (const bad of ['', 'english', 'en_GB', 'en-', '-en', 'e', 'en--GB', '123', 'en GB', 'a'.repeat(40)]) {
      expect(canonicalLanguageTag(bad), bad).toBeNull();
    }
  });

  it('is idempotent: the canonical form of a canonical tag is itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?$/), (tag) => {
        const canonical = canonicalLanguageTag(tag);
        if (canonical !== null) expect(canonicalLanguageTag(canonical)).toBe(canonical);
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        canonicalLanguageTag(s);
      }),
    );
  });
});

describe('relator codes', () => {
  it('knows the common roles with labels and nothing else', () => {
    expect(relatorLabel('aut')).toBe('Author');
    expect(relatorLabel('trl')).toBe('Translator');
    expect(relatorLabel('ill')).toBe('Illustrator');
    for (const code of ['edt', 'aui', 'aft', 'pht', 'nrt', 'ctb'])
      expect(isRelatorCode(code), code).toBe(true);
    for (const bad of ['xyz', 'AUT', 'author', '', 'toString', '__proto__']) {
      expect(isRelatorCode(bad), bad).toBe(false);
    }
    expect(RELATOR_CODES.every((code) => /^[a-z]{3}$/.test(code))).toBe(true);
  });
});

describe('subject codes', () => {
  it('accepts BISAC codes (3 letters + 6 digits), upper-casing them', () => {
    expect(normaliseBisacCode('FIC000000')).toBe('FIC000000');
    expect(normaliseBisacCode(' juv039140 ')).toBe('JUV039140');
    for (const bad of ['FIC00000', 'FIC0000000', 'FI0000000', 'FICA00000', '', 'FIC 000000']) {
      expect(normaliseBisacCode(bad), bad).toBeNull();
    }
  });

  it('accepts every string of the BISAC shape and nothing of another length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}\d{6}$/), (code) => {
        expect(normaliseBisacCode(code)).toBe(code);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const result = normaliseBisacCode(s);
        if (result !== null) expect(result).toMatch(/^[A-Z]{3}\d{6}$/);
      }),
    );
  });

  it('accepts Thema subjects and qualifiers by their syntax', () => {
    for (const ok of ['FB', 'FBA', 'YFH', 'ATFX', 'U', '1DDU', '1DDU-GB-S', '2ACB', '5AH', '6RA']) {
      expect(normaliseThemaCode(ok), ok).toBe(ok);
    }
    expect(normaliseThemaCode('fba')).toBe('FBA');
    for (const bad of ['', 'B', 'EXYZ', 'I', 'O', 'Z1', '7AB', '0AB', 'FB-A', 'FBAXXXXXXX', 'F B']) {
      expect(normaliseThemaCode(bad), bad).toBeNull();
    }
  });
});
