import type { MediaKind } from '@galley/shared/api/media';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type GuardedBook, loadBookFor } from '../../domain/bookGuard.ts';
import { ValidationError } from '../../errors.ts';
import { mediaObjectKeys } from '../../export/bookMedia.ts';
import type { AppEnv, AuthContext } from '../../http/appEnv.ts';
import { requestOrigin } from '../../http/requestOrigin.ts';
import { deleteMedia as deleteMediaItem, requireMedia } from '../../media/mediaRemover.ts';
import { completeMediaUpload, startMediaUpload } from '../../media/mediaUploader.ts';
import { presignObjectUrl } from '../../media/presignedUrls.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentMedia } from '../../presenters/presentMedia.ts';
import { getPendingUpload, listMedia as listMediaRecords, updateMediaText } from '../../store/mediaRepo.ts';
import type * as routes from './media.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

/** Long enough to start showing an image, short enough that a copied link soon stops working. */
const CONTENT_URL_TTL_SECONDS = 60;

/**
 * Images are part of writing the chapters; the cover is book metadata. Both are writers' rights
 * today, but they are asked separately so the rules can diverge in shared/permissions.ts.
 */
async function loadForWrite(c: Context<AppEnv>, auth: AuthContext, bookId: string, kind: MediaKind) {
  const guarded = await loadBookFor(c.var.deps, auth, bookId, 'editChapters');
  if (kind === 'cover') authorize(auth, 'update', 'book', { memberRole: guarded.memberRole });
  return guarded;
}

export const startUpload: Handler<'startUploadRoute'> = async (c) => {
  const auth = requireAuth(c);
  const body = c.req.valid('json');
  const guarded = await loadForWrite(c, auth, c.req.valid('param').id, body.kind);
  return c.json(await startMediaUpload(c.var.deps, guarded, auth, body, requestOrigin(c)), 201);
};

export const completeUpload: Handler<'completeUploadRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, mediaId } = c.req.valid('param');
  const readable: GuardedBook = await loadBookFor(c.var.deps, auth, id, 'read');
  const pending = await getPendingUpload(c.var.deps, id, mediaId);
  // Unknown uploads fall through to completeMediaUpload's 404; known ones are authorized by their kind.
  const guarded = pending ? await loadForWrite(c, auth, id, pending.kind) : readable;
  const media = await completeMediaUpload(c.var.deps, guarded, auth, mediaId, c.req.valid('json'));
  return c.json(presentMedia(media), 201);
};

export const listMedia: Handler<'listMediaRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const page = await listMediaRecords(c.var.deps, id, c.req.valid('query'));
  return c.json({ items: page.items.map(presentMedia), nextCursor: page.nextCursor }, 200);
};

export const updateMedia: Handler<'updateMediaRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, mediaId } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const current = await requireMedia(c.var.deps, id, mediaId);
  await loadForWrite(c, auth, id, current.kind);
  const patch = c.req.valid('json');
  if (current.kind === 'image' && patch.alt === '')
    throw ValidationError.field('alt', 'is required for images');
  return c.json(presentMedia(await updateMediaText(c.var.deps, id, mediaId, patch, auth.sub)), 200);
};

export const deleteMedia: Handler<'deleteMediaRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id, mediaId } = c.req.valid('param');
  await loadBookFor(c.var.deps, auth, id, 'read');
  const media = await requireMedia(c.var.deps, id, mediaId);
  await loadForWrite(c, auth, id, media.kind);
  await deleteMediaItem(c.var.deps, id, media, auth.sub);
  return c.body(null, 204);
};

/** A presigned GET for an item the caller may read. */
async function contentUrlFor(c: Context<AppEnv>, bookId: string, mediaId: string) {
  const auth = requireAuth(c);
  await loadBookFor(c.var.deps, auth, bookId, 'read');
  await requireMedia(c.var.deps, bookId, mediaId);
  return presignObjectUrl(
    c.var.deps,
    {
      method: 'GET',
      bucket: c.var.deps.env.S3_MEDIA_BUCKET,
      key: mediaObjectKeys.media(bookId, mediaId),
      expiresInSeconds: CONTENT_URL_TTL_SECONDS,
      requestOrigin: requestOrigin(c),
    },
    new Date(c.var.deps.now()),
  );
}

export const mediaContent: Handler<'mediaContentRoute'> = async (c) => {
  const { id, mediaId } = c.req.valid('param');
  const { url } = await contentUrlFor(c, id, mediaId);
  // The URL is the caller's alone and soon stale: no shared or long caching.
  c.header('Cache-Control', 'private, max-age=30');
  return c.redirect(url, 302);
};

export const mediaContentUrl: Handler<'mediaContentUrlRoute'> = async (c) => {
  const { id, mediaId } = c.req.valid('param');
  c.header('Cache-Control', 'no-store');
  return c.json(await contentUrlFor(c, id, mediaId), 200);
};
