import { chapterDocName, DocRoots } from '@galley/shared/sync/protocol';
import { createTokenVerifier } from '@galley/sync-server/auth/tokenVerifier';
import { createRedisFanout } from '@galley/sync-server/fanout/redisFanout';
import { type RunningSyncServer, startSyncServer } from '@galley/sync-server/server';
import { createLocalJWKSet } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { buildBook, putMember } from '../books/bookTestKit.ts';

const WAIT = { timeout: 20_000, interval: 50 };
/**
 * For polling the api while the sync server writes who deleted what (every 5 s): a 50 ms poll for
 * that long ran into the api's rate limit (429) on a loaded CI machine.
 */
const API_WAIT = { timeout: 30_000, interval: 500 };

/**
 * Versions against real editors: stock y-websocket providers on a real sync node (DynamoDB + S3
 * storage, Redis fan-out), the api taking, comparing and restoring versions from the same storage.
 * Attribution here comes from what the sync server recorded, not from the test.
 */
describe('versions with editors connected through the sync server', () => {
  let t: TestApp;
  let sync: RunningSyncServer;
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ redis: true });
    sync = await startSyncServer({
      storage: chapterStorageFor(t.deps),
      verifyToken: createTokenVerifier({
        issuer: t.deps.env.JWT_ISSUER,
        keys: createLocalJWKSet(t.deps.keys.jwks()),
      }),
      fanout: createRedisFanout({ url: inject('redisUrl'), prefix: t.deps.env.REDIS_KEY_PREFIX }),
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

  const paragraph = (doc: Y.Doc) =>
    (doc.getXmlFragment(DocRoots.text).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const text = (doc: Y.Doc) => {
    const first = doc.getXmlFragment(DocRoots.text).get(0);
    return first instanceof Y.XmlElement ? String(first.get(0) ?? '') : '';
  };

  /** Waits until the chapter's storage holds what `doc` shows (the sync server persisted it). */
  async function stored(bookId: string, chapterId: string, expected: string) {
    await vi.waitFor(async () => {
      const loaded = await chapterStorageFor(t.deps).load(chapterDocName(bookId, chapterId));
      const doc = new Y.Doc();
      if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
      for (const u of loaded.updates) Y.applyUpdate(doc, u);
      expect(text(doc)).toBe(expected);
    }, WAIT);
  }

  it('attributes insertions and deletions to the users who made them, a restore’s deletions to the restorer, and a restore reaches open editors at once', async () => {
    const owner = await signedInUser(t, { displayName: 'Olive Owner' });
    const coAuthor = await signedInUser(t, { displayName: 'Cody Co-author' });
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm'] });
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const chapterId = book.chapters[0]!.id;

    const ownersEditor = await openEditor(owner.token, book.id, chapterId);
    ownersEditor.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('The rain fell on the lamp.')]);
      ownersEditor.getXmlFragment(DocRoots.text).insert(0, [p]);
    });
    await stored(book.id, chapterId, 'The rain fell on the lamp.');
    const first = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Before copyedit' },
    });
    expect(first.status).toBe(201);

    const coAuthorsEditor = await openEditor(coAuthor.token, book.id, chapterId);
    coAuthorsEditor.transact(() => {
      paragraph(coAuthorsEditor).delete(4, 5);
      paragraph(coAuthorsEditor).insert(4, 'snow ');
    });
    await stored(book.id, chapterId, 'The snow fell on the lamp.');
    await vi.waitFor(() => expect(text(ownersEditor)).toBe('The snow fell on the lamp.'), WAIT);
    ownersEditor.transact(() => paragraph(ownersEditor).delete(13, 12)); // " on the lamp"
    await stored(book.id, chapterId, 'The snow fell.');

    // The sync server writes who deleted what a few seconds after the edits, off the save path.
    await vi.waitFor(async () => {
      const compare = await t.request(
        'GET',
        `/api/books/${book.id}/versions/compare?from=${first.body.id}&to=current`,
        { token: owner.token },
      );
      expect(compare.status).toBe(200);
      expect(compare.body.chapters[0]).toMatchObject({
        status: 'changed',
        insertions: [{ text: 'snow ', by: coAuthor.user.id }],
        deletions: [
          { text: 'rain ', by: coAuthor.user.id },
          { text: ' on the lamp', by: owner.user.id },
        ],
      });
      expect(compare.body.people).toEqual(
        expect.arrayContaining([
          { id: coAuthor.user.id, name: 'Cody Co-author' },
          { id: owner.user.id, name: 'Olive Owner' },
        ]),
      );
    }, API_WAIT);
    const edited = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Copyedited' },
    });
    expect(edited.status).toBe(201);
    const created = await t.request('GET', `/api/books/${book.id}/versions/compare?from=current&to=current`, {
      token: owner.token,
    });
    expect(created.body.chapters[0].status).toBe('unchanged');

    const restore = await t.request('POST', `/api/books/${book.id}/versions/${first.body.id}/restore`, {
      token: owner.token,
      body: { chapterId },
    });
    expect(restore.status).toBe(200);
    expect(restore.body.chapters[0].outcome).toBe('restored');
    // Both editors are open and idle: the restore reaches them through the fan-out, not a reload.
    await vi.waitFor(() => {
      expect(text(ownersEditor)).toBe('The rain fell on the lamp.');
      expect(text(coAuthorsEditor)).toBe('The rain fell on the lamp.');
    }, WAIT);
    // The restore replaced the copyedited paragraph, the co-author's words in it included: the owner,
    // who restored, deleted them.
    const undone = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=${edited.body.id}&to=current`,
      { token: owner.token },
    );
    expect(undone.body.chapters[0]).toMatchObject({
      insertions: [{ text: 'The rain fell on the lamp.', by: owner.user.id }],
      deletions: [{ text: 'The snow fell.', by: owner.user.id }],
    });
  });
});
