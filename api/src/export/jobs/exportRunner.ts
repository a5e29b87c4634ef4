import type { AppDeps } from '../../deps.ts';
import { CheckerTimeoutError } from '../checkers/runProcess.ts';
import { ExportFailure, runEpubExport } from './epubExportPipeline.ts';
import { type ExportJobRecord, updateUnfinishedJob } from './exportJobsRepo.ts';

/** How long a job stays claimed without its node renewing the claim; then readers fail it. */
export const JOB_LEASE_MS = 2 * 60_000;
const RENEW_EVERY_MS = 20_000;

/**
 * Runs export jobs in this process, off the request, one at a time: an export holds a JVM and a
 * Chromium for tens of seconds, and a node has two cores. Jobs wait in memory in arrival order.
 *
 * A job is never stuck as `running`: every job this node holds (queued or running) has its lease
 * renewed every 20 s; a job that fails, or outlives its deadline, is written as failed; and if the
 * node dies, nobody renews the lease, so the first reader after it runs out (2 min) writes the job as
 * failed (`export_interrupted`, see settleAbandoned).
 */
export class ExportRunner {
  private readonly queue: ExportJobRecord[] = [];
  private readonly held = new Set<string>();
  private running = 0;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly concurrency = 1,
  ) {}

  enqueue(job: ExportJobRecord): void {
    this.queue.push(job);
    this.held.add(job.id);
    this.startRenewing();
    this.pump();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      void this.run(job).finally(() => {
        this.running -= 1;
        this.held.delete(job.id);
        if (this.held.size === 0) this.stopRenewing();
        this.pump();
      });
    }
  }

  private async run(job: ExportJobRecord): Promise<void> {
    const log = this.deps.log.child({ exportJob: job.id, bookId: job.bookId });
    const stamp = () => new Date(this.deps.now()).toISOString();
    try {
      const started = await this.update(job.id, {
        status: 'running',
        startedAt: stamp(),
        progress: { percent: 1, step: 'Starting' },
      });
      if (!started) return; // already declared failed (its lease ran out while it waited)
      const outcome = await withDeadline(
        runEpubExport(this.deps, job, async (percent, step) => {
          await this.update(job.id, { progress: { percent, step } });
        }),
        jobDeadlineMs(this.deps),
      );
      await this.update(job.id, {
        status: 'succeeded',
        finishedAt: stamp(),
        progress: { percent: 100, step: 'Done' },
        report: outcome.report,
        objects: outcome.objects,
        bytes: outcome.bytes,
      });
      log.info(
        { bytes: outcome.bytes, valid: outcome.report.valid, accessible: outcome.report.accessible },
        'export done',
      );
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.code === 'export_failed') log.error({ err: error }, 'export failed');
      await this.update(job.id, { status: 'failed', finishedAt: stamp(), error: failure }).catch(
        (e: unknown) =>
          // The lease runs out and a reader fails the job; nothing else to do here.
          log.error({ err: e }, 'could not record the failed export'),
      );
    }
  }

  private update(jobId: string, changes: Parameters<typeof updateUnfinishedJob>[2]): Promise<boolean> {
    const now = this.deps.now();
    return updateUnfinishedJob(this.deps, jobId, {
      ...changes,
      updatedAt: new Date(now).toISOString(),
      leaseUntil: new Date(now + JOB_LEASE_MS).toISOString(),
    });
  }

  private startRenewing(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => {
      const leaseUntil = new Date(this.deps.now() + JOB_LEASE_MS).toISOString();
      for (const jobId of this.held) {
        updateUnfinishedJob(this.deps, jobId, { leaseUntil }).catch((error: unknown) =>
          this.deps.log.warn({ err: error, exportJob: jobId }, 'could not renew the export lease'),
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

/**
 * A job that neither finishes nor fails (storage that never answers) would keep its lease renewed for
 * as long as the node lives; past this it is failed. Both checkers at their limit, plus room for the rest.
 */
const jobDeadlineMs = (deps: AppDeps) => 2 * deps.env.EXPORT_CHECK_TIMEOUT_MS + 5 * 60_000;

export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new ExportFailure('export_timeout', 'The export took too long and was stopped. Try again.')),
      ms,
    );
  });
  // Whatever the late work does afterwards cannot revive the job: every write needs it unfinished.
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof ExportFailure) return { code: error.code, message: error.message };
  if (error instanceof CheckerTimeoutError) {
    return { code: 'checker_timeout', message: 'A checker took too long and was stopped. Try again later.' };
  }
  return {
    code: 'export_failed',
    message: 'The export failed unexpectedly. Try again; if it keeps failing, tell us.',
  };
}

const runners = new WeakMap<AppDeps, ExportRunner>();

/** The one runner of this process (per AppDeps, so each test app has its own). */
export function exportRunnerFor(deps: AppDeps): ExportRunner {
  let runner = runners.get(deps);
  if (!runner) {
    runner = new ExportRunner(deps);
    runners.set(deps, runner);
  }
  return runner;
}
