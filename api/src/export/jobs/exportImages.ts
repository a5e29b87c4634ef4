import type { AppDeps } from '../../deps.ts';
import { mapBounded } from '../../manuscripts/chapterDocs.ts';
import { readMediaAndMarkers } from '../../media/mediaRetention.ts';
import type { VersionMedia } from '../../versions/versionMedia.ts';
import { getBookCover, getBookMedia } from '../bookMedia.ts';
import type { RenderProblem } from '../xhtml/renderContext.ts';

/** Whose images an export shows: the live book's library, or what a version holds. */
export type ImageSource =
  | { kind: 'live' }
  /** `media` null: a version taken before versions held media. */
  | { kind: 'version'; media: VersionMedia | null };

export interface ExportImages {
  /** Media id → bytes, for the ids the chapters use that this source has. */
  media: Map<string, Uint8Array>;
  cover: Uint8Array | null;
  problems: RenderProblem[];
}

const FETCH_CONCURRENCY = 4;

/**
 * The images and cover an export packs. A version's are the ones it held when it was taken, read by
 * id (their bytes are kept while the version exists), so an image deleted or a cover replaced since
 * is still the version's. The live book's are its library's; an image deleted from the library whose
 * bytes stay only for versions is not the live book's any more.
 */
export async function loadExportImages(
  deps: Pick<AppDeps, 'ddb' | 'table' | 's3' | 'env'>,
  bookId: string,
  mediaIds: ReadonlySet<string>,
  source: ImageSource,
): Promise<ExportImages> {
  if (source.kind === 'version' && source.media) {
    const held = new Set(source.media.items.map((item) => item.id));
    return {
      media: await fetchAll(
        deps,
        bookId,
        [...mediaIds].filter((id) => held.has(id)),
      ),
      cover: source.media.cover ? await getBookMedia(deps, bookId, source.media.cover.id) : null,
      problems: [],
    };
  }
  const { records, kept } = await readMediaAndMarkers(deps, bookId, [...mediaIds]);
  // Bytes without a record and without a marker are served as before records existed (fixtures, imports
  // caught half-way); only a marker without a record says "deleted from the library".
  const live = [...mediaIds].filter((id) => records.has(id) || !kept.has(id));
  const problems: RenderProblem[] = [];
  if (source.kind === 'version') {
    problems.push({
      code: 'version_media_not_frozen',
      message:
        'This version was taken before versions kept their images and cover, so the export uses the book’s current images and cover: any changed or deleted since differ from the version.',
      chapterId: '',
    });
  }
  return {
    media: await fetchAll(deps, bookId, live),
    cover: await getBookCover(deps, bookId),
    problems,
  };
}

async function fetchAll(
  deps: Pick<AppDeps, 's3' | 'env'>,
  bookId: string,
  mediaIds: string[],
): Promise<Map<string, Uint8Array>> {
  const media = new Map<string, Uint8Array>();
  await mapBounded(mediaIds, FETCH_CONCURRENCY, async (mediaId) => {
    const bytes = await getBookMedia(deps, bookId, mediaId);
    if (bytes) media.set(mediaId, bytes);
  });
  // Insertion order decides the packed file names' order: keep it the chapters' order, not the fetches'.
  return new Map(
    mediaIds.flatMap((id) => {
      const bytes = media.get(id);
      return bytes ? [[id, bytes] as const] : [];
    }),
  );
}
