import type { ChapterKind } from '@galley/shared/api/books';

/** The kinds in the order a book runs: front matter, parts and chapters, back matter. */
export const CHAPTER_KINDS: { value: ChapterKind; label: string }[] = [
  { value: 'front_matter', label: 'Front matter' },
  { value: 'part', label: 'Part' },
  { value: 'chapter', label: 'Chapter' },
  { value: 'back_matter', label: 'Back matter' },
];

export const kindLabel = (kind: ChapterKind): string =>
  CHAPTER_KINDS.find((option) => option.value === kind)?.label ?? kind;
