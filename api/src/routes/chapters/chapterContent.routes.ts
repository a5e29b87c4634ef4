import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import * as Y from 'yjs';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { NotFoundError } from '../../errors.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses } from '../../http/openapi.ts';
import { chapterStorageFor, loadChapterDoc } from '../../manuscripts/chapterDocs.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { listChapters } from '../../store/booksRepo.ts';

/** A Yjs update (lib0 v1 encoding) holding a whole document. */
export const YJS_UPDATE_MEDIA_TYPE = 'application/vnd.yjs.update';

export const chapterContentRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/chapters/{chapterId}/content',
  tags: ['chapters'],
  security: [{ bearer: [] }],
  summary: "A chapter's stored document, as one Yjs update",
  description:
    'What the sync server has stored (latest snapshot + log), encoded with `Y.encodeStateAsUpdate`. The client uses it to make a whole book available offline without opening a connection per chapter; applying it to a local copy merges, it never overwrites local edits. Anyone who may read the book may read it.',
  request: { params: z.object({ id: IdSchema, chapterId: IdSchema }) },
  responses: {
    200: {
      description: 'The document',
      content: { [YJS_UPDATE_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerChapterContentRoutes(app: App): void {
  app.openapi(chapterContentRoute, async (c) => {
    const auth = requireAuth(c);
    const { id, chapterId } = c.req.valid('param');
    const { deps } = c.var;
    const { book } = await loadBookFor(deps, auth, id, 'read');
    // Only chapters of the book: the document name alone would let any id be read.
    const chapters = await listChapters(deps, book.id);
    if (!chapters.some((chapter) => chapter.id === chapterId)) throw new NotFoundError('Chapter');
    const doc = await loadChapterDoc(chapterStorageFor(deps), book.id, chapterId);
    try {
      const update = new Uint8Array(Y.encodeStateAsUpdate(doc));
      return c.body(update, 200, {
        'Content-Type': YJS_UPDATE_MEDIA_TYPE,
        'Cache-Control': 'private, no-store',
      });
    } finally {
      doc.destroy();
    }
  });
}
