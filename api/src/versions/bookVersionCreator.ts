import type { BookVersion, VersionChapter, VersionTrigger } from '@galley/shared/api/versions';
import { ulid } from 'ulid';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { mediaIdsIn } from '../export/epubBuilder.ts';
import { readManuscript } from '../export/xhtml/manuscriptTree.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../manuscripts/chapterDocs.ts';
import { getBook, isDeleted, listChapters } from '../store/booksRepo.ts';
import { coverOf } from '../store/mediaRepo.ts';
import { holdVersionMedia } from './versionMedia.ts';
import {
  deleteVersionObjects,
  getVersionRecord,
  presentVersion,
  putVersionObject,
  putVersionRecord,
  type StoredVersion,
  versionObjectKeys,
} from './versionStore.ts';

type VersionDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'log'>;

export interface VersionRequest {
  name: string;
  /** true when the workflow takes it at a transition; false for a version a writer named. */
  automatic: boolean;
  /** User id of whoever caused it (the writer, or the user whose action moved the workflow). */
  by: string;
  /** Why an automatic version was taken (the workflow transition). */
  trigger?: VersionTrigger;
  /**
   * The version's id when what causes it has one of its own (the workflow event's id): taking it again
   * then returns the version already taken instead of a second one, so a redelivered event is harmless.
   * Without it the version gets a fresh ULID.
   */
  id?: string;
}

/** Chapters loaded and uploaded at once: each is a storage load plus an S3 put. */
const CHAPTER_CONCURRENCY = 4;

/**
 * Takes a named version: every chapter's merged Yjs state as the sync server stored it (snapshot +
 * log tail; what an open room has not yet persisted is not in it, exactly as with an export), the
 * book's metadata and its chapter list, and the library images the chapters show and the cover as
 * they are now (their texts copied, their bytes kept: versionMedia.ts). The caller checks who may do
 * it; the workflow calls this at every transition with `automatic: true`.
 */
export async function createBookVersion(
  deps: VersionDeps,
  bookId: string,
  request: VersionRequest,
): Promise<BookVersion> {
  const [book, chapterRecords] = await Promise.all([
    getBook(deps, bookId, { consistent: true }),
    listChapters(deps, bookId, { consistent: true }),
  ]);
  if (!book || isDeleted(book)) throw new NotFoundError('Book');
  if (request.id) {
    const taken = await getVersionRecord(deps, bookId, request.id);
    if (taken) return presentVersion(taken);
  }
  const id = request.id ?? ulid(deps.now());
  // This attempt's own folder: a racing delivery of the same event writes elsewhere (versionStore.ts).
  const attempt = ulid(deps.now());
  const written: string[] = [];
  const storage = chapterStorageFor(deps);
  const mediaIds = new Set<string>();
  const chapters = await mapBounded(chapterRecords, CHAPTER_CONCURRENCY, async (chapter) => {
    const doc = await loadChapterDoc(storage, bookId, chapter.id);
    const state = Y.encodeStateAsUpdate(doc);
    for (const mediaId of mediaIdsIn([readManuscript(doc)])) mediaIds.add(mediaId);
    doc.destroy();
    const key = versionObjectKeys.chapter(bookId, id, attempt, chapter.id);
    written.push(key);
    await putVersionObject(deps, key, state, 'application/octet-stream');
    const entry: VersionChapter = {
      id: chapter.id,
      title: chapter.title,
      kind: chapter.kind ?? 'chapter',
      order: chapter.order,
      bytes: state.byteLength,
    };
    return entry;
  });
  const media = await holdVersionMedia(deps, bookId, id, {
    mediaIds,
    coverId: coverOf(book)?.mediaId ?? null,
  });
  const version: StoredVersion = {
    id,
    bookId,
    name: request.name,
    automatic: request.automatic,
    trigger: request.trigger ?? null,
    createdBy: request.by,
    createdAt: new Date(deps.now()).toISOString(),
    bookVersion: book.version,
    chapters,
    attempt,
  };
  const { deletedAt: _deleted, ...metadata } = book;
  const bookKey = versionObjectKeys.book(bookId, id, attempt);
  written.push(bookKey);
  await putVersionObject(
    deps,
    bookKey,
    JSON.stringify({ book: metadata, chapters, media }),
    'application/json',
  );
  if (await putVersionRecord(deps, version)) return presentVersion(version);
  // Two deliveries of one event raced past the check above (a Redis redelivery while the first holder
  // was still at work) and this one lost: the record, and the files it names, are the winner's. This
  // attempt's files are nobody's; the images it kept are kept for the winner as well.
  await deleteVersionObjects(deps, written);
  const winner = request.id ? await getVersionRecord(deps, bookId, request.id) : null;
  // Fresh ULIDs never collide: a collision without a given id means the table is not what we think.
  if (!winner) throw new Error('A new version collided with an existing item.');
  return presentVersion(winner);
}
