import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isbn13CheckDigit } from '../metadata/isbn.ts';
import { BookMetadataInputSchema } from './bookMetadata.ts';
import { BookUpdateRequestSchema } from './books.ts';

const Partial = BookMetadataInputSchema.partial();
const issueOf = (input: unknown) => {
  const result = Partial.safeParse(input);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  return {
    path: issue.path.join('.'),
    code: issue.code === 'custom' ? (issue.params?.code as string) : issue.code,
  };
};

describe('book metadata schema', () => {
  it('normalises what it accepts: ISBN-10 to 13 digits, language casing, subject case', () => {
    expect(
      Partial.parse({ isbn: '0-393-04002-X', language: 'PT-br', subjects: { bisac: ['juv039140'] } }),
    ).toEqual({ isbn: '9780393040029', language: 'pt-BR', subjects: { bisac: ['JUV039140'], thema: [] } });
  });

  it('fails with the field path and a stable code', () => {
    expect(issueOf({ isbn: '9780306406158' })).toEqual({ path: 'isbn', code: 'invalid_isbn' });
    expect(
      issueOf({
        contributors: [
          { name: 'A', role: 'aut' },
          { name: 'B', role: 'boss' },
        ],
      }),
    ).toEqual({
      path: 'contributors.1.role',
      code: 'unknown_relator',
    });
    expect(issueOf({ language: 'xx_YY' })).toEqual({ path: 'language', code: 'invalid_language' });
    expect(issueOf({ series: { name: 'S', number: -1 } })).toEqual({
      path: 'series.number',
      code: 'too_small',
    });
    expect(issueOf({ publicationDate: '1 May 2026' })).toEqual({
      path: 'publicationDate',
      code: 'invalid_format',
    });
  });

  it('stores every valid ISBN-13 however it is typed as the same 13 digits', () => {
    const isbn = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
      .map((d) => `978${d.join('')}`)
      .map((first12) => first12 + isbn13CheckDigit(first12));
    fc.assert(
      fc.property(isbn, (value) => {
        const typed = `${value.slice(0, 3)}-${value.slice(3, 4)} ${value.slice(4, 12)}-${value[12]}`;
        expect(Partial.parse({ isbn: typed }).isbn).toBe(value);
      }),
    );
  });

  it('refuses an update with nothing to change', () => {
    const empty = BookUpdateRequestSchema.safeParse({ version: 3 });
    expect(empty.success).toBe(false);
    expect(BookUpdateRequestSchema.parse({ version: 3, subtitle: null })).toEqual({
      version: 3,
      subtitle: null,
    });
  });
});
