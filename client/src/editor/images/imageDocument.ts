import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

/**
 * The attribute that marks an image whose bytes are still on one writer's device (offline, or the
 * upload failed): its value is that writer's display name, so the others can say whose device to wait
 * for. The image already carries its final `mediaId` (chosen on that device, see mediaUlid.ts) and no
 * `src` until the library has the item.
 */
export const PENDING_UPLOAD_ATTR = 'pendingUpload';

/** What the manuscript stores as an image's `src`: the library item's bytes, behind the api. */
export function mediaContentPath(bookId: string, mediaId: string): string {
  return `/api/books/${encodeURIComponent(bookId)}/media/${encodeURIComponent(mediaId)}/content`;
}

function imageElements(doc: Y.Doc): Y.XmlElement[] {
  const walker = doc
    .getXmlFragment(DocRoots.text)
    .createTreeWalker((type) => type instanceof Y.XmlElement && type.nodeName === ManuscriptNodes.image);
  return Array.from(walker) as Y.XmlElement[];
}

/** The media ids of the chapter's images still waiting for their upload. */
export function pendingImageIds(doc: Y.Doc): string[] {
  const ids = new Set<string>();
  for (const element of imageElements(doc)) {
    const mediaId = element.getAttribute('mediaId');
    if (typeof mediaId === 'string' && element.getAttribute(PENDING_UPLOAD_ATTR)) ids.add(mediaId);
  }
  return [...ids];
}

/**
 * The upload of `mediaId` went through: every image of the chapter waiting for it shows the library's
 * copy from now on, for everyone (the change syncs like typing). Images that were resolved already
 * are left alone, so running this twice (or on two devices) writes nothing new. Returns how many
 * images changed.
 */
export function resolvePendingImage(doc: Y.Doc, bookId: string, mediaId: string, origin?: unknown): number {
  let changed = 0;
  doc.transact(() => {
    for (const element of imageElements(doc)) {
      if (element.getAttribute('mediaId') !== mediaId || !element.getAttribute(PENDING_UPLOAD_ATTR)) continue;
      element.setAttribute('src', mediaContentPath(bookId, mediaId));
      element.removeAttribute(PENDING_UPLOAD_ATTR);
      changed += 1;
    }
  }, origin);
  return changed;
}
