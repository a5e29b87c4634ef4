import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { ApiClient } from '../../api/apiClient.ts';
import { mediaEndpoints } from '../../api/media.ts';
import { useOnline } from '../../hooks/useOnline.ts';
import { db, type PendingImageRow } from '../../offline/db.ts';
import { mediaContentPath, resolvePendingImage } from './imageDocument.ts';

export type ImageDisplay =
  | { kind: 'loading' }
  /** The bytes are on this device, waiting for (or refused by) the upload queue. */
  | { kind: 'local'; url: string; row: PendingImageRow }
  | { kind: 'library'; url: string }
  /** Another writer's device holds the bytes. */
  | { kind: 'elsewhere'; by: string }
  | { kind: 'unavailable' };

interface ImageRef {
  bookId: string;
  mediaId: string | null;
  pendingUpload: string | null;
}

/** The device's copy of a waiting image, kept current (the queue deletes it once uploaded). */
function usePendingRow(mediaId: string | null): PendingImageRow | null | undefined {
  const [row, setRow] = useState<PendingImageRow | null | undefined>(undefined);
  useEffect(() => {
    setRow(undefined);
    if (!mediaId) {
      setRow(null);
      return;
    }
    const subscription = liveQuery(() => db.pendingImages.get(mediaId)).subscribe({
      next: (found) => setRow(found ?? null),
      error: () => setRow(null),
    });
    return () => subscription.unsubscribe();
  }, [mediaId]);
  return row;
}

/** An object URL for bytes, revoked when the image stops showing them. */
function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}

/**
 * What an image of the chapter can show: the device's own bytes while they wait for the upload, the
 * library's copy (fetched with the session's token; the service worker keeps it for offline), or a
 * placeholder naming the device that holds it. An image still marked pending whose item the library
 * already has (its uploader's tab closed before it said so) is resolved here by any writer who sees it.
 */
export function useImageDisplay(
  client: ApiClient,
  image: ImageRef,
  resolver: { doc: Y.Doc; canEdit: boolean },
): ImageDisplay {
  const row = usePendingRow(image.mediaId);
  const localUrl = useObjectUrl(row ? row.file : null);
  const [remote, setRemote] = useState<{ key: string; blob: Blob | null; missing: boolean } | null>(null);
  const online = useOnline();

  const { bookId, mediaId, pendingUpload } = image;
  const wantsRemote = row === null && mediaId !== null;
  const key = `${bookId}/${mediaId}/${pendingUpload ?? ''}/${online}`;
  const { doc, canEdit } = resolver;
  useEffect(() => {
    if (!wantsRemote || !mediaId) return;
    let active = true;
    const load = async () => {
      if (pendingUpload) {
        // Only asks whether the library has it: a 404 is the normal answer while it waits.
        await mediaEndpoints(client).contentUrl(bookId, mediaId);
        if (canEdit) resolvePendingImage(doc, bookId, mediaId);
      }
      const bytes = await client.requestBytes(mediaContentPath(bookId, mediaId));
      return new Blob([bytes as Uint8Array<ArrayBuffer>]);
    };
    load().then(
      (blob) => active && setRemote({ key, blob, missing: false }),
      () => active && setRemote({ key, blob: null, missing: true }),
    );
    return () => {
      active = false;
    };
  }, [client, bookId, mediaId, pendingUpload, wantsRemote, key, doc, canEdit]);
  const remoteUrl = useObjectUrl(remote?.key === key ? remote.blob : null);

  if (row === undefined) return { kind: 'loading' };
  if (row) return localUrl ? { kind: 'local', url: localUrl, row } : { kind: 'loading' };
  if (!mediaId) return { kind: 'unavailable' };
  if (remoteUrl) return { kind: 'library', url: remoteUrl };
  if (remote?.key !== key) return { kind: 'loading' };
  return pendingUpload ? { kind: 'elsewhere', by: pendingUpload } : { kind: 'unavailable' };
}
