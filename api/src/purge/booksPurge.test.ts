import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { createDynamoDocStorage } from '@galley/sync-server/storage/dynamoDocStorage';
import { docKeys } from '@galley/sync-server/storage/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser, tokenFor } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { shardOf } from '../events/outbox.ts';
import { listPendingEvents } from '../events/outboxStore.ts';
import { buildBook, putMember, registeredUser } from '../routes/books/bookTestKit.ts';
import { keys } from '../store/keys.ts';
import { BOOKS_PURGE_JOB, runBooksPurge } from './booksPurgeRun.ts';
import { acquireJobLease } from './jobLock.ts';

const DAY = 24 * 3600 * 1000;

describe('purging books binned more than 30 days ago', () => {
  let t: TestApp;
  // The api's clock: moved forward instead of waiting 30 days.
  let offset = 0;
  beforeAll(async () => {
    t = await buildTestApp({ now: () => Date.now() + offset });
  });
  afterAll(() => t.close());

  const partition = async (pk: string) =>
    (
      await t.deps.ddb.send(
        new QueryCommand({
          TableName: t.deps.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  const objects = async (bucket: string, prefix: string) =>
    ((await t.deps.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key,
    );

  /** A book with everything a purge must remove: documents, media, a version, an export, an invitation, activity. */
  async function fullBook(ownerToken: string, ownerId: string, memberId: string) {
    const book = await buildBook(t, ownerId);
    await putMember(t, book.id, memberId, 'co_author');
    const { env, ddb, s3, table } = t.deps;
    const docs = createDynamoDocStorage({ ddb, s3, table, bucket: env.S3_DOCS_BUCKET });
    for (const chapter of book.chapters) {
      const name = chapterDocName(book.id, chapter.id);
      const doc = new Y.Doc();
      doc.getXmlFragment('default').insert(0, [new Y.XmlText('Once upon a time')]);
      await docs.append(name, Y.encodeStateAsUpdate(doc));
      await docs.writeSnapshot(name, Y.encodeStateAsUpdate(doc), 1);
      doc.getXmlFragment('default').insert(0, [new Y.XmlText('More')]);
      await docs.append(name, Y.encodeStateAsUpdate(doc));
      await docs.recordAuthors(name, memberId, [doc.clientID]);
      await ddb.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...docKeys.activity(book.id, '2026-01-01', chapter.id, memberId),
            chapterId: chapter.id,
            userId: memberId,
            changes: 3,
          },
        }),
      );
    }
    await s3.send(
      new PutObjectCommand({ Bucket: env.S3_MEDIA_BUCKET, Key: `books/${book.id}/media/m1`, Body: 'png' }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: env.S3_MEDIA_BUCKET, Key: `uploads/${book.id}/m2`, Body: 'png' }),
    );
    await ddb.send(
      new PutCommand({ TableName: table, Item: { ...keys.media(book.id, 'm1'), id: 'm1', bookId: book.id } }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: env.S3_EXPORTS_BUCKET,
        Key: `books/${book.id}/exports/j1/book.epub`,
        Body: 'zip',
      }),
    );
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.exportJob(`j1${book.id}`), ...keys.exportOfBook(book.id, '2026-01-01', 'j1') },
      }),
    );
    const version = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: ownerToken,
      body: { name: 'First draft' },
    });
    expect(version.status).toBe(201);
    const invitation = await t.request('POST', `/api/books/${book.id}/invitations`, {
      token: ownerToken,
      body: { email: `purge-${book.id.toLowerCase()}@example.test`, role: 'editor' },
    });
    expect(invitation.status).toBe(201);
    return book;
  }

  it('deletes a book past its restore window with all it holds, leaves younger and live books, and is idempotent', async () => {
    const owner = await signedInUser(t);
    const member = await registeredUser(t);
    const old = await fullBook(owner.token, owner.user.id, member.user.id);
    const younger = await buildBook(t, owner.user.id);
    const live = await buildBook(t, owner.user.id);
    const { env } = t.deps;
    const bookItems = (await partition(keys.book(old.id).PK)).length;
    expect(bookItems).toBeGreaterThan(8);
    expect(await objects(env.S3_DOCS_BUCKET, `docs/book/${old.id}/`)).not.toEqual([]);
    expect(await objects(env.S3_MEDIA_BUCKET, `books/${old.id}/`)).toHaveLength(1 + 3); // media + version files

    expect((await t.request('DELETE', `/api/books/${old.id}`, { token: owner.token })).status).toBe(200);
    offset += 2 * DAY;
    expect(
      (await t.request('DELETE', `/api/books/${younger.id}`, { token: await tokenFor(t, owner.user) }))
        .status,
    ).toBe(200);

    offset += 29 * DAY;
    const token = await tokenFor(t, owner.user);
    // 31 days after binning: too late to restore, even before the purge has run.
    const late = await t.request('POST', `/api/books/${old.id}/restore`, { token });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('gone');

    const run = await runBooksPurge(t.deps);
    expect(run).toEqual({ ran: true, purged: [old.id], failed: [] });
    // No dispatcher runs in this test: the event waits in the outbox, written with the delete.
    const pending = await listPendingEvents(t.deps, shardOf({ bookId: old.id }), 1000);
    expect(pending.some((p) => p.event.type === 'book.purged' && p.event.bookId === old.id)).toBe(true);
    expect(await partition(keys.book(old.id).PK)).toEqual([]);
    for (const chapter of old.chapters) {
      expect(await partition(docKeys.partition(chapterDocName(old.id, chapter.id)))).toEqual([]);
    }
    expect(await objects(env.S3_DOCS_BUCKET, `docs/book/${old.id}/`)).toEqual([]);
    expect(await objects(env.S3_MEDIA_BUCKET, `books/${old.id}/`)).toEqual([]);
    expect(await objects(env.S3_MEDIA_BUCKET, `uploads/${old.id}/`)).toEqual([]);
    expect(await objects(env.S3_EXPORTS_BUCKET, `books/${old.id}/`)).toEqual([]);
    expect(await partition(`EXPORT#j1${old.id}`)).toEqual([]);

    const gone = await t.request('POST', `/api/books/${old.id}/restore`, { token });
    expect(gone.status).toBe(404);
    const memberShelf = await t.request('GET', '/api/books', { token: await tokenFor(t, member.user) });
    expect(memberShelf.body.items).toEqual([]);
    // The younger binned book is still restorable, the live one untouched.
    expect((await t.request('POST', `/api/books/${younger.id}/restore`, { token })).status).toBe(200);
    expect((await t.request('GET', `/api/books/${live.id}`, { token })).status).toBe(200);

    expect(await runBooksPurge(t.deps)).toEqual({ ran: true, purged: [], failed: [] });
  });

  it('finishes a purge that stopped half-way, and does nothing while another runner holds the lock', async () => {
    const owner = await signedInUser(t);
    const member = await registeredUser(t);
    const book = await fullBook(owner.token, owner.user.id, member.user.id);
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
    offset += 31 * DAY;
    // What a run that died after the first chapter's documents and a member would leave behind.
    await t.deps.ddb.send(
      new DeleteCommand({ TableName: t.deps.table, Key: keys.member(book.id, member.user.id) }),
    );
    const first = book.chapters[0]!;
    for (const item of await partition(docKeys.partition(chapterDocName(book.id, first.id)))) {
      await t.deps.ddb.send(
        new DeleteCommand({ TableName: t.deps.table, Key: { PK: item.PK, SK: item.SK } }),
      );
    }

    const other = await acquireJobLease(t.deps, BOOKS_PURGE_JOB, 60_000);
    expect(other).not.toBeNull();
    expect(await runBooksPurge(t.deps)).toEqual({ ran: false, purged: [], failed: [] });
    expect((await partition(keys.book(book.id).PK)).length).toBeGreaterThan(0);
    await other!.release();

    expect(await runBooksPurge(t.deps)).toEqual({ ran: true, purged: [book.id], failed: [] });
    expect(await partition(keys.book(book.id).PK)).toEqual([]);
    expect(await partition(docKeys.partition(chapterDocName(book.id, book.chapters[1]!.id)))).toEqual([]);
  });
});
