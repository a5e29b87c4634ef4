import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ActivityDay, ActivityEntry, ActivityPage } from '@galley/shared/api/activity';
import { docKeys } from '@galley/sync-server/storage/keys';
import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../errors.ts';
import { listChapters } from '../store/booksRepo.ts';
import { keys } from '../store/keys.ts';
import { getUserById } from '../store/usersRepo.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * Rows one request reads at most. A row is one user's work on one chapter during one day (the sync
 * server keeps the counts: sync-server/src/room/activityTally.ts), so a page of 7 days costs at most
 * 7 × writers × chapters rows: on a book with 6 writers and 98 chapters all busy every day that is
 * 4,116; in practice a few dozen. The cap bounds the worst case; days past it go to the next page.
 */
export const MAX_ACTIVITY_ROWS_PER_PAGE = 1000;

interface ActivityRow {
  day: string;
  chapterId: string;
  userId: string;
  changes: number;
  firstAt: string;
  lastAt: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A page of the book's activity: up to `days` days that have any, newest first, each with who changed
 * which chapter how often and when. `cursor` is the last day of the previous page (the page starts the
 * day before). A day is never split between pages, except a single day holding more rows than the cap
 * (then MAX_ACTIVITY_ROWS_PER_PAGE of its rows are shown and `partial` says so).
 */
export async function readActivity(
  deps: Deps,
  bookId: string,
  page: { cursor?: string | undefined; days: number },
): Promise<ActivityPage> {
  if (page.cursor !== undefined && !DAY.test(page.cursor)) {
    throw ValidationError.field('cursor', 'is not a valid cursor', 'invalid_cursor');
  }
  const rows = await readRows(deps, bookId, page.cursor, MAX_ACTIVITY_ROWS_PER_PAGE + 1);
  const byDay = new Map<string, ActivityRow[]>();
  for (const row of rows.items) {
    const list = byDay.get(row.day) ?? [];
    list.push(row);
    byDay.set(row.day, list);
  }
  const dayNames = [...byDay.keys()];
  const capped = rows.items.length > MAX_ACTIVITY_ROWS_PER_PAGE;
  // When the cap cut the read short, the last day read may be incomplete: leave it for the next page.
  let shown = dayNames.slice(0, page.days);
  if (capped && shown.length === dayNames.length && shown.length > 1) shown = shown.slice(0, -1);
  const partial = capped && shown.length === 1 && dayNames.length === 1;
  const more = shown.length < dayNames.length || rows.more || partial;
  const named = await namesFor(
    deps,
    bookId,
    shown.flatMap((day) => byDay.get(day) ?? []),
  );
  const days: ActivityDay[] = shown.map((day) => ({
    day,
    ...(partial ? { partial: true } : {}),
    entries: (byDay.get(day) ?? [])
      .slice(0, MAX_ACTIVITY_ROWS_PER_PAGE)
      .map((row) => named(row))
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt) || a.chapterId.localeCompare(b.chapterId)),
  }));
  return { days, nextCursor: more && shown.length > 0 ? shown.at(-1)! : null };
}

/** Rows newest day first, stopping at `limit`; `more` when rows remain beyond what was read. */
async function readRows(
  deps: Deps,
  bookId: string,
  before: string | undefined,
  limit: number,
): Promise<{ items: ActivityRow[]; more: boolean }> {
  const items: ActivityRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        // Day rows are `ACTIVITY#<day>#…`, so `ACTIVITY#<day>` itself sorts before all of that day's.
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.book(bookId).PK,
          ':from': docKeys.activityPrefix,
          ':to': before ? `${docKeys.activityPrefix}${before}` : `${docKeys.activityPrefix}~`,
        },
        ProjectionExpression: '#day, chapterId, userId, changes, firstAt, lastAt',
        ExpressionAttributeNames: { '#day': 'day' },
        ScanIndexForward: false,
        Limit: limit - items.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of result.Items ?? []) items.push(item as ActivityRow);
    start = result.LastEvaluatedKey;
  } while (start && items.length < limit);
  return { items, more: start !== undefined };
}

/** Adds people's names and chapters' titles (null for a chapter deleted since). */
async function namesFor(
  deps: Deps,
  bookId: string,
  rows: ActivityRow[],
): Promise<(row: ActivityRow) => ActivityEntry> {
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const [chapters, users] = await Promise.all([
    rows.length > 0 ? listChapters(deps, bookId) : Promise.resolve([]),
    Promise.all(userIds.map((id) => getUserById(deps, id))),
  ]);
  const titles = new Map(chapters.map((chapter) => [chapter.id, chapter.title]));
  const names = new Map(userIds.map((id, index) => [id, users[index]?.displayName ?? null]));
  return (row) => ({
    userId: row.userId,
    displayName: names.get(row.userId) ?? null,
    chapterId: row.chapterId,
    chapterTitle: titles.get(row.chapterId) ?? null,
    changes: Number(row.changes),
    firstAt: row.firstAt,
    lastAt: row.lastAt,
  });
}
