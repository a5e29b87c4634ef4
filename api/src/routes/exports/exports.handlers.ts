import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ExportSource } from '@galley/shared/api/exports';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { ulid } from 'ulid';
import type { AppDeps } from '../../deps.ts';
import { type GuardedBook, loadBookFor } from '../../domain/bookGuard.ts';
import { NotFoundError } from '../../errors.ts';
import {
  type ExportJobRecord,
  getJob,
  listJobsOfBook,
  putNewJob,
  settleAbandoned,
} from '../../export/jobs/exportJobsRepo.ts';
import { exportRunnerFor, JOB_LEASE_MS } from '../../export/jobs/exportRunner.ts';
import { presentExportJob } from '../../export/jobs/presentExportJob.ts';
import type { AppEnv, AuthContext } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { getVersionRecord } from '../../versions/versionStore.ts';
import type * as routes from './exports.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

const settle = (deps: AppDeps, job: ExportJobRecord) => settleAbandoned(deps, job, new Date(deps.now()));

/** The job, if the caller may read its book; otherwise a 404 exactly like a missing job. */
async function loadJobFor(
  deps: AppDeps,
  auth: AuthContext,
  jobId: string,
): Promise<{ job: ExportJobRecord; book: GuardedBook['book'] }> {
  const job = await getJob(deps, jobId);
  if (!job) throw new NotFoundError('Export');
  let guarded: GuardedBook;
  try {
    guarded = await loadBookFor(deps, auth, job.bookId, 'read');
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('Export');
    throw error;
  }
  return { job: await settle(deps, job), book: guarded.book };
}

export const createExport: Handler<'createExportRoute'> = async (c) => {
  const auth = requireAuth(c);
  const deps = c.var.deps;
  const { id } = c.req.valid('param');
  const { format, versionId } = c.req.valid('json');
  const { book } = await loadBookFor(deps, auth, id, 'read');
  const source = await exportSourceOf(deps, id, book.version, versionId);
  // One export of the same text at a time: a second click while one is under way gets that one.
  const recent = await listJobsOfBook(deps, id, { limit: 5 });
  for (const candidate of recent.items) {
    const job = await settle(deps, candidate);
    const underWay = job.status === 'queued' || job.status === 'running';
    if (job.format === format && underWay && sameText(job.source, source)) {
      return c.json({ job: presentExportJob(job) }, 202);
    }
  }
  const now = deps.now();
  const at = new Date(now).toISOString();
  const job: ExportJobRecord = {
    id: ulid(now),
    bookId: id,
    format,
    source,
    requestedBy: auth.sub,
    status: 'queued',
    progress: { percent: 0, step: 'Waiting to start' },
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    finishedAt: null,
    leaseUntil: new Date(now + JOB_LEASE_MS).toISOString(),
    error: null,
    report: null,
    objects: null,
    bytes: null,
  };
  await putNewJob(deps, job);
  exportRunnerFor(deps).enqueue(job);
  c.header('Location', `/api/exports/${job.id}`);
  return c.json({ job: presentExportJob(job) }, 202);
};

/** A version is looked up under this book's key, so another book's version is a 404 like a missing one. */
async function exportSourceOf(
  deps: AppDeps,
  bookId: string,
  bookVersion: number,
  versionId: string | undefined,
): Promise<ExportSource> {
  if (versionId === undefined) return { kind: 'current', bookVersion };
  const version = await getVersionRecord(deps, bookId, versionId);
  if (!version) throw new NotFoundError('Version');
  return { kind: 'version', versionId, name: version.name };
}

/** A version's export answers only for that version; a live one (or one stored before sources) for the live book. */
function sameText(running: ExportSource | undefined, wanted: ExportSource): boolean {
  if (wanted.kind === 'version') return running?.kind === 'version' && running.versionId === wanted.versionId;
  return running === undefined || running.kind === 'current';
}

export const listExports: Handler<'listExportsRoute'> = async (c) => {
  const auth = requireAuth(c);
  const deps = c.var.deps;
  const { id } = c.req.valid('param');
  await loadBookFor(deps, auth, id, 'read');
  const page = await listJobsOfBook(deps, id, c.req.valid('query'));
  const items = await Promise.all(page.items.map((job) => settle(deps, job)));
  return c.json({ items: items.map(presentExportJob), nextCursor: page.nextCursor }, 200);
};

export const getExport: Handler<'getExportRoute'> = async (c) => {
  const auth = requireAuth(c);
  const { job } = await loadJobFor(c.var.deps, auth, c.req.valid('param').jobId);
  return c.json({ job: presentExportJob(job) }, 200);
};

export const downloadExport: Handler<'downloadExportRoute'> = async (c) => {
  const auth = requireAuth(c);
  const deps = c.var.deps;
  const { job, book } = await loadJobFor(deps, auth, c.req.valid('param').jobId);
  if (job.status !== 'succeeded' || !job.objects) throw new NotFoundError('Export file');
  const body = await readObject(deps, job.objects.epub);
  return c.body(body, 200, {
    'Content-Type': 'application/epub+zip',
    'Content-Disposition': attachment(`${book.title}.epub`),
    'Cache-Control': 'private, no-store',
  }) as never;
};

export const exportReport: Handler<'exportReportRoute'> = async (c) => {
  const auth = requireAuth(c);
  const deps = c.var.deps;
  const { jobId, checker } = c.req.valid('param');
  const { job } = await loadJobFor(deps, auth, jobId);
  if (job.status !== 'succeeded' || !job.objects) throw new NotFoundError('Export report');
  const key = checker === 'ace' ? job.objects.ace : job.objects.epubCheck;
  return c.body(await readObject(deps, key), 200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'private, no-store',
  }) as never;
};

async function readObject(deps: AppDeps, key: string): Promise<ReadableStream> {
  try {
    const { Body } = await deps.s3.send(
      new GetObjectCommand({ Bucket: deps.env.S3_EXPORTS_BUCKET, Key: key }),
    );
    if (!Body) throw new NotFoundError('Export file');
    return Body.transformToWebStream();
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchKey') throw new NotFoundError('Export file');
    throw error;
  }
}

/** A Content-Disposition that survives any title: ASCII fallback plus the RFC 5987 UTF-8 name. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
