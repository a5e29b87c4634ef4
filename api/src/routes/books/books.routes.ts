import { BookDetailSchema, BookSummarySchema } from '@galley/shared/api/books';
import { IdSchema, PageQuerySchema, pageOf } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import * as handlers from './books.handlers.ts';

const tags = ['books'];
const security = [{ bearer: [] }];

export const listBooksRoute = createRoute({
  method: 'get',
  path: '/api/books',
  tags,
  security,
  summary: 'The books the caller is a member of, most recently created or updated first',
  request: { query: PageQuerySchema },
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
  summary: 'A book with its chapters in reading order',
  description:
    'Visible to the members of the book and to publishers and admins. To anyone else it is a 404, so ids do not reveal which books exist.',
  request: { params: z.object({ id: IdSchema }) },
  responses: { 200: jsonResponse(BookDetailSchema, 'The book'), ...errorResponses(400, 401, 404, 429) },
});

export function registerBookRoutes(app: App): void {
  app.openapi(listBooksRoute, handlers.listBooks);
  app.openapi(getBookRoute, handlers.getBook);
}
