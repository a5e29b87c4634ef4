import type { BookVersion, VersionChapter } from '@galley/shared/api/versions';
import { ulid } from 'ulid';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../manuscripts/chapterDocs.ts';
import { getBook, isDeleted, listChapters } from '../store/booksRepo.ts';
import { putVersionObject, putVersionRecord, versionObjectKeys } from './versionStore.ts';

type VersionDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now'>;

export interface VersionRequest {
  name: string;
  /** true when the workflow takes it at a transition; false for a version a writer named. */
  automatic: boolean;
  /** User id of whoever caused it (the writer, or the user whose action moved the workflow). */
  by: string;
}

/** Chapters loaded and uploaded at once: each is a storage load plus an S3 put. */
const CHAPTER_CONCURRENCY = 4;

/**
 * Takes a named version: every chapter's merged Yjs state as the sync server stored it (snapshot +
 * log tail; what an open room has not yet persisted is not in it, exactly as with an export), the
 * book's metadata and its chapter list. The caller checks who may do it; the workflow calls this
 * at every transition with `automatic: true`.
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
  const id = ulid(deps.now());
  const storage = chapterStorageFor(deps);
  const chapters = await mapBounded(chapterRecords, CHAPTER_CONCURRENCY, async (chapter) => {
    const doc = await loadChapterDoc(storage, bookId, chapter.id);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await putVersionObject(
      deps,
      versionObjectKeys.chapter(bookId, id, chapter.id),
      state,
      'application/octet-stream',
    );
    const entry: VersionChapter = {
      id: chapter.id,
      title: chapter.title,
      kind: chapter.kind ?? 'chapter',
      order: chapter.order,
      bytes: state.byteLength,
    };
    return entry;
  });
  const version: BookVersion = {
    id,
    bookId,
    name: request.name,
    automatic: request.automatic,
    createdBy: request.by,
    createdAt: new Date(deps.now()).toISOString(),
    bookVersion: book.version,
    chapters,
  };
  const { deletedAt: _deleted, ...metadata } = book;
  await putVersionObject(
    deps,
    versionObjectKeys.book(bookId, id),
    JSON.stringify({ book: metadata, chapters }),
    'application/json',
  );
  await putVersionRecord(deps, version);
  return version;
}
