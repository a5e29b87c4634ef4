import { can } from '@galley/shared/permissions';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { NotFoundError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { actorOf, authorize } from '../../policies/authorize.ts';
import { presentBookDetail, presentBookSummary } from '../../presenters/presentBook.ts';
import { getMembership, listBooksOfUser, listChapters, getBook as readBook } from '../../store/booksRepo.ts';
import type * as routes from './books.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

export const listBooks: Handler<'listBooksRoute'> = async (c) => {
  const auth = requireAuth(c);
  authorize(auth, 'list', 'book');
  const page = await listBooksOfUser(c.var.deps, auth.sub, c.req.valid('query'));
  return c.json(
    {
      items: page.items.map(({ book, member }) => presentBookSummary(book, member.role)),
      nextCursor: page.nextCursor,
    },
    200,
  );
};

export const getBook: Handler<'getBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const deps = c.var.deps;
  const [book, membership] = await Promise.all([readBook(deps, id), getMembership(deps, id, auth.sub)]);
  const memberRole = membership?.role ?? null;
  // Not allowed and not there look the same, so a guessed id tells an outsider nothing.
  if (!book || !can(actorOf(auth), 'read', 'book', { memberRole })) throw new NotFoundError('Book');
  const chapters = await listChapters(deps, id);
  return c.json(presentBookDetail(book, memberRole, chapters), 200);
};
