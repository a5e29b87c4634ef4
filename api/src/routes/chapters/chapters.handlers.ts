import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { createChapter as addChapter } from '../../domain/chapterCreator.ts';
import { deleteChapter as removeChapter } from '../../domain/chapterDeleter.ts';
import { reorderChapters as reorder } from '../../domain/chapterReorderer.ts';
import { updateChapter as changeChapter } from '../../domain/chapterUpdater.ts';
import { NotFoundError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { type BookViewer, presentBookDetail, presentChapter } from '../../presenters/presentBook.ts';
import { getBook, listChapters } from '../../store/booksRepo.ts';
import { etag, expectedVersionOf } from '../books/versionPrecondition.ts';
import type * as routes from './chapters.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

/** The book after a chapter write, read back consistently so the order and version are the new ones. */
async function bookNow(deps: AppDeps, bookId: string, viewer: BookViewer) {
  const [book, chapters] = await Promise.all([
    getBook(deps, bookId, { consistent: true }),
    listChapters(deps, bookId, { consistent: true }),
  ]);
  if (!book) throw new NotFoundError('Book');
  return presentBookDetail(book, viewer, chapters);
}

export const createChapter: Handler<'createChapterRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'editChapters');
  const chapter = await addChapter(c.var.deps, guarded, c.req.valid('json'));
  const book = await bookNow(c.var.deps, id, guarded);
  return c.json({ chapter: presentChapter(chapter), book }, 201, etag(book.version));
};

export const updateChapter: Handler<'updateChapterRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, chapterId } = c.req.valid('param');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'editChapters');
  const chapter = await changeChapter(c.var.deps, guarded, chapterId, c.req.valid('json'));
  const book = await bookNow(c.var.deps, id, guarded);
  return c.json({ chapter: presentChapter(chapter), book }, 200, etag(book.version));
};

export const reorderChapters: Handler<'reorderChaptersRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const { chapterIds, version } = c.req.valid('json');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'editChapters');
  await reorder(c.var.deps, guarded, chapterIds, expectedVersionOf(c, version));
  const book = await bookNow(c.var.deps, id, guarded);
  return c.json(book, 200, etag(book.version));
};

export const deleteChapter: Handler<'deleteChapterRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, chapterId } = c.req.valid('param');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'editChapters');
  await removeChapter(c.var.deps, guarded, chapterId);
  const book = await bookNow(c.var.deps, id, guarded);
  return c.json(book, 200, etag(book.version));
};
