import { MediaKindSchema } from '@galley/shared/api/media';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { mapBounded } from '../manuscripts/chapterDocs.ts';
import { keepMediaBytes, readMediaAndMarkers } from '../media/mediaRetention.ts';
import type { MediaRecord } from '../store/mediaRepo.ts';

/** A library item as a version holds it: its texts and facts then; its bytes stay kept by id. */
export const HeldMediaSchema = z.object({
  id: z.string(),
  kind: MediaKindSchema,
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string(),
  caption: z.string().nullable(),
  credit: z.string().nullable(),
});
export type HeldMedia = z.infer<typeof HeldMediaSchema>;

/**
 * The media part of a version's book.json: every library image its chapters show and the cover, as
 * they were when it was taken. Absent from versions taken before versions held media.
 */
export const VersionMediaSchema = z.object({
  items: z.array(HeldMediaSchema),
  cover: HeldMediaSchema.nullable(),
});
export type VersionMedia = z.infer<typeof VersionMediaSchema>;

/** Items whose library records are read and kept at once (each may be one transaction). */
const KEEP_CONCURRENCY = 4;

const held = (record: MediaRecord): HeldMedia => ({
  id: record.id,
  kind: record.kind,
  contentType: record.contentType,
  bytes: record.bytes,
  width: record.width,
  height: record.height,
  alt: record.alt,
  caption: record.caption,
  credit: record.credit,
});

/**
 * Holds the images the chapters use and the cover for the version `versionId`: reads their library
 * records and keeps their bytes (mediaRetention.ts). An id the library does not have (deleted, or
 * never recorded) is not held, as the live book's export would not show it either; nor is one
 * deleted between the read and the keep. Once the book's images are kept, taking a version costs one
 * batch read per 50 images and no write.
 */
export async function holdVersionMedia(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  bookId: string,
  versionId: string,
  used: { mediaIds: ReadonlySet<string>; coverId: string | null },
): Promise<VersionMedia> {
  const ids = new Set([...used.mediaIds, ...(used.coverId ? [used.coverId] : [])]);
  const { records, kept } = await readMediaAndMarkers(deps, bookId, [...ids]);
  const at = new Date(deps.now()).toISOString();
  const outcomes = await mapBounded([...records.values()], KEEP_CONCURRENCY, async (record) =>
    kept.has(record.id) || (await keepMediaBytes(deps, bookId, record.id, versionId, at)) ? record : null,
  );
  const holding = new Map(
    outcomes.filter((r): r is MediaRecord => r !== null).map((record) => [record.id, held(record)]),
  );
  const cover = used.coverId ? (holding.get(used.coverId) ?? null) : null;
  const shown = new Set(used.mediaIds);
  const items = [...holding.values()].filter((item) => shown.has(item.id));
  return { items: items.sort((a, b) => a.id.localeCompare(b.id)), cover };
}

/** The media a stored book.json holds; null for a version taken before versions held media. */
export function versionMediaOf(stored: Record<string, unknown>): VersionMedia | null {
  return stored.media === undefined ? null : VersionMediaSchema.parse(stored.media);
}
