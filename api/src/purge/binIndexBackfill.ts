import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table'>;

/** Where a Scan stopped (its LastEvaluatedKey), to resume a run from there. */
export type ScanCursor = Record<string, unknown>;

export interface BinIndexBackfillResult {
  /** Books listed in the bin (GSI2) by this run. */
  indexed: string[];
  /** Books found unlisted whose write was refused: restored, re-binned or purged meanwhile. */
  skipped: string[];
  /** Scan pages read. */
  pages: number;
  /** Set when the run stopped at `maxPages` before the end of the table: pass it back to go on. */
  next?: ScanCursor;
}

/**
 * Lists in the bin the books binned before binning wrote GSI2PK/GSI2SK on the book's META (commit
 * c934ff3, the purge): the purge reads only that index, so those books would stay forever. A book
 * needs it when its META has `deletedAt` and no GSI2PK; the Scan filters on exactly that, so a
 * re-run finds only what is still missing (idempotent) and a run that stops can simply start over,
 * or go on from `next`. Each page reads at most `pageSize` items, so one run never holds much.
 *
 * Nothing here needs the purge's lease: each write is conditional on the book being in the bin with
 * the same `deletedAt` and still unlisted. A restore between the Scan and the write (it removes
 * deletedAt), a re-bin (a new deletedAt, listed by binBook itself) or a purge (META gone) makes the
 * condition fail, and the book is skipped rather than listed with a stale date.
 */
export async function backfillBinIndex(
  deps: Deps,
  options: { pageSize?: number; maxPages?: number; from?: ScanCursor } = {},
): Promise<BinIndexBackfillResult> {
  const result: BinIndexBackfillResult = { indexed: [], skipped: [], pages: 0 };
  let start = options.from;
  do {
    if (options.maxPages !== undefined && result.pages >= options.maxPages) {
      result.next = start;
      break;
    }
    const page = await deps.ddb.send(
      new ScanCommand({
        TableName: deps.table,
        FilterExpression: '#entity = :book AND attribute_exists(deletedAt) AND attribute_not_exists(GSI2PK)',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':book': 'book' },
        ProjectionExpression: 'id, deletedAt',
        Limit: options.pageSize ?? 100,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    result.pages += 1;
    for (const item of page.Items ?? []) {
      const bookId = String(item.id);
      const listed = await listInBin(deps, bookId, String(item.deletedAt));
      (listed ? result.indexed : result.skipped).push(bookId);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return result;
}

/**
 * Writes the bin listing binBook would have written for a book binned at `deletedAt`; false when the
 * book is no longer that binned, unlisted book. Neither `version` nor `updatedAt` moves: the listing
 * is an index entry, not a change anyone made to the book.
 */
export async function listInBin(deps: Deps, bookId: string, deletedAt: string): Promise<boolean> {
  const listing = keys.binnedBook(deletedAt, bookId);
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.book(bookId),
        UpdateExpression: 'SET GSI2PK = :pk, GSI2SK = :sk',
        ConditionExpression: 'deletedAt = :deletedAt AND attribute_not_exists(GSI2PK)',
        ExpressionAttributeValues: { ':pk': listing.GSI2PK, ':sk': listing.GSI2SK, ':deletedAt': deletedAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
