import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyphenateIsbn, isbn10CheckDigit, isbn13CheckDigit, parseIsbn } from './isbn.ts';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const validIsbn13 = fc
  .tuple(fc.constantFrom('978', '979'), digits(9))
  .map(([prefix, rest]) => `${prefix}${rest}${isbn13CheckDigit(prefix + rest)}`);

describe('parseIsbn', () => {
  it('accepts real ISBN-13s written with hyphens or spaces and returns the 13 digits', () => {
    expect(parseIsbn('978-0-306-40615-7')).toEqual({
      ok: true,
      isbn13: '9780306406157',
      convertedFrom10: false,
    });
    expect(parseIsbn('978 1 4028 9462 6')).toMatchObject({ ok: true, isbn13: '9781402894626' });
    expect(parseIsbn('979-10-90636-07-1')).toMatchObject({ ok: true, isbn13: '9791090636071' });
  });

  it('converts ISBN-10s, including an X check digit, to the ISBN-13 of the same book', () => {
    expect(parseIsbn('0-306-40615-2')).toEqual({ ok: true, isbn13: '9780306406157', convertedFrom10: true });
    expect(parseIsbn('0-393-04002-X')).toMatchObject({ ok: true, isbn13: '9780393040029' });
    expect(parseIsbn('0-393-04002-x')).toMatchObject({ ok: true, isbn13: '9780393040029' });
  });

  it('rejects wrong check digits, wrong prefixes and things that are not ISBNs', () => {
    expect(parseIsbn('978-0-306-40615-8')).toEqual({ ok: false, reason: 'check_digit' });
    expect(parseIsbn('0-306-40615-3')).toEqual({ ok: false, reason: 'check_digit' });
    expect(parseIsbn('0-393-04002-9')).toEqual({ ok: false, reason: 'check_digit' });
    expect(parseIsbn('1234567890128')).toEqual({ ok: false, reason: 'prefix' });
    for (const bad of ['', '978030640615', '97803064061577', '978-0-306-4O615-7', 'X393040029', 'isbn']) {
      expect(parseIsbn(bad), bad).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('accepts every ISBN-13 with a correct check digit and no other last digit', () => {
    fc.assert(
      fc.property(validIsbn13, fc.integer({ min: 1, max: 9 }), (isbn, shift) => {
        expect(parseIsbn(isbn)).toMatchObject({ ok: true, isbn13: isbn });
        const wrong = isbn.slice(0, 12) + String((Number(isbn[12]) + shift) % 10);
        expect(parseIsbn(wrong)).toEqual({ ok: false, reason: 'check_digit' });
      }),
    );
  });

  it('catches any single-digit typo and any swap of two adjacent different digits in an ISBN-10', () => {
    const isbn10 = digits(9).map((d) => d + isbn10CheckDigit(d));
    fc.assert(
      fc.property(
        isbn10,
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (isbn, at, shift) => {
          expect(parseIsbn(isbn).ok).toBe(true);
          const typo = isbn.slice(0, at) + String((Number(isbn[at]) + shift) % 10) + isbn.slice(at + 1);
          expect(parseIsbn(typo).ok).toBe(false);
          if (at < 8 && isbn[at] !== isbn[at + 1]) {
            const swapped = isbn.slice(0, at) + isbn[at + 1] + isbn[at] + isbn.slice(at + 2);
            expect(parseIsbn(swapped).ok).toBe(false);
          }
        },
      ),
    );
  });

  it('gives the same ISBN-13 whatever separators are used', () => {
    fc.assert(
      fc.property(
        validIsbn13,
        fc.array(fc.constantFrom('-', ' '), { minLength: 13, maxLength: 13 }),
        (isbn, seps) => {
          const written = [...isbn].map((d, i) => d + (i < 12 && i % 3 === 0 ? seps[i] : '')).join('');
          expect(parseIsbn(written)).toMatchObject({ ok: true, isbn13: isbn });
        },
      ),
    );
  });
});

describe('hyphenateIsbn', () => {
  it('splits English-language ISBNs at the registrant boundaries the agency publishes', () => {
    expect(hyphenateIsbn('9780306406157')).toBe('978-0-306-40615-7');
    expect(hyphenateIsbn('9780393040029')).toBe('978-0-393-04002-9');
    expect(hyphenateIsbn('9781402894626')).toBe('978-1-4028-9462-6');
    // 978-0-19… (Oxford University Press) has a two-digit registrant.
    expect(hyphenateIsbn('978-0-19-852663-6')).toBe('978-0-19-852663-6');
    // 978-1-86197-876-9: five-digit registrant range 8385000–8671999.
    expect(hyphenateIsbn('9781861978769')).toBe('978-1-86197-876-9');
    // Converted from ISBN-10 on the way.
    expect(hyphenateIsbn('0-306-40615-2')).toBe('978-0-306-40615-7');
  });

  it('leaves groups it has no ranges for unhyphenated, and refuses non-ISBNs', () => {
    expect(hyphenateIsbn('9791090636071')).toBe('9791090636071');
    expect(hyphenateIsbn('9782070408504')).toBe('9782070408504');
    expect(hyphenateIsbn('978-0-306-40615-8')).toBeNull();
  });

  it('always keeps the digits and puts the group and check digit in their own parts', () => {
    const english = fc
      .tuple(fc.constantFrom('9780', '9781'), digits(8))
      .map(([p, rest]) => `${p}${rest}${isbn13CheckDigit(p + rest)}`);
    fc.assert(
      fc.property(english, (isbn) => {
        const display = hyphenateIsbn(isbn)!;
        const parts = display.split('-');
        expect(parts).toHaveLength(5);
        expect(parts.join('')).toBe(isbn);
        expect(parts[1]).toBe(isbn[3]);
        expect(parts[4]).toHaveLength(1);
        expect(parts[3]!.length).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
