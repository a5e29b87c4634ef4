import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { NotFoundError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requestOrigin } from '../../http/requestOrigin.ts';
import { getImportJob, settleAbandonedImport } from '../../import/importJobsRepo.ts';
import { startImportUpload as presignUpload, startImport } from '../../import/importStarter.ts';
import { presentImportJob } from '../../import/presentImportJob.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { authorize } from '../../policies/authorize.ts';
import type * as routes from './imports.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

export const startImportUpload: Handler<'startImportUploadRoute'> = async (c) => {
  const auth = requireAuth(c);
  return c.json(await presignUpload(c.var.deps, auth, c.req.valid('json'), requestOrigin(c)), 201);
};

export const importIntoBook: Handler<'importIntoBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  // Importing adds chapters, so it takes the right to add them; the job checks again when it runs.
  await loadBookFor(c.var.deps, auth, id, 'editChapters');
  const job = await startImport(c.var.deps, auth, c.req.valid('json'), { bookId: id });
  c.header('Location', `/api/imports/${job.id}`);
  return c.json({ job: presentImportJob(job) }, 202);
};

export const importNewBook: Handler<'importNewBookRoute'> = async (c) => {
  const auth = requireAuth(c);
  authorize(auth, 'create', 'book');
  const { title, ...request } = c.req.valid('json');
  const job = await startImport(c.var.deps, auth, request, { newBookTitle: title ?? null });
  c.header('Location', `/api/imports/${job.id}`);
  return c.json({ job: presentImportJob(job) }, 202);
};

/** Only the person who started an import sees it; to anyone else it is a 404 like a missing job. */
export const getImport: Handler<'getImportRoute'> = async (c) => {
  const auth = requireAuth(c);
  const deps = c.var.deps;
  const job = await getImportJob(deps, c.req.valid('param').jobId);
  if (!job || job.requestedBy !== auth.sub) throw new NotFoundError('Import');
  const settled = await settleAbandonedImport(deps, job, new Date(deps.now()));
  return c.json({ job: presentImportJob(settled) }, 200);
};
