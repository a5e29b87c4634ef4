import { MAX_CHAPTERS_PER_BOOK } from '@galley/shared/api/books';
import { IMPORT_MAX_BYTES } from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import type { AppDeps } from '../deps.ts';
import { createBook } from '../domain/bookCreator.ts';
import { type GuardedBook, loadBookFor } from '../domain/bookGuard.ts';
import { AppError } from '../errors.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { deleteObjectsQuietly, readStagedUpload } from '../media/mediaObjects.ts';
import { authorize } from '../policies/authorize.ts';
import { getBook, listChapters } from '../store/booksRepo.ts';
import { prepareInWorker } from './conversionThread.ts';
import { ImportFailure } from './importErrors.ts';
import { completeImportJob, type ImportJobRecord, updateUnfinishedImportJob } from './importJobsRepo.ts';
import { type PreparedImport, titleFromFileName } from './importPreparer.ts';
import { type ProgressReporter, writeImport } from './importWriter.ts';
import { discardNewBook } from './newBookDiscarder.ts';

/** How long a job stays claimed without its node renewing the claim; then readers fail it. */
export const IMPORT_LEASE_MS = 2 * 60_000;
const RENEW_EVERY_MS = 20_000;
/** A 20 MB file converts in seconds; a job past this is stuck on storage that does not answer. */
const JOB_DEADLINE_MS = 10 * 60_000;

interface QueuedImport {
  job: ImportJobRecord;
  /** Who started it: rights are checked again when it runs (they may have changed while it waited). */
  auth: AuthContext;
}

/**
 * Runs import jobs in this process, off the request, one at a time: each converts in a worker thread
 * that may take up to 1 GB (conversionThread.ts), and a node has two cores. Like the export runner:
 * every held job's lease is renewed,
 * a failure is recorded on the job, and a job whose node died is failed by the first reader after its
 * lease runs out.
 */
export class ImportRunner {
  private readonly queue: QueuedImport[] = [];
  private readonly held = new Set<string>();
  private running = false;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AppDeps) {}

  enqueue(job: ImportJobRecord, auth: AuthContext): void {
    this.queue.push({ job, auth });
    this.held.add(job.id);
    this.startRenewing();
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = true;
    void this.run(next).finally(() => {
      this.running = false;
      this.held.delete(next.job.id);
      if (this.held.size === 0) this.stopRenewing();
      this.pump();
    });
  }

  private async run({ job, auth }: QueuedImport): Promise<void> {
    const log = this.deps.log.child({ importJob: job.id, bookId: job.bookId });
    const stamp = () => new Date(this.deps.now()).toISOString();
    try {
      const started = await this.update(job.id, {
        status: 'running',
        startedAt: stamp(),
        progress: { percent: 5, step: 'Reading the file' },
      });
      if (!started) return;
      const progress: ProgressReporter = async (percent, step) => {
        await this.update(job.id, { progress: { percent, step } });
      };
      const result = await withDeadline(
        (signal) => this.importFile(job, auth, progress, signal),
        JOB_DEADLINE_MS,
      );
      const now = this.deps.now();
      const completed = await completeImportJob(this.deps, job, result, {
        finishedAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
        leaseUntil: new Date(now + IMPORT_LEASE_MS).toISOString(),
        progress: { percent: 100, step: 'Done' },
      });
      // Not completed: a reader failed the job meanwhile (its lease looked abandoned). The chapters are
      // written, but the job says failed and nothing announces them; the search text watcher still
      // finds their text, and the book shows them.
      if (!completed) log.warn({ bookId: result.bookId }, 'import finished after its job was failed');
      else log.info({ chapters: result.chapterIds.length, images: result.mediaIds.length }, 'import done');
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.code === ErrorCode.importFailed) log.error({ err: error }, 'import failed');
      await this.update(job.id, { status: 'failed', finishedAt: stamp(), error: failure }).catch(
        (e: unknown) => log.error({ err: e }, 'could not record the failed import'),
      );
    } finally {
      await deleteObjectsQuietly(this.deps, [job.sourceKey]);
    }
  }

  private async importFile(
    job: ImportJobRecord,
    auth: AuthContext,
    progress: ProgressReporter,
    signal: AbortSignal,
  ) {
    const source = await readStagedUpload(this.deps, job.sourceKey, IMPORT_MAX_BYTES);
    if (source === null || source === 'too_large') {
      throw new ImportFailure(ErrorCode.importUploadMissing, 'The uploaded file is gone; upload it again.');
    }
    await progress(20, 'Converting');
    const untitled = job.newBook
      ? (job.title ?? titleFromFileName(job.fileName))
      : titleFromFileName(job.fileName);
    const prepared = await prepareInWorker(source, job.format, untitled, {
      signal,
      log: (detail) =>
        this.deps.log.warn({ importJob: job.id, detail }, 'import: a file could not be converted'),
    });
    if (job.newBook) return this.intoNewBook(job, auth, prepared, progress, signal);
    const guarded = await loadBookFor(this.deps, auth, job.bookId!, 'editChapters');
    await checkRoom(this.deps, guarded.book.id, prepared);
    return this.into(guarded, job, prepared, progress, signal);
  }

  /** The book is created only once the file converted; if filling it fails, it is removed again. */
  private async intoNewBook(
    job: ImportJobRecord,
    auth: AuthContext,
    prepared: PreparedImport,
    progress: ProgressReporter,
    signal: AbortSignal,
  ) {
    authorize(auth, 'create', 'book');
    if (prepared.chapters.length > MAX_CHAPTERS_PER_BOOK) throw tooManyChapters(prepared, 0);
    await progress(50, 'Creating the book');
    const title = job.title ?? titleFromFileName(job.fileName);
    const created = await createBook(this.deps, { ownerId: auth.sub, title });
    try {
      const book = await getBook(this.deps, created.id, { consistent: true });
      if (!book) throw new Error('A book created a moment ago is missing.');
      return await this.into({ book, memberRole: 'owner', access: 'edit' }, job, prepared, progress, signal);
    } catch (error) {
      await discardNewBook(this.deps, created.id).catch((e: unknown) =>
        this.deps.log.error({ err: e, bookId: created.id }, 'import: could not remove the book it created'),
      );
      throw error;
    }
  }

  private async into(
    guarded: GuardedBook,
    job: ImportJobRecord,
    prepared: PreparedImport,
    progress: ProgressReporter,
    signal: AbortSignal,
  ) {
    const written = await writeImport(
      this.deps,
      guarded,
      { chapters: prepared.chapters, images: prepared.images, uploadedBy: job.requestedBy },
      progress,
      signal,
    );
    return {
      bookId: guarded.book.id,
      ...written,
      warnings: prepared.warnings,
      warningsTruncated: prepared.warningsTruncated,
    };
  }

  private update(jobId: string, changes: Parameters<typeof updateUnfinishedImportJob>[2]): Promise<boolean> {
    const now = this.deps.now();
    return updateUnfinishedImportJob(this.deps, jobId, {
      ...changes,
      updatedAt: new Date(now).toISOString(),
      leaseUntil: new Date(now + IMPORT_LEASE_MS).toISOString(),
    });
  }

  private startRenewing(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => {
      const leaseUntil = new Date(this.deps.now() + IMPORT_LEASE_MS).toISOString();
      for (const jobId of this.held) {
        updateUnfinishedImportJob(this.deps, jobId, { leaseUntil }).catch((error: unknown) =>
          this.deps.log.warn({ err: error, importJob: jobId }, 'could not renew the import lease'),
        );
      }
    }, RENEW_EVERY_MS);
    // Renewing leases must not keep a process alive that has nothing else to do.
    this.renewTimer.unref();
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }
}

