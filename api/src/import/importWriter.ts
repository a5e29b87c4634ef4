import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import type { GuardedBook } from '../domain/bookGuard.ts';
import { createChapter } from '../domain/chapterCreator.ts';
import { deleteChapter } from '../domain/chapterDeleter.ts';
import { NotFoundError } from '../errors.ts';
import { putBookMedia } from '../export/bookMedia.ts';
import type { TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { deleteUnkeptMediaBytes } from '../media/mediaRetention.ts';
import { getBook, isDeleted } from '../store/booksRepo.ts';
import { keys } from '../store/keys.ts';
import type { MediaRecord } from '../store/mediaRepo.ts';
import type { SplitChapter } from './chapterSplitter.ts';
import type { ImportedImage } from './importedManuscript.ts';
import { manuscriptUpdate } from './manuscriptWriter.ts';

export interface WrittenImport {
  chapterIds: string[];
  mediaIds: string[];
}

export type ProgressReporter = (percent: number, step: string) => Promise<void>;

/**
 * Writes a converted file into a book: images into the media library, each chapter's text into the sync
 * server's storage, then the chapters into the book through the same domain operation as the api's
 * "add chapter" (versioned, limited, conditional). In that order because what is written first is
 * invisible until the chapters exist: a document under a fresh chapter id, an object under a fresh
 * media id. A chapter thus never appears empty and fills in later (where an editor opening it at that
 * moment would start a second, empty document).
 *
 * If any step fails, what was written is undone (chapters removed, media items and objects deleted)
 * before the error is rethrown: an import adds everything or nothing a user can see. Documents under
 * removed chapter ids stay in the doc storage, as they do when a chapter is deleted.
 */
export async function writeImport(
  deps: AppDeps,
  guarded: GuardedBook,
  input: { chapters: SplitChapter[]; images: ImportedImage[]; uploadedBy: string },
  progress: ProgressReporter,
  /** Aborted when the job runs out of time: the writing stops at the next step and is undone. */
  signal?: AbortSignal,
): Promise<WrittenImport> {
  const bookId = guarded.book.id;
  const media: MediaRecord[] = [];
  const chapterIds: string[] = [];
  try {
    await progress(60, 'Storing images');
    // One at a time: on a failure nothing else is still writing while the undo runs.
    for (const image of input.images) {
      signal?.throwIfAborted();
      await putBookMedia(deps, bookId, image.mediaId, image.bytes, image.contentType);
      const record = mediaRecordOf(deps, bookId, image, input.uploadedBy);
      await putMediaRecord(deps, record);
      media.push(record);
    }

    await progress(75, 'Writing chapters');
    const storage = chapterStorageFor(deps);
    const planned = input.chapters.map((chapter) => ({ id: ulid(), chapter }));
    for (const { id, chapter } of planned) {
      signal?.throwIfAborted();
      const docName = chapterDocName(bookId, id);
      const { update, clientId } = manuscriptUpdate(withImageSources(chapter.blocks, bookId));
      // Versions name who wrote what by Yjs client id: the imported text is the importer's.
      await storage.recordAuthors(docName, input.uploadedBy, [clientId]);
      await storage.append(docName, update);
    }

    await progress(90, 'Adding chapters to the book');
    for (const { id, chapter } of planned) {
      signal?.throwIfAborted();
      const book = await getBook(deps, bookId, { consistent: true });
      if (!book || isDeleted(book)) throw new NotFoundError('Book');
      await createChapter(deps, { ...guarded, book }, { id, title: chapter.title, kind: 'chapter' });
      chapterIds.push(id);
    }
    return { chapterIds, mediaIds: input.images.map((image) => image.mediaId) };
  } catch (error) {
    await undo(deps, guarded, chapterIds, media, input.images);
    throw error;
  }
}

/** Compensation: each step is tried whatever the others do, and failures are logged, not thrown. */
async function undo(
  deps: AppDeps,
  guarded: GuardedBook,
  chapterIds: string[],
  media: MediaRecord[],
  images: ImportedImage[],
): Promise<void> {
  const bookId = guarded.book.id;
  const log = deps.log.child({ bookId });
  for (const chapterId of chapterIds.reverse()) {
    await deleteChapter(deps, guarded, chapterId).catch((error: unknown) =>
      log.error({ err: error, chapterId }, 'import: could not remove a chapter it had added'),
    );
  }
  for (const record of media) {
    await deps.ddb
      .send(new DeleteCommand({ TableName: deps.table, Key: keys.media(bookId, record.id) }))
      .catch((error: unknown) =>
        log.error({ err: error, mediaId: record.id }, 'import: could not remove a media item it had added'),
      );
  }
  // A version taken while the import ran may hold some of them: those bytes stay.
  await deleteUnkeptMediaBytes(
    deps,
    bookId,
    images.map((image) => image.mediaId),
  );
}

function mediaRecordOf(deps: AppDeps, bookId: string, image: ImportedImage, uploadedBy: string): MediaRecord {
  const at = new Date(deps.now()).toISOString();
  return {
    id: image.mediaId,
    bookId,
    kind: 'image',
    contentType: image.contentType,
    bytes: image.bytes.length,
    width: image.width,
    height: image.height,
    alt: image.alt,
    caption: null,
    credit: null,
    uploadedBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The same item mediaRepo's recordMedia writes, without a pending upload: the import checked the bytes. */
async function putMediaRecord(deps: AppDeps, media: MediaRecord): Promise<void> {
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: { ...keys.media(media.bookId, media.id), entity: 'media', ...media },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** Image nodes get the display URL the media library serves them at, now that the book is known. */
function withImageSources(blocks: TreeNode[], bookId: string): TreeNode[] {
  const visit = (child: TreeChild): TreeChild => {
    if (child.kind === 'text') return child;
    const content = child.content.map(visit);
    if (child.type !== ManuscriptNodes.image) return { ...child, content };
    const src = `/api/books/${bookId}/media/${String(child.attrs.mediaId)}/content`;
    return { ...child, attrs: { ...child.attrs, src }, content };
  };
  return blocks.map((block) => visit(block) as TreeNode);
}
