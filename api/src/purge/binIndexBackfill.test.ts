import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, tokenFor } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { buildBook } from '../routes/books/bookTestKit.ts';
import { keys } from '../store/keys.ts';
import { backfillBinIndex, listInBin } from './binIndexBackfill.ts';
import { runBooksPurge } from './booksPurgeRun.ts';

const DAY = 24 * 3600 * 1000;

describe('backfilling the bin listing of books binned before the purge existed', () => {
  let t: TestApp;
  // The api's clock: moved forward instead of waiting 30 days.
  let offset = 0;
  beforeAll(async () => {
    t = await buildTestApp({ now: () => Date.now() + offset });
  });
  afterAll(() => t.close());

  const meta = async (bookId: string) =>
    (
      await t.deps.ddb.send(
        new GetCommand({ TableName: t.deps.table, Key: keys.book(bookId), ConsistentRead: true }),
      )
    ).Item;

  /** Bins a book through the api, then takes off the listing, leaving what binning wrote before c934ff3. */
  async function binTheOldWay(token: string, bookId: string) {
    expect((await t.request('DELETE', `/api/books/${bookId}`, { token })).status).toBe(200);
    await t.deps.ddb.send(
      new UpdateCommand({
        TableName: t.deps.table,
        Key: keys.book(bookId),
        UpdateExpression: 'REMOVE GSI2PK, GSI2SK',
      }),
    );
    const item = await meta(bookId);
    expect(item?.deletedAt).toEqual(expect.any(String));
    expect(item?.GSI2PK).toBeUndefined();
  }

  it('lists old binned books so the purge deletes them, leaves live and restored books alone, and a second run writes nothing', async () => {
    const owner = await signedInUser(t);
    const old = await buildBook(t, owner.user.id);
    const restored = await buildBook(t, owner.user.id);
    const live = await buildBook(t, owner.user.id);
    await binTheOldWay(owner.token, old.id);
    await binTheOldWay(owner.token, restored.id);
    expect(
      (await t.request('POST', `/api/books/${restored.id}/restore`, { token: owner.token })).status,
    ).toBe(200);
    const before = { restored: await meta(restored.id), live: await meta(live.id) };

    // Unlisted, the old book is invisible to the purge however late it is.
    offset += 31 * DAY;
    expect(await runBooksPurge(t.deps)).toEqual({ ran: true, purged: [], failed: [] });
    expect(await meta(old.id)).toBeDefined();

    const first = await backfillBinIndex(t.deps, { pageSize: 2 });
    expect(first).toMatchObject({ indexed: [old.id], skipped: [] });
    expect(first.pages).toBeGreaterThan(1);
    expect(first.next).toBeUndefined();
    const listed = await meta(old.id);
    expect(listed).toMatchObject(keys.binnedBook(String(listed?.deletedAt), old.id));
    expect(await meta(restored.id)).toEqual(before.restored);
    expect(await meta(live.id)).toEqual(before.live);

    const second = await backfillBinIndex(t.deps, { pageSize: 2 });
    expect(second).toMatchObject({ indexed: [], skipped: [] });
    expect(await meta(old.id)).toEqual(listed);

    expect(await runBooksPurge(t.deps)).toEqual({ ran: true, purged: [old.id], failed: [] });
    expect(await meta(old.id)).toBeUndefined();
    const token = await tokenFor(t, owner.user);
    expect((await t.request('GET', `/api/books/${restored.id}`, { token })).status).toBe(200);
    expect((await t.request('GET', `/api/books/${live.id}`, { token })).status).toBe(200);
  });

  it('skips a book restored or re-binned between the Scan and the write', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await binTheOldWay(owner.token, book.id);
    const staleDeletedAt = String((await meta(book.id))?.deletedAt);
    expect((await t.request('POST', `/api/books/${book.id}/restore`, { token: owner.token })).status).toBe(
      200,
    );

    // What the backfill read before the restore: refused, so a restored book gets no listing.
    expect(await listInBin(t.deps, book.id, staleDeletedAt)).toBe(false);
    expect((await meta(book.id))?.GSI2PK).toBeUndefined();

    offset += 1000;
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
    const rebinned = await meta(book.id);
    // Binned again today: listed by the delete itself, and the stale date does not replace it.
    expect(await listInBin(t.deps, book.id, staleDeletedAt)).toBe(false);
    expect(await meta(book.id)).toEqual(rebinned);
    expect(rebinned).toMatchObject(keys.binnedBook(String(rebinned?.deletedAt), book.id));
  });

  it('stops after maxPages with a cursor that goes on where it stopped', async () => {
    const owner = await signedInUser(t);
    const books = [await buildBook(t, owner.user.id), await buildBook(t, owner.user.id)];
    for (const book of books) await binTheOldWay(owner.token, book.id);

    const indexed: string[] = [];
    let run = await backfillBinIndex(t.deps, { pageSize: 1, maxPages: 1 });
    indexed.push(...run.indexed);
    let runs = 1;
    while (run.next) {
      run = await backfillBinIndex(t.deps, { pageSize: 1, maxPages: 1, from: run.next });
      indexed.push(...run.indexed);
      runs += 1;
    }
    expect(runs).toBeGreaterThan(2);
    expect(indexed.sort()).toEqual(books.map((b) => b.id).sort());
    expect((await backfillBinIndex(t.deps)).indexed).toEqual([]);
  });
});
