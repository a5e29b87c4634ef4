import type { BookPatch, OutboxOp } from './outboxOps.ts';

const FIELD_LABELS: Partial<Record<keyof BookPatch, string>> = {
  title: 'Title',
  subtitle: 'Subtitle',
  description: 'Description',
  language: 'Language',
  publisher: 'Publisher',
  imprint: 'Imprint',
  isbn: 'ISBN',
  rights: 'Rights',
  licence: 'Licence',
  edition: 'Edition',
  publicationDate: 'Publication date',
  keywords: 'Keywords',
  contributors: 'Contributors',
  subjects: 'Subjects',
  series: 'Series',
};

export const fieldLabel = (field: keyof BookPatch): string => FIELD_LABELS[field] ?? String(field);

/** A metadata value as a person reads it in the conflict dialog. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === 'object' && item && 'name' in item ? String(item.name) : showValue(item),
      )
      .join(', ');
  }
  return JSON.stringify(value);
}

/** One line naming a queued write, for messages about it. */
export function describeOp(op: OutboxOp): string {
  switch (op.kind) {
    case 'updateBook':
      return `Changing ${Object.keys(op.patch)
        .map((f) => fieldLabel(f as keyof BookPatch).toLowerCase())
        .join(', ')}`;
    case 'createChapter':
      return `Adding the chapter “${op.title}”`;
  }
}
