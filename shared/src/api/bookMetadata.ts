import { z } from 'zod';
import { canonicalLanguageTag } from '../metadata/bcp47.ts';
import { hyphenateIsbn, parseIsbn } from '../metadata/isbn.ts';
import { isRelatorCode, RELATOR_CODES } from '../metadata/relators.ts';
import { normaliseBisacCode, normaliseThemaCode } from '../metadata/subjects.ts';

/**
 * The metadata a publisher needs on a book (what ONIX feeds and the EPUB package carry). Every bound
 * is explicit; each failure names its field and carries a stable code in `params.code`
 * (`invalid_isbn`, `unknown_relator`, …) that the api returns as the issue's `code`.
 */
export const MetadataIssueCode = {
  invalidIsbn: 'invalid_isbn',
  unknownRelator: 'unknown_relator',
  invalidLanguage: 'invalid_language',
  invalidBisac: 'invalid_bisac',
  invalidThema: 'invalid_thema',
} as const;

/** A string field that fails with a stable code, transforming valid input to its normal form. */
function coded(
  maxLength: number,
  code: string,
  message: string,
  normalise: (value: string) => string | null,
) {
  return z
    .string()
    .max(maxLength)
    .transform((value, ctx) => {
      const normal = normalise(value);
      if (normal === null) {
        ctx.addIssue({ code: 'custom', message, params: { code } });
        return z.NEVER;
      }
      return normal;
    });
}

const line = (max: number) => z.string().trim().min(1).max(max);

export const IsbnSchema = coded(
  32,
  MetadataIssueCode.invalidIsbn,
  'is not a valid ISBN-13 or ISBN-10',
  (v) => {
    const parsed = parseIsbn(v);
    return parsed.ok ? parsed.isbn13 : null;
  },
);
export const LanguageTagSchema = coded(
  64,
  MetadataIssueCode.invalidLanguage,
  'is not a BCP 47 language tag (e.g. en, en-GB, pt-BR)',
  canonicalLanguageTag,
);
export const RelatorCodeSchema = coded(
  16,
  MetadataIssueCode.unknownRelator,
  `is not a known MARC relator code (${RELATOR_CODES.slice(0, 8).join(', ')}, …)`,
  (v) => (isRelatorCode(v) ? v : null),
);
const BisacCodeSchema = coded(
  16,
  MetadataIssueCode.invalidBisac,
  'is not a BISAC code (e.g. FIC000000)',
  normaliseBisacCode,
);
const ThemaCodeSchema = coded(
  16,
  MetadataIssueCode.invalidThema,
  'is not a Thema code (e.g. FBA, 1DDU)',
  normaliseThemaCode,
);

export const ContributorSchema = z.strictObject({
  name: line(200),
  role: RelatorCodeSchema,
  /** "Austen, Jane": how catalogues sort the name when it is not simply the last word. */
  sortName: line(200).optional(),
});
export const SeriesSchema = z.strictObject({
  name: line(200),
  /** Position in the series; fractional for in-between volumes (2.5). */
  number: z.number().min(0).max(100_000).optional(),
});
export const SubjectsSchema = z.strictObject({
  bisac: z.array(BisacCodeSchema).max(10).default([]),
  thema: z.array(ThemaCodeSchema).max(20).default([]),
});

export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_KEYWORDS = 50;

/** Metadata fields as a client sends them; optional ones accept null to clear them. */
export const BookMetadataInputSchema = z.strictObject({
  contributors: z.array(ContributorSchema).max(50),
  language: LanguageTagSchema.nullable(),
  description: z.string().trim().max(MAX_DESCRIPTION_LENGTH).nullable(),
  keywords: z.array(line(100)).max(MAX_KEYWORDS),
  subjects: SubjectsSchema,
  /** Stored as 13 bare digits; an ISBN-10 is converted. */
  isbn: IsbnSchema.nullable(),
  publisher: line(200).nullable(),
  imprint: line(200).nullable(),
  publicationDate: z.iso.date().nullable(),
  edition: line(100).nullable(),
  /** The rights statement as printed ("© 2026 Ada Author. All rights reserved."). */
  rights: z.string().trim().max(2_000).nullable(),
  /** A licence name or URL ("CC BY 4.0"), when the book is openly licensed. */
  licence: line(300).nullable(),
  series: SeriesSchema.nullable(),
});
export type BookMetadataInput = z.infer<typeof BookMetadataInputSchema>;

/** Metadata as the api returns it; the defaults cover books stored before these fields existed. */
export const BookMetadataSchema = z.object({
  contributors: z
    .array(z.object({ name: z.string(), role: z.string(), sortName: z.string().nullable().default(null) }))
    .default([]),
  language: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  keywords: z.array(z.string()).default([]),
  subjects: z
    .object({ bisac: z.array(z.string()), thema: z.array(z.string()) })
    .default({ bisac: [], thema: [] }),
  isbn: z.string().nullable().default(null),
  /** The ISBN hyphenated for display where its group's ranges are known (978-0, 978-1), else bare. */
  isbnDisplay: z.string().nullable().default(null),
  publisher: z.string().nullable().default(null),
  imprint: z.string().nullable().default(null),
  publicationDate: z.string().nullable().default(null),
  edition: z.string().nullable().default(null),
  rights: z.string().nullable().default(null),
  licence: z.string().nullable().default(null),
  series: z.object({ name: z.string(), number: z.number().nullable() }).nullable().default(null),
});
export type BookMetadata = z.infer<typeof BookMetadataSchema>;

/** Display form of a stored ISBN-13. */
export const displayIsbn = (isbn: string | null): string | null => (isbn ? hyphenateIsbn(isbn) : null);
