import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { BookMemberRole } from '@galley/shared/api/books';
import type { SearchHit } from '@galley/shared/api/search';
import { can } from '@galley/shared/permissions';
import type { AppDeps } from '../deps.ts';
import { keys } from '../store/keys.ts';
import type { SearchViewer } from './searchIndex.ts';

/**
 * Checks a page of results against the table before it is returned. The index follows changes
 * through events, which arrive a moment after the change; in that moment a member just removed, or a
 * book just binned, would still match. One batch read (book and membership of each result) closes the
 * gap: a result the table no longer allows is dropped (the page is then one shorter; the cursor is
 * unaffected) and reported so the indexer can re-read that book.
 */
export async function confirmVisible(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  viewer: SearchViewer,
  hits: SearchHit[],
): Promise<{ visible: SearchHit[]; stale: string[] }> {
  if (hits.length === 0) return { visible: hits, stale: [] };
  const requested = hits.flatMap((hit) => [keys.book(hit.bookId), keys.member(hit.bookId, viewer.userId)]);
  const found = new Map<string, Record<string, unknown>>();
  let pending: Record<string, unknown>[] = requested;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
    if (attempt > 8) throw new Error('Search results could not be checked; try again.');
    const { Responses, UnprocessedKeys } = await deps.ddb.send(
      new BatchGetCommand({
        RequestItems: {
          [deps.table]: {
            Keys: pending,
            ProjectionExpression: 'PK, SK, deletedAt, #role',
            ExpressionAttributeNames: { '#role': 'role' },
          },
        },
      }),
    );
    for (const item of Responses?.[deps.table] ?? []) found.set(`${item.PK}|${item.SK}`, item);
    pending = (UnprocessedKeys?.[deps.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  const visible: SearchHit[] = [];
  const stale: string[] = [];
  for (const hit of hits) {
    const book = found.get(keyOf(keys.book(hit.bookId)));
    const member = found.get(keyOf(keys.member(hit.bookId, viewer.userId)));
    const memberRole = (member?.role as BookMemberRole | undefined) ?? null;
    const allowed =
      book !== undefined &&
      typeof book.deletedAt !== 'string' &&
      can({ id: viewer.userId, roles: viewer.roles, mfa: false }, 'read', 'book', { memberRole });
    if (allowed) visible.push(hit);
    else stale.push(hit.bookId);
  }
  return { visible, stale };
}

const keyOf = (key: { PK: string; SK: string }) => `${key.PK}|${key.SK}`;
