import { chapterDocName } from '@galley/shared/sync/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { gradientPng } from '../export/sampleImages.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { buildBook, ifMatch, registeredUser } from '../routes/books/bookTestKit.ts';
import { chapterDoc, p } from '../validation/testManuscript.ts';
import { listBookOutbox } from './outboxStore.ts';

/**
 * The outbox's promise (DESIGN §3, §9): a change and its event are one transaction, so every write
 * that happened has exactly one event and a write that did not happen has none.
 */
describe('transactional outbox', () => {
  let t: TestApp;
  let owner: { user: { id: string }; token: string };
  beforeAll(async () => {
    t = await buildTestApp();
    owner = await registeredUser(t);
  });
  afterAll(() => t.close());

  const eventsOf = async (bookId: string) => (await listBookOutbox(t.deps, bookId)).map((r) => r.event);

  it('writes one pending event with the book update, and none for a stale one', async () => {
    const book = await buildBook(t, owner.user.id);
    expect((await eventsOf(book.id)).map((e) => e.type)).toEqual(['book.created']);

    const ok = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(book.version),
      body: { title: 'A new title' },
    });
    expect(ok.status).toBe(200);
    const stale = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(book.version),
      body: { title: 'Lost race' },
    });
    expect(stale.status).toBe(409);

    const records = await listBookOutbox(t.deps, book.id);
    expect(records.map((r) => r.event.type)).toEqual(['book.created', 'book.updated']);
    const updated = records[1];
    expect(updated?.event).toMatchObject({
      actorId: owner.user.id,
      bookId: book.id,
      data: { fields: ['title'], title: 'A new title', version: book.version + 1 },
    });
    expect(updated?.dispatchedAt).toBeNull();
    expect(updated?.event.at).toBe(ok.body.updatedAt);
  });

  it('writes the event of each chapter, member and bin change, in the order they happened', async () => {
    const book = await buildBook(t, owner.user.id, { chapters: ['One'] });
    const other = await registeredUser(t);
    const path = `/api/books/${book.id}`;
    const added = await t.request('POST', `${path}/chapters`, { token: owner.token, body: { title: 'Two' } });
    expect(added.status).toBe(201);
    const chapterId = added.body.chapter.id as string;
    const renamed = await t.request('PATCH', `${path}/chapters/${chapterId}`, {
      token: owner.token,
      body: { title: 'Two, renamed', version: added.body.chapter.version },
    });
    expect(renamed.status).toBe(200);
    const member = await t.request('POST', `${path}/members`, {
      token: owner.token,
      body: { email: other.user.email, role: 'editor' },
    });
    expect(member.status).toBe(201);
    const removed = await t.request('DELETE', `${path}/members/${other.user.id}`, { token: owner.token });
    expect(removed.status).toBe(204);
    const deleted = await t.request('DELETE', `${path}/chapters/${chapterId}`, { token: owner.token });
    expect(deleted.status).toBe(200);
    const current = await t.request('GET', path, { token: owner.token });
    const binned = await t.request('DELETE', path, {
      token: owner.token,
      headers: ifMatch(current.body.version),
    });
    expect(binned.status).toBe(200);
    const restored = await t.request('POST', `${path}/restore`, { token: owner.token });
    expect(restored.status).toBe(200);

    const events = await eventsOf(book.id);
    expect(events.map((e) => e.type)).toEqual([
      'book.created',
      'chapter.created',
      'chapter.updated',
      'member.added',
      'member.removed',
      'chapter.deleted',
      'book.binned',
      'book.restored',
    ]);
    expect(events[1]?.subject).toEqual({ chapterId });
    expect(events[3]).toMatchObject({ subject: { userId: other.user.id }, data: { role: 'editor' } });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.actorId === owner.user.id)).toBe(true);
  });

  it('writes the events of media uploads, edits and removals', async () => {
    const book = await buildBook(t, owner.user.id);
    const png = gradientPng(64, 48);
    const started = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      body: { kind: 'image', contentType: 'image/png', bytes: png.length },
    });
    expect(started.status).toBe(201);
    const { 'content-length': _length, ...headers } = started.body.upload.headers;
    expect((await fetch(started.body.upload.url, { method: 'PUT', headers, body: png })).status).toBe(200);
    const mediaPath = `/api/books/${book.id}/media/${started.body.mediaId}`;
    const completed = await t.request('POST', `${mediaPath}/complete`, {
      token: owner.token,
      body: { alt: 'A gradient' },
    });
    expect(completed.status).toBe(201);
    const edited = await t.request('PATCH', mediaPath, { token: owner.token, body: { alt: 'Dawn sky' } });
    expect(edited.status).toBe(200);
    expect(edited.body.alt).toBe('Dawn sky');
    expect((await t.request('DELETE', mediaPath, { token: owner.token })).status).toBe(204);

    const media = (await eventsOf(book.id)).filter((e) => e.type.startsWith('media.'));
    expect(media.map((e) => [e.type, e.subject.mediaId, e.actorId])).toEqual([
      ['media.added', started.body.mediaId, owner.user.id],
      ['media.updated', started.body.mediaId, owner.user.id],
      ['media.deleted', started.body.mediaId, owner.user.id],
    ]);
    expect(media[1]?.data).toEqual({ fields: ['alt'] });
  });

  it('writes version.created with the version, and version.restored only when text came back', async () => {
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm'] });
    const chapterId = book.chapters[0]?.id ?? '';
    const storage = chapterStorageFor(t.deps);
    const docName = chapterDocName(book.id, chapterId);
    const first = chapterDoc(p('The rain fell.'));
    await storage.append(docName, Y.encodeStateAsUpdate(first));
    const taken = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Draft one' },
    });
    expect(taken.status).toBe(201);
    const restorePath = `/api/books/${book.id}/versions/${taken.body.id}/restore`;
    const unchanged = await t.request('POST', restorePath, { token: owner.token, body: { chapterId } });
    expect(unchanged.status).toBe(200);
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(first));
    const before = Y.encodeStateVector(later);
    later.getXmlFragment('default').delete(0, 1);
    await storage.append(docName, Y.encodeStateAsUpdate(later, before));
    const restored = await t.request('POST', restorePath, { token: owner.token, body: { chapterId } });
    expect(restored.status).toBe(200);

    const versions = (await eventsOf(book.id)).filter((e) => e.type.startsWith('version.'));
    expect(versions.map((e) => [e.type, e.subject.versionId])).toEqual([
      ['version.created', taken.body.id],
      ['version.restored', taken.body.id],
    ]);
    expect(versions[0]?.data).toMatchObject({ name: 'Draft one', automatic: false });
    expect(versions[1]?.data).toMatchObject({ chapterIds: [chapterId] });
  });

  it('never loses or invents an event when writers race on the same version (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
        async (versionOffsets) => {
          const book = await buildBook(t, owner.user.id, { chapters: [] });
          // Concurrent PATCHes, each claiming the book's version plus an offset: only writes made
          // against the version the book has when they land succeed.
          const responses = await Promise.all(
            versionOffsets.map((offset, index) =>
              t.request('PATCH', `/api/books/${book.id}`, {
                token: owner.token,
                headers: ifMatch(book.version + offset),
                body: { subtitle: `Take ${index}` },
              }),
            ),
          );
          const succeeded = responses.filter((r) => r.status === 200).length;
          expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
          const events = await eventsOf(book.id);
          const updates = events.filter((e) => e.type === 'book.updated');
          expect(updates).toHaveLength(succeeded);
          const now = await t.request('GET', `/api/books/${book.id}`, { token: owner.token });
          expect(now.body.version).toBe(book.version + succeeded);
          // Each event names the version its write produced: all different, none skipped.
          expect(updates.map((e) => e.data.version).sort()).toEqual(
            Array.from({ length: succeeded }, (_, i) => book.version + i + 1),
          );
        },
      ),
      { numRuns: 8 },
    );
  });
});
