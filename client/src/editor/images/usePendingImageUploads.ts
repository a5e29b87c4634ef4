import { useEffect, useMemo } from 'react';
import { mediaEndpoints } from '../../api/media.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { db } from '../../offline/db.ts';
import { PENDING_IMAGE_ADDED } from '../../offline/pendingImages.ts';
import { retryDelayMs, uploadWaitingImages } from '../../offline/pendingImagesQueue.ts';
import { useChapterSession } from '../ChapterSessionContext.tsx';

/**
 * While a chapter is open with edit access, uploads the writer's images of its book that wait on this
 * device: at once, whenever the browser says it is online again, when a new one is kept, and after a
 * growing pause while tries keep failing. One run at a time, so an image is never uploaded twice at once.
 */
export function usePendingImageUploads(): void {
  const { client } = useSession();
  const user = useUser();
  const session = useChapterSession();
  const media = useMemo(() => mediaEndpoints(client), [client]);
  const canEdit = session.snapshot.access === 'edit';
  const { bookId, doc } = session;

  useEffect(() => {
    if (!canEdit) return;
    let stopped = false;
    let running = false;
    let again = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      if (stopped || !navigator.onLine) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      try {
        const { retryLater } = await uploadWaitingImages(db, media, { userId: user.id, bookId, doc });
        failures = retryLater ? failures + 1 : 0;
      } catch (error) {
        console.error('Image uploads stopped', error);
        failures += 1;
      } finally {
        running = false;
      }
      if (stopped) return;
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
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', kick);
      window.removeEventListener(PENDING_IMAGE_ADDED, kick);
    };
  }, [canEdit, media, user.id, bookId, doc]);
}
