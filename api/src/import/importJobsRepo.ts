import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportFormat, ImportResult, ImportStatus } from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import type { ImportCompletedData } from '@galley/shared/events/domainEvents';
import type { AppDeps } from '../deps.ts';
import { outboxItem } from '../events/outbox.ts';
import { transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/** An import job as stored (PK=IMPORT#<jobId>, SK=JOB); its id is the id of the upload it reads. */
export interface ImportJobRecord {
  id: string;
  /** The book imported into; for a new book, null until the job has created it. */
  bookId: string | null;
  newBook: boolean;
  /** For a new book: the title asked for (else the file's name is used). */
  title: string | null;
  format: ImportFormat;
  fileName: string | null;
  requestedBy: string;
  status: ImportStatus;
  progress: { percent: number; step: string };
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Renewed while a node holds the job (see importRunner.ts); once passed, readers fail the job. */
  leaseUntil: string;
  /** Where the checked file waits for the job (in the media bucket, under the expiring uploads/ prefix). */
  sourceKey: string;
  error: { code: string; message: string } | null;
  result: ImportResult | null;
}

const strip = ({ PK: _p, SK: _s, entity: _e, ...rest }: Record<string, unknown>) =>
  rest as unknown as ImportJobRecord;

/** Writes a new job; false when a job for this upload exists already (the same file started twice). */
export async function putNewImportJob(deps: StoreDeps, job: ImportJobRecord): Promise<boolean> {
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.importJob(job.id), entity: 'importJob', ...job },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function getImportJob(deps: StoreDeps, jobId: string): Promise<ImportJobRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.importJob(jobId), ConsistentRead: true }),
  );
  return Item ? strip(Item) : null;
}

type JobChanges = Partial<Omit<ImportJobRecord, 'id' | 'createdAt' | 'requestedBy'>>;

/**
 * Changes an unfinished job, only while it is unfinished: a job a reader already declared failed (its
 * lease ran out) is never revived by a late node.
 */
export async function updateUnfinishedImportJob(
  deps: StoreDeps,
  jobId: string,
  changes: JobChanges,
): Promise<boolean> {
  try {
    await deps.ddb.send(new UpdateCommand(unfinishedJobUpdate(deps, jobId, changes).Update));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Marks an unfinished job succeeded and writes its `import.completed` event in ONE transaction, so the
 * event exists exactly when the job says it succeeded; a job a reader already failed stays failed and
 * announces nothing (false).
 */
export async function completeImportJob(
  deps: StoreDeps & Partial<Pick<AppDeps, 'events'>>,
  job: ImportJobRecord,
  result: ImportResult,
  changes: JobChanges & { finishedAt: string },
): Promise<boolean> {
  const data: ImportCompletedData = {
    format: job.format,
    newBook: job.newBook,
    chapterIds: result.chapterIds,
    mediaCount: result.mediaIds.length,
    warningCount: result.warnings.length,
  };
  const outcome = await transact(deps, [
    unfinishedJobUpdate(deps, job.id, { ...changes, status: 'succeeded', bookId: result.bookId, result }),
    outboxItem(deps, {
      type: 'import.completed',
      at: changes.finishedAt,
      actorId: job.requestedBy,
      bookId: result.bookId,
      subject: { importJobId: job.id },
      data,
    }),
  ]);
  return outcome.ok;
}

function unfinishedJobUpdate(deps: StoreDeps, jobId: string, changes: JobChanges) {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':queued': 'queued', ':running': 'running' };
  const sets = Object.entries(changes).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  return {
    Update: {
      TableName: deps.table,
      Key: keys.importJob(jobId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#status IN (:queued, :running)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A job whose node stopped renewing its lease is failed for good, so nobody waits on it forever. */
export async function settleAbandonedImport(
  deps: StoreDeps,
  job: ImportJobRecord,
  now: Date,
): Promise<ImportJobRecord> {
  const unfinished = job.status === 'queued' || job.status === 'running';
  if (!unfinished || job.leaseUntil > now.toISOString()) return job;
  const at = now.toISOString();
  const changes = {
    status: 'failed' as const,
    finishedAt: at,
    updatedAt: at,
    error: {
      code: ErrorCode.importInterrupted,
      message: 'The import stopped when its server did. Start it again.',
    },
  };
  const changed = await updateUnfinishedImportJob(deps, job.id, changes);
  return changed ? { ...job, ...changes } : ((await getImportJob(deps, job.id)) ?? job);
}
