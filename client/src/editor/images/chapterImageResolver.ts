import { parseDocName } from '@galley/shared/sync/protocol';
import type { SyncTokenResponse } from '@galley/shared/sync/syncToken';
import type { GalleyDb, PendingImageRow } from '../../offline/db.ts';
import type { ImageResolver } from '../../offline/pendingImagesQueue.ts';
import { ChapterSessionModel } from '../chapterSessionModel.ts';
import { openChapterSession } from '../openChapterSessions.ts';
import { resolvePendingImage } from './imageDocument.ts';

/**
 * How long a chapter opened only to carry resolutions may take to reach the cloud. Past it the change
 * stays in the chapter's log on this device and goes up the next time the chapter syncs.
 */
const CLOUD_WAIT_MS = 60_000;

/** Resolves once every change handed to the chapter's device log has committed. */
function storedOnDevice(model: ChapterSessionModel): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = model.snapshot();
      if (snapshot.deviceError) {
        unsubscribe();
        reject(new Error(snapshot.deviceError));
      } else if (snapshot.status.kind !== 'saving') {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = model.subscribe(check);
    check();
  });
}

/** Resolves when the chapter is saved to the cloud, refused for good, the wait is over or abandoned. */
function reachedCloud(model: ChapterSessionModel, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const check = () => {
      const kind = model.snapshot().status.kind;
      if (kind === 'cloud' || kind === 'stopped') done();
    };
    const unsubscribe = model.subscribe(check);
    const timer = setTimeout(done, CLOUD_WAIT_MS);
    signal.addEventListener('abort', done);
    if (signal.aborted) done();
    else check();
  });
}

/**
 * Points a chapter's image at the library copy once its upload is done, wherever the user is in the
 * app. A chapter open in this tab is changed in place (its editor syncs it). Any other chapter is
 * opened from the device's copy the way the editor opens it, without an editor and without presence,
 * changed, and connected just long enough to sync: the image resolution and whatever the author typed
 * offline reach the cloud now, so collaborators see the image instead of a placeholder without the
 * author reopening the chapter. Yjs merges the change with anything typed in another tab meanwhile.
 */
export class ChapterImageResolver implements ImageResolver {
  private readonly opened = new Map<string, ChapterSessionModel>();

  constructor(
    private readonly db: GalleyDb,
    private readonly requestToken: (bookId: string) => Promise<SyncTokenResponse>,
  ) {}

  /** Resolves once the change is stored on this device (so the waiting bytes may be forgotten). */
  async resolve(row: PendingImageRow): Promise<void> {
    const model = openChapterSession(row.docName) ?? (await this.openQuietly(row.docName));
    resolvePendingImage(model.doc, row.bookId, row.mediaId);
    await storedOnDevice(model);
  }

  /** Waits for the chapters this resolver opened to sync (or for the wait to end), then closes them. */
  async settle(signal: AbortSignal): Promise<void> {
    await Promise.all([...this.opened.values()].map((model) => reachedCloud(model, signal)));
    this.close();
  }

  close(): void {
    for (const model of this.opened.values()) model.close();
    this.opened.clear();
  }

  private async openQuietly(docName: string): Promise<ChapterSessionModel> {
    const known = this.opened.get(docName);
    if (known) return known;
    const ids = parseDocName(docName);
    if (!ids) throw new Error(`not a chapter document: ${docName}`);
    const model = new ChapterSessionModel({
      db: this.db,
      ...ids,
      requestToken: () => this.requestToken(ids.bookId),
    });
    await model.open();
    // Not a person at the chapter: nothing to show in anyone's presence list or as a caret.
    model.awareness.setLocalState(null);
    model.connect();
    this.opened.set(docName, model);
    return model;
  }
}
