/**
 * A place in a chapter as a link: the chapter editor's address, with `?at=<position>` when the place
 * is a ProseMirror position. Validation problems and export findings both link through this, and
 * the chapter page reads `at` back (`positionInLink`) for SelectPosition, so there is one way in.
 */
const AT = 'at';

export function chapterPlaceHref(bookId: string, chapterId: string, position?: number): string {
  const path = `/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(chapterId)}`;
  return position === undefined ? path : `${path}?${AT}=${position}`;
}

/** The position a chapter link asks the editor to select, or null when it names none. */
export function positionInLink(search: URLSearchParams): number | null {
  const at = Number.parseInt(search.get(AT) ?? '', 10);
  return Number.isFinite(at) && at >= 0 ? at : null;
}
