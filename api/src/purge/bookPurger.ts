import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { docKeys } from '@galley/sync-server/storage/keys';
import type { AppDeps } from '../deps.ts';
import { announceRevokedAccess } from '../domain/accessRevoker.ts';
import { RESTORE_WINDOW_MS } from '../domain/bookBinner.ts';
import { outboxItem } from '../events/outbox.ts';
import { getBook } from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { batchDelete, deletePartition, deletePrefix } from './storageSweeper.ts';

type Deps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'log' | 'revocations'>;

export type PurgeOutcome = 'purged' | 'not_due' | 'gone';

/**
 * Deletes a binned book for good once its restore window has passed: the sync server's chapter
 * documents (log, snapshots, author records; DynamoDB and S3), media and version files, export jobs
 * and their files, then every item of the book's partition (chapters, members, media, versions,
 * invitations and their mailed tokens, activity), and the book's META last.
 *
 * Resumable and idempotent: META goes last and keeps the book listed as binned (GSI2), so a run that
 * dies half-way leaves a book the next run finds and finishes; each step deletes what it still finds.
 * The book cannot come back meanwhile: restoring is refused (410) past the window this checks.
 */
export async function purgeBook(deps: Deps, bookId: string): Promise<PurgeOutcome> {
  const book = await getBook(deps, bookId, { consistent: true });
  if (!book) return 'gone';
  if (!book.deletedAt || deps.now() - Date.parse(book.deletedAt) <= RESTORE_WINDOW_MS) return 'not_due';
  const deletedAt = book.deletedAt;
  // Nobody should still hold a socket on a binned book; make sure before its documents disappear.
  await announceRevokedAccess(deps, { bookId });

  const chapterIds = await chapterIdsOf(deps, bookId);
  // Documents first: their names come from the chapter items and the docs bucket, both still here.
  for (const chapterId of chapterIds) {
    await deletePartition(deps, docKeys.partition(chapterDocName(bookId, chapterId)));
  }
  await deletePrefix(deps, deps.env.S3_DOCS_BUCKET, `docs/${chapterDocName(bookId, '')}`);
  await deletePrefix(deps, deps.env.S3_MEDIA_BUCKET, `books/${bookId}/`);
  await deletePrefix(deps, deps.env.S3_MEDIA_BUCKET, `uploads/${bookId}/`);
  await deletePrefix(deps, deps.env.S3_EXPORTS_BUCKET, `books/${bookId}/`);
  await deleteExportJobs(deps, bookId);

  await deletePartition(deps, keys.book(bookId).PK, {
    keepSk: keys.book(bookId).SK,
    // An invitation's mailed token lives in a partition of its own.
    each: async (item) => {
      if (
        typeof item.SK === 'string' &&
        item.SK.startsWith(keys.invitationPrefix) &&
        typeof item.tokenHash === 'string'
      ) {
        await batchDelete(deps, [keys.oneTimeToken(item.tokenHash)]);
      }
    },
  });
  const at = new Date(deps.now()).toISOString();
  const result = await transact(deps, [
    {
      Delete: {
        TableName: deps.table,
        Key: keys.book(bookId),
        // Never a book that came back (or was binned again) since it was read.
        ConditionExpression: 'deletedAt = :deletedAt',
        ExpressionAttributeValues: { ':deletedAt': deletedAt },
      },
    },
    outboxItem(deps, { type: 'book.purged', at, bookId, data: { deletedAt } }),
  ]);
  if (!result.ok) return 'not_due';
  deps.log.info({ bookId, deletedAt, chapters: chapterIds.size }, 'binned book purged');
  return 'purged';
}

/**
 * Every chapter that may have a document: the chapters the book has, those named by the activity the
 * sync server recorded, and those with files in the docs bucket (chapters deleted earlier keep their
 * documents until now).
 */
async function chapterIdsOf(deps: Deps, bookId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.book(bookId).PK },
        ProjectionExpression: 'SK, chapterId',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const sk = String(item.SK);
      if (sk.startsWith(keys.chapterPrefix)) ids.add(sk.slice(keys.chapterPrefix.length));
      if (typeof item.chapterId === 'string') ids.add(item.chapterId);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const docsPrefix = `docs/${chapterDocName(bookId, '')}`;
  await listDocChapters(deps, docsPrefix, ids);
  return ids;
}

async function listDocChapters(deps: Deps, prefix: string, ids: Set<string>): Promise<void> {
  let token: string | undefined;
  do {
    const page = await deps.s3.send(
      new ListObjectsV2Command({
        Bucket: deps.env.S3_DOCS_BUCKET,
        Prefix: prefix,
        Delimiter: '/',
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const common of page.CommonPrefixes ?? []) {
      const id = common.Prefix?.slice(prefix.length).replace(/\/$/, '');
      if (id) ids.add(id);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

async function deleteExportJobs(deps: Deps, bookId: string): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.bookExportsPartition(bookId) },
        ProjectionExpression: 'PK, SK',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    await batchDelete(
      deps,
      (page.Items ?? []).map((item) => ({ PK: item.PK, SK: item.SK })),
    );
    start = page.LastEvaluatedKey;
  } while (start);
}
