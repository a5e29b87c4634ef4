import { chapterAccessFor } from '@galley/shared/bookAccess';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { announceRevokedAccess } from '../../domain/accessRevoker.ts';
import { binBook, restoreBook as restoreBinnedBook } from '../../domain/bookBinner.ts';
import { createBook as createBookRecord } from '../../domain/bookCreator.ts';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { updateBook as updateBookRecord } from '../../domain/bookUpdater.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { authorize } from '../../policies/authorize.ts';
import { type BookViewer, presentBookDetail, presentBookSummary } from '../../presenters/presentBook.ts';
import { type BookRecord, listBooksOfUser, listChapters } from '../../store/booksRepo.ts';
import type * as routes from './books.routes.ts';
import { etag, expectedVersionOf, optionalVersionOf } from './versionPrecondition.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

async function detailOf(deps: AppDeps, book: BookRecord, viewer: BookViewer) {
  return presentBookDetail(book, viewer, await listChapters(deps, book.id, { consistent: true }));
}

export const listBooks: Handler<'listBooksRoute'> = async (c) => {
  const auth = requireAuth(c);
  authorize(auth, 'list', 'book');
  const { status, q, ...page } = c.req.valid('query');
  const result = await listBooksOfUser(c.var.deps, auth.sub, page, { status, q });
  return c.json(
    {
      items: result.items.map(({ book, member }) =>
        presentBookSummary(book, {
          memberRole: member.role,
          access: chapterAccessFor(member.role, auth.roles, member.access),
        }),
      ),
      nextCursor: result.nextCursor,
    },
    200,
  );
};

export const getBook: Handler<'getBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const { includeDeleted } = c.req.valid('query');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'read', {
    includeDeleted: includeDeleted === 'true',
  });
  return c.json(await detailOf(c.var.deps, guarded.book, guarded), 200, etag(guarded.book.version));
};

export const createBook: Handler<'createBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  authorize(auth, 'create', 'book');
  const detail = await createBookRecord(c.var.deps, { ...c.req.valid('json'), ownerId: auth.sub });
  return c.json(detail, 201, { ...etag(detail.version), Location: `/api/books/${detail.id}` });
};

export const updateBook: Handler<'updateBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const { version, ...patch } = c.req.valid('json');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'update');
  const expected = expectedVersionOf(c, version);
  const book = await updateBookRecord(c.var.deps, guarded, patch, expected);
  return c.json(await detailOf(c.var.deps, book, guarded), 200, etag(book.version));
};

export const deleteBook: Handler<'deleteBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'delete');
  const book = await binBook(c.var.deps, guarded, optionalVersionOf(c));
  // A binned book is closed for editing: everyone's open chapters close.
  await announceRevokedAccess(c.var.deps, { bookId: id });
  return c.json(await detailOf(c.var.deps, book, guarded), 200, etag(book.version));
};

export const restoreBook: Handler<'restoreBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const guarded = await loadBookFor(c.var.deps, auth, id, 'restore', { includeDeleted: true });
  const book = await restoreBinnedBook(c.var.deps, guarded);
  return c.json(await detailOf(c.var.deps, book, guarded), 200, etag(book.version));
};
