import { BookMetadataInputSchema } from '@galley/shared/api/bookMetadata';
import type { BookRecord } from '../store/booksRepo.ts';

export const METADATA_KEYS = Object.keys(
  BookMetadataInputSchema.shape,
) as (keyof typeof BookMetadataInputSchema.shape)[];

/** Fields a create or update may set on the book record (title, subtitle and the metadata). */
export type BookWritableFields = Partial<
  Pick<BookRecord, 'title' | 'subtitle' | (typeof METADATA_KEYS)[number]>
>;

/**
 * The record fields present in a parsed request. Blank free-text fields become null, so "cleared"
 * has one representation whichever way the client cleared it.
 */
export function writableFields(input: Record<string, unknown>): BookWritableFields {
  const fields: Record<string, unknown> = {};
  for (const key of ['title', 'subtitle', ...METADATA_KEYS]) {
    const value = input[key];
    if (value === undefined) continue;
    fields[key] = value === '' ? null : value;
  }
  return fields as BookWritableFields;
}
