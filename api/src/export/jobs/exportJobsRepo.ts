import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExportFormat, ExportReport, ExportSource, ExportStatus } from '@galley/shared/api/exports';
import type { AppDeps } from '../../deps.ts';
import { keys } from '../../store/keys.ts';
import { decodeCursor, encodeCursor } from '../../store/pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * An export job as stored (PK=EXPORT#<jobId>, SK=JOB; GSI1 lists a book's jobs newest first, GSI2 a
 * version's).
 */
export interface ExportJobRecord {
  id: string;
  bookId: string;
  format: ExportFormat;
  /** Missing on jobs stored before exports recorded what they were built from. */
  source?: ExportSource;
  requestedBy: string;
  status: ExportStatus;
  progress: { percent: number; step: string };
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /**
   * While queued or running, the node holding the job pushes this forward (see exportRunner.ts). A job
   * whose lease has passed belongs to a node that died: readers treat it as failed and record that.
   */
  leaseUntil: string;
  error: { code: string; message: string } | null;
  report: ExportReport | null;
  objects: { epub: string; epubCheck: string; ace: string } | null;
  bytes: number | null;
}

const itemOf = (job: ExportJobRecord) => ({
  ...keys.exportJob(job.id),
  ...keys.exportOfBook(job.bookId, job.createdAt, job.id),
  ...(job.source?.kind === 'version'
    ? keys.exportOfVersion(job.bookId, job.source.versionId, job.createdAt, job.id)
    : {}),
  entity: 'exportJob',
  ...job,
});

function strip(item: Record<string, unknown>): ExportJobRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, GSI2PK: _g2, GSI2SK: _gs2, entity: _e, ...rest } = item;
  return rest as unknown as ExportJobRecord;
}

export async function putNewJob(deps: StoreDeps, job: ExportJobRecord): Promise<void> {
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: itemOf(job),
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function getJob(deps: StoreDeps, jobId: string): Promise<ExportJobRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.exportJob(jobId), ConsistentRead: true }),
  );
  return Item ? strip(Item) : null;
}

/**
 * Changes an unfinished job. Every write is conditional on the job still being unfinished, so a job
 * that a reader already declared failed (its lease ran out) is never revived by a late node.
 */
export async function updateUnfinishedJob(
  deps: StoreDeps,
  jobId: string,
  changes: Partial<Omit<ExportJobRecord, 'id' | 'bookId' | 'createdAt'>>,
): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':queued': 'queued', ':running': 'running' };
  const sets = Object.entries(changes).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  names['#status'] = 'status';
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.exportJob(jobId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#status IN (:queued, :running)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A book's export jobs (or only those of one version), newest first, one page at a time. */
export async function listJobsOfBook(
  deps: StoreDeps,
  bookId: string,
  page: { cursor?: string | undefined; limit: number; versionId?: string | undefined },
): Promise<{ items: ExportJobRecord[]; nextCursor: string | null }> {
  // A version's exports have their own sparse index partition, so a filtered page is as full as any.
  const index =
    page.versionId === undefined
      ? { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', partition: keys.bookExportsPartition(bookId) }
      : {
          name: 'GSI2',
          pk: 'GSI2PK',
          sk: 'GSI2SK',
          partition: keys.versionExportsPartition(bookId, page.versionId),
        };
  const start = decodeCursor(page.cursor, {
    attributes: ['PK', 'SK', index.pk, index.sk],
    partition: { [index.pk]: index.partition },
  });
  const result = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': index.partition },
      ScanIndexForward: false,
      // One more than the page, so the last page says so (DynamoDB hands out a LastEvaluatedKey
      // whenever Limit is reached, even with nothing after it).
      Limit: page.limit + 1,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = result.Items ?? [];
  const last = items.length > page.limit ? items[page.limit - 1] : undefined;
  const nextCursor = last
    ? encodeCursor({ PK: last.PK, SK: last.SK, [index.pk]: last[index.pk], [index.sk]: last[index.sk] })
    : null;
  return { items: items.slice(0, page.limit).map(strip), nextCursor };
}

/**
 * A job whose holder stopped renewing its lease (the node crashed or restarted) is failed for good,
 * so nobody waits on it forever. Returns the job as it now is.
 */
export async function settleAbandoned(
  deps: StoreDeps,
  job: ExportJobRecord,
  now: Date,
): Promise<ExportJobRecord> {
  const unfinished = job.status === 'queued' || job.status === 'running';
  if (!unfinished || job.leaseUntil > now.toISOString()) return job;
  const at = now.toISOString();
  const changes = {
    status: 'failed' as const,
    finishedAt: at,
    updatedAt: at,
    error: { code: 'export_interrupted', message: 'The export stopped when its server did. Start it again.' },
  };
  const changed = await updateUnfinishedJob(deps, job.id, changes);
  return changed ? { ...job, ...changes } : ((await getJob(deps, job.id)) ?? job);
}
