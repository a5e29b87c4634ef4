import type { BookPatch, FieldConflict, OutboxOp } from './outboxOps.ts';

const FIELD_LABELS: Partial<Record<FieldConflict['field'], string>> = {
  chapterOrder: 'Chapter order',
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

export const fieldLabel = (field: FieldConflict['field']): string => FIELD_LABELS[field] ?? String(field);

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
    case 'updateChapter':
      return op.patch.title === undefined
        ? 'Changing the kind of a chapter'
        : `Renaming “${op.base.title ?? ''}” to “${op.patch.title}”`;
    case 'reorderChapters':
      return 'Reordering the chapters';
    case 'deleteChapter':
      return `Deleting the chapter “${op.title}”`;
  }
}
