import type { MediaItem } from '@galley/shared/api/media';
import type { MediaRecord } from '../store/mediaRepo.ts';

export function presentMedia(media: MediaRecord): MediaItem {
  return {
    id: media.id,
    bookId: media.bookId,
    kind: media.kind,
    contentType: media.contentType,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    alt: media.alt,
    caption: media.caption ?? null,
    credit: media.credit ?? null,
    uploadedBy: media.uploadedBy,
    createdAt: media.createdAt,
    updatedAt: media.updatedAt,
    contentUrl: `/api/books/${media.bookId}/media/${media.id}/content`,
  };
}
