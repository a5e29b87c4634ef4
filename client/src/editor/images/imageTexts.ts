import { MEDIA_ALT_MAX, MEDIA_CAPTION_MAX, MEDIA_CREDIT_MAX } from '@galley/shared/api/media';

/** What a writer types about an image, as typed. */
export interface ImageTextsInput {
  alt: string;
  caption: string;
  credit: string;
}

/** What the chapter stores: trimmed, empty optional texts as null (the exporter writes no figcaption). */
export interface ImageTexts {
  alt: string;
  caption: string | null;
  credit: string | null;
}

export type ImageTextProblems = Partial<Record<keyof ImageTextsInput, string>>;

/**
 * Alternative text is required: readers who cannot see the image hear it, and the book's EPUB
 * accessibility claims (and validation) depend on every image having it. Limits are the library's.
 */
export function imageTextProblems(input: ImageTextsInput): ImageTextProblems {
  const problems: ImageTextProblems = {};
  const alt = input.alt.trim();
  if (!alt) problems.alt = 'Describe the image for readers who cannot see it: alternative text is required.';
  else if (alt.length > MEDIA_ALT_MAX)
    problems.alt = `Keep the alternative text under ${MEDIA_ALT_MAX} characters.`;
  if (input.caption.trim().length > MEDIA_CAPTION_MAX)
    problems.caption = `Keep the caption under ${MEDIA_CAPTION_MAX} characters.`;
  if (input.credit.trim().length > MEDIA_CREDIT_MAX)
    problems.credit = `Keep the credit under ${MEDIA_CREDIT_MAX} characters.`;
  return problems;
}

export function imageTexts(input: ImageTextsInput): ImageTexts {
  return {
    alt: input.alt.trim(),
    caption: input.caption.trim() || null,
    credit: input.credit.trim() || null,
  };
}
