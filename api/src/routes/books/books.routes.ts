import {
  BookCreateRequestSchema,
  BookDetailSchema,
  BookGetQuerySchema,
  BookListQuerySchema,
  BookSummarySchema,
  BookUpdateRequestSchema,
} from '@galley/shared/api/books';
import { IdSchema, pageOf } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import * as handlers from './books.handlers.ts';
import { registerMemberRoutes } from './members.routes.ts';
import { etagHeader } from './versionPrecondition.ts';

const tags = ['books'];
const security = [{ bearer: [] }];
const params = z.object({ id: IdSchema });
const ifMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'The version being changed: `"<version>"` (from ETag)' }),
});
const bookResponse = (description: string) => ({
  ...jsonResponse(BookDetailSchema, description),
  headers: etagHeader,
});

export const listBooksRoute = createRoute({
  method: 'get',
  path: '/api/books',
  tags,
  security,
  summary: 'The books the caller is a member of, newest membership first',
  description:
    'Books in the bin are left out. `status` and `q` (case-insensitive substring of title or subtitle) filter each page after it is read from the membership index: a page keeps reading until it holds `limit` books or has made 10 round trips, so with narrow filters a page can be short, even empty, while `nextCursor` is not null. Follow the cursor until it is null.',
  request: { query: BookListQuerySchema },
  responses: {
    200: jsonResponse(pageOf(BookSummarySchema), 'A page of books'),
    ...errorResponses(400, 401, 429),
  },
});

export const getBookRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}',
  tags,
  security,
  summary: 'A book with its metadata and chapters in reading order',
  description:
    'Visible to the members of the book and to publishers and admins. To anyone else it is a 404, so ids do not reveal which books exist. A book in the bin is a 404 too, except with `includeDeleted=true` for its owner.',
  request: { params, query: BookGetQuerySchema },
  responses: { 200: bookResponse('The book'), ...errorResponses(400, 401, 404, 429) },
});

export const createBookRoute = createRoute({
  method: 'post',
  path: '/api/books',
  tags,
  security,
  summary: 'Create a draft book (authors and admins), optionally with chapters and metadata',
  request: { body: jsonBody(BookCreateRequestSchema) },
  responses: { 201: bookResponse('The new book'), ...errorResponses(400, 401, 403, 429) },
});

export const updateBookRoute = createRoute({
  method: 'patch',
  path: '/api/books/{id}',
  tags,
  security,
  summary: 'Change title and metadata (owner, co-authors)',
  description:
    'Only the fields sent change; `null` clears one; contributors, subjects and series are replaced whole. The version being changed is required, as `If-Match: "<version>"` or `version`; without it the answer is 428 `precondition_required`. A stale version is 409 `conflict` with `details.current`, and nothing is written.',
  request: { params, headers: ifMatch, body: jsonBody(BookUpdateRequestSchema) },
  responses: { 200: bookResponse('The updated book'), ...errorResponses(400, 401, 403, 404, 409, 428, 429) },
});

export const deleteBookRoute = createRoute({
  method: 'delete',
  path: '/api/books/{id}',
  tags,
  security,
  summary: 'Move a book to the bin (owner); restorable for 30 days',
  description:
    'An `If-Match` version is optional here; when sent, a stale one is 409 with `details.current`.',
  request: { params, headers: ifMatch },
  responses: {
    200: bookResponse('The book, now with deletedAt'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const restoreBookRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/restore',
  tags,
  security,
  summary: 'Take a book out of the bin (owner) within 30 days of its deletion',
  responses: {
    200: bookResponse('The restored book'),
    ...errorResponses(400, 401, 403, 404, 409, 410, 429),
  },
  request: { params },
});

export function registerBookRoutes(app: App): void {
  app.openapi(listBooksRoute, handlers.listBooks);
  app.openapi(createBookRoute, handlers.createBook);
  app.openapi(getBookRoute, handlers.getBook);
  app.openapi(updateBookRoute, handlers.updateBook);
  app.openapi(deleteBookRoute, handlers.deleteBook);
  app.openapi(restoreBookRoute, handlers.restoreBook);
  registerMemberRoutes(app);
}
