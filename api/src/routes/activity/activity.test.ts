import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { chapterDocName, DocRoots } from '@galley/shared/sync/protocol';
import { createTokenVerifier } from '@galley/sync-server/auth/tokenVerifier';
import { type RunningSyncServer, startSyncServer } from '@galley/sync-server/server';
import type { ActivityCount } from '@galley/sync-server/storage/docStorage';
import { createDynamoActivityWriter } from '@galley/sync-server/storage/dynamoActivityWriter';
import { docKeys } from '@galley/sync-server/storage/keys';
import { createLocalJWKSet } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { MAX_ACTIVITY_ROWS_PER_PAGE } from '../../activity/activityReader.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { buildBook, putMember, registeredUser } from '../books/bookTestKit.ts';

// The sync server writes activity counts every 5 s; this leaves room for a busy machine.
const WAIT = { timeout: 20_000, interval: 200 };

describe('book activity', () => {
  let t: TestApp;
  let sync: RunningSyncServer;
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    sync = await startSyncServer({
      storage: chapterStorageFor(t.deps),
      verifyToken: createTokenVerifier({
        issuer: t.deps.env.JWT_ISSUER,
        keys: createLocalJWKSet(t.deps.keys.jwks()),
      }),
      log: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f();
    await sync.close();
    await t.close();
  });

  async function openEditor(accessToken: string, bookId: string, chapterId: string) {
    const res = await t.request('POST', '/api/sync-tokens', { token: accessToken, body: { bookId } });
    expect(res.status).toBe(201);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(sync.url, chapterDocName(bookId, chapterId), doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: res.body.token as string, v: '1' },
      disableBc: true,
    });
    cleanup.push(() => provider.destroy());
    await vi.waitFor(() => expect(provider.synced).toBe(true), WAIT);
    return doc;
  }

  /** Types `words` one transaction (one sync update) each, waiting a moment so each is stored on its own. */
  async function type(doc: Y.Doc, words: string[]) {
    const fragment = doc.getXmlFragment(DocRoots.text);
    if (fragment.length === 0) doc.transact(() => fragment.insert(0, [new Y.XmlElement('paragraph')]));
    const paragraph = fragment.get(0) as Y.XmlElement;
    for (const word of words) {
      doc.transact(() => paragraph.insert(paragraph.length, [new Y.XmlText(`${word} `)]));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  const activity = (token: string, bookId: string, query = '') =>
    t.request('GET', `/api/books/${bookId}/activity${query}`, { token });

  it('says who changed which chapter today, from what the sync server stored', async () => {
    const owner = await signedInUser(t, { displayName: 'Olive Owner' });
    const ana = await signedInUser(t, { displayName: 'Ana Author' });
    const outsider = await registeredUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm', 'Calm'] });
    await putMember(t, book.id, ana.user.id, 'co_author');
    const [storm, calm] = book.chapters;

    await type(await openEditor(owner.token, book.id, storm!.id), ['The', 'rain', 'fell']);
    await type(await openEditor(ana.token, book.id, calm!.id), ['Then', 'the', 'sun', 'came', 'out']);

    const today = new Date().toISOString().slice(0, 10);
    await vi.waitFor(async () => {
      const res = await activity(owner.token, book.id);
      expect(res.status).toBe(200);
      expect(res.body.days).toHaveLength(1);
      expect(res.body.days[0].day).toBe(today);
      const entries = res.body.days[0].entries as { userId: string; changes: number }[];
      expect(entries.map((e) => e.userId).sort()).toEqual([owner.user.id, ana.user.id].sort());
    }, WAIT);
    // Counts arrive in flushes; wait until every update typed above is counted.
    await vi.waitFor(async () => {
      const { body } = await activity(ana.token, book.id);
      const byUser = Object.fromEntries(
        body.days[0].entries.map((e: { userId: string }) => [e.userId, e]),
      ) as Record<
        string,
        {
          changes: number;
          chapterId: string;
          chapterTitle: string;
          displayName: string;
          firstAt: string;
          lastAt: string;
        }
      >;
      expect(byUser[ana.user.id]).toMatchObject({
        chapterId: calm!.id,
        chapterTitle: 'Calm',
        displayName: 'Ana Author',
      });
      expect(byUser[owner.user.id]).toMatchObject({
        chapterId: storm!.id,
        chapterTitle: 'Storm',
        displayName: 'Olive Owner',
      });
      // The first word also created the paragraph (one more update) for each writer.
      expect(byUser[ana.user.id]!.changes).toBeGreaterThanOrEqual(5);
      expect(byUser[owner.user.id]!.changes).toBeGreaterThanOrEqual(3);
      expect(byUser[ana.user.id]!.firstAt <= byUser[ana.user.id]!.lastAt).toBe(true);
    }, WAIT);
    expect(await activity(owner.token, book.id).then((r) => r.body.nextCursor)).toBeNull();
    expect((await activity(outsider.token, book.id)).status).toBe(404);
  });

  it('pages by whole days, newest first, and reads a bounded number of rows per page', {
    timeout: 90_000,
  }, async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['One'] });
    const chapterId = book.chapters[0]!.id;
    const count = (day: string, userId: string, chapter = chapterId): ActivityCount => ({
      bookId: book.id,
      chapterId: chapter,
      day,
      userId,
      changes: 2,
      firstAt: Date.parse(`${day}T10:00:00Z`),
      lastAt: Date.parse(`${day}T11:00:00Z`),
    });
    const days = Array.from({ length: 10 }, (_, i) => `2026-03-${String(10 + i).padStart(2, '0')}`);
    const activityWriter = createDynamoActivityWriter(t.deps.ddb, t.deps.table);
    await activityWriter.write(days.map((day) => count(day, owner.user.id)));
    // Written twice: counts add up.
    await activityWriter.write([count(days[9]!, owner.user.id)]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await activity(owner.token, book.id, `?days=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.days.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.days.map((d: { day: string }) => d.day));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...days].reverse());
    const newest = await activity(owner.token, book.id, '?days=1');
    expect(newest.body.days[0].entries[0]).toMatchObject({ changes: 4, firstAt: `${days[9]}T10:00:00.000Z` });

    // Two days of more rows together than a page reads: the second waits for the next page, whole.
    const half = Math.ceil(MAX_ACTIVITY_ROWS_PER_PAGE / 2) + 50;
    const busy = ['2026-04-02', '2026-04-01'];
    const rows = busy.flatMap((day) =>
      Array.from({ length: half }, (_, i) => count(day, `user${i}`, `ch${i % 7}`)),
    );
    // Stored as the sync server stores them, 25 rows a request (one UpdateItem each takes long here).
    for (let i = 0; i < rows.length; i += 25) {
      const items = rows.slice(i, i + 25).map((row) => ({
        PutRequest: {
          Item: {
            ...docKeys.activity(row.bookId, row.day, row.chapterId, row.userId),
            ...row,
            firstAt: new Date(row.firstAt).toISOString(),
            lastAt: new Date(row.lastAt).toISOString(),
          },
        },
      }));
      await t.deps.ddb.send(new BatchWriteCommand({ RequestItems: { [t.deps.table]: items } }));
    }
    const first = await activity(owner.token, book.id, '?days=5');
    expect(first.body.days.map((d: { day: string }) => d.day)).toEqual([busy[0]]);
    expect(first.body.days[0].entries).toHaveLength(half);
    expect(first.body.nextCursor).toBe(busy[0]);
    const second = await activity(owner.token, book.id, `?days=1&cursor=${first.body.nextCursor}`);
    expect(second.body.days.map((d: { day: string }) => d.day)).toEqual([busy[1]]);
    expect(second.body.days[0].entries).toHaveLength(half);

    const bad = await activity(owner.token, book.id, '?cursor=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('cursor');
    expect((await activity(owner.token, book.id, '?days=32')).status).toBe(400);
  });
});
