import { useEffect } from 'react';
import { endpoints } from '../api/endpoints.ts';
import { mediaEndpoints } from '../api/media.ts';
import { browserLock, useSession, useUser } from '../auth/session.tsx';
import { db } from './db.ts';
import { PENDING_IMAGE_ADDED, waitingImagesOf } from './pendingImages.ts';
import { retryDelayMs, uploadWaitingImages } from './pendingImagesQueue.ts';

/**
 * While the user is signed in, anywhere in the app, uploads the images they placed offline: at once,
 * whenever the browser says it is online again, when a new one is kept, and after a growing pause
 * while tries keep failing. Every tab runs this, and a Web Lock lets one tab's pass run at a time (the
 * others wait and then find nothing left), so an image is never uploaded by two tabs at once.
 * The part that opens chapters (Yjs, the sync client) loads only when an image is actually waiting.
 */
export function usePendingImageQueue(): void {
  const { client } = useSession();
  const user = useUser();

  useEffect(() => {
    const media = mediaEndpoints(client);
    const api = endpoints(client);
    const stop = new AbortController();
    let running = false;
    let again = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const pass = () =>
      browserLock(`galley-pending-images:${user.id}`, async () => {
        if (stop.signal.aborted || (await waitingImagesOf(db, user.id)).length === 0)
          return { retryLater: false };
        const { ChapterImageResolver } = await import('../editor/images/chapterImageResolver.ts');
        const resolver = new ChapterImageResolver(db, (bookId) => api.syncTokens.create(bookId));
        try {
          const outcome = await uploadWaitingImages(db, media, user.id, resolver, { signal: stop.signal });
          await resolver.settle(stop.signal);
          return outcome;
        } finally {
          resolver.close();
        }
      });

    const run = async () => {
      if (stop.signal.aborted || !navigator.onLine) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      try {
        const { retryLater } = await pass();
        failures = retryLater ? failures + 1 : 0;
      } catch (error) {
        console.error('Image uploads stopped', error);
        failures += 1;
      } finally {
        running = false;
      }
      if (stop.signal.aborted) return;
      if (again) {
        again = false;
        void run();
      } else if (failures > 0) {
        timer = setTimeout(() => void run(), retryDelayMs(failures));
      }
    };
    const kick = () => {
      failures = 0;
      void run();
    };
    void run();
    window.addEventListener('online', kick);
    window.addEventListener(PENDING_IMAGE_ADDED, kick);
    return () => {
      stop.abort();
      clearTimeout(timer);
      window.removeEventListener('online', kick);
      window.removeEventListener(PENDING_IMAGE_ADDED, kick);
    };
  }, [client, user.id]);
}