/** Fails early, before anything is written, when the book cannot take every chapter of the file. */
async function checkRoom(deps: AppDeps, bookId: string, prepared: PreparedImport): Promise<void> {
  const existing = (await listChapters(deps, bookId, { consistent: true })).length;
  if (existing + prepared.chapters.length > MAX_CHAPTERS_PER_BOOK) throw tooManyChapters(prepared, existing);
}

const tooManyChapters = (prepared: PreparedImport, existing: number) =>
  new ImportFailure(
    ErrorCode.chapterLimitReached,
    `The file has ${prepared.chapters.length} chapters; the book has room for ${MAX_CHAPTERS_PER_BOOK - existing} more (at most ${MAX_CHAPTERS_PER_BOOK}).`,
  );

/**
 * Runs `work` with a deadline. When it passes, the job fails at once and `work` is told through its
 * signal, so the writer stops at its next step and undoes what it wrote instead of finishing behind
 * a job that already says it failed.
 */
function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const failure = new ImportFailure(ErrorCode.importFailed, 'The import took too long and was stopped.');
      controller.abort(failure);
      reject(failure);
    }, ms);
  });
  return Promise.race([work(controller.signal), deadline]).finally(() => clearTimeout(timer));
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof ImportFailure) return { code: error.code, message: error.message };
  // Rights that changed while the job waited, a book binned meanwhile, the chapter limit reached by a
  // concurrent insert: the api's own errors already say it in words meant for the user.
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return {
    code: ErrorCode.importFailed,
    message: 'The import failed unexpectedly; nothing was added. Try again; if it keeps failing, tell us.',
  };
}

const runners = new WeakMap<AppDeps, ImportRunner>();

/** The one runner of this process (per AppDeps, so each test app has its own). */
export function importRunnerFor(deps: AppDeps): ImportRunner {
  let runner = runners.get(deps);
  if (!runner) {
    runner = new ImportRunner(deps);
    runners.set(deps, runner);
  }
  return runner;
}
