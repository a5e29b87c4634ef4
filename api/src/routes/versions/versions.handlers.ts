import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { NotFoundError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { createBookVersion } from '../../versions/bookVersionCreator.ts';
import { restoreBookVersion } from '../../versions/bookVersionRestorer.ts';
import { loadBookForRestore } from '../../versions/restoreGuard.ts';
import { compareBookVersions } from '../../versions/versionComparer.ts';
import { presentVersionDetail } from '../../versions/versionDetail.ts';
import { getVersionRecord, listVersionRecords, presentVersion } from '../../versions/versionStore.ts';
import { etag, expectedVersionOf } from '../books/versionPrecondition.ts';
import type * as routes from './versions.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

export const createVersion: Handler<'createVersionRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'editChapters');
  const { name } = c.req.valid('json');
  const version = await createBookVersion(c.var.deps, id, { name, automatic: false, by: auth.sub });
  return c.json(version, 201);
};

export const listVersions: Handler<'listVersionsRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const page = await listVersionRecords(c.var.deps, id, c.req.valid('query'));
  return c.json({ items: page.items.map(presentVersion), nextCursor: page.nextCursor }, 200);
};

export const compareVersions: Handler<'compareVersionsRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const { from, to } = c.req.valid('query');
  return c.json(await compareBookVersions(c.var.deps, id, from, to), 200);
};

export const getVersion: Handler<'getVersionRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, versionId } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const version = await getVersionRecord(c.var.deps, id, versionId);
  if (!version) throw new NotFoundError('Version');
  return c.json(await presentVersionDetail(c.var.deps, version), 200);
};

export const restoreVersion: Handler<'restoreVersionRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, versionId } = c.req.valid('param');
  const { chapterId, version } = c.req.valid('json');
  const wholeBook = chapterId === undefined;
  const guarded = await loadBookForRestore(c.var.deps, auth, id, wholeBook ? 'book' : 'chapter');
  // The whole book rewrites the metadata, so like any metadata write it must say which version it
  // replaces (428 without); one chapter's text is merged like an editor's change and needs none.
  const expectedVersion = wholeBook
    ? expectedVersionOf(c, version)
    : c.req.header('if-match') === undefined
      ? version
      : expectedVersionOf(c, version);
  const result = await restoreBookVersion(c.var.deps, guarded, versionId, {
    chapterId,
    expectedVersion,
    by: auth.sub,
  });
  if (result.book) c.header('ETag', etag(result.book.version).ETag);
  return c.json(result, 200);
};
