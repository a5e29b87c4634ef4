import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { BookVersion } from '@galley/shared/api/versions';
import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import type { GuardedBook } from '../domain/bookGuard.ts';
import { changeBookStatus } from '../domain/bookStatusChanger.ts';
import { deliverEvent } from '../events/eventDelivery.ts';
import { newDomainEvent } from '../events/outbox.ts';
import { listBookOutbox } from '../events/outboxStore.ts';
import { chapterStorageFor, loadChapterDoc } from '../manuscripts/chapterDocs.ts';
import { buildBook, registeredUser } from '../routes/books/bookTestKit.ts';
import { getBook, listChapters } from '../store/booksRepo.ts';
import { chapterDoc, p } from '../validation/testManuscript.ts';
import {
  AUTOMATIC_VERSIONS_CONSUMER,
  automaticVersionsHandler,
  subscribeAutomaticVersions,
  takeAutomaticVersion,
} from './automaticVersions.ts';
import { getVersionRecord, readVersionChapterState, versionObjectKeys } from './versionStore.ts';

describe.each([
  { bus: 'in-process', redis: false },
  { bus: 'redis', redis: true },
])('automatic versions at workflow transitions ($bus bus)', ({ redis }) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof registeredUser>>;
  let editor: Awaited<ReturnType<typeof registeredUser>>;
  beforeAll(async () => {
    t = await buildTestApp({ redis });
    owner = await registeredUser(t, { displayName: 'Olive Owner' });
    editor = await registeredUser(t, { displayName: 'Eddie Editor' });
    await subscribeAutomaticVersions(t.deps).ready;
    t.deps.events.start();
  });
  afterAll(() => t.close());

  const versions = async (bookId: string): Promise<BookVersion[]> => {
    const res = await t.request('GET', `/api/books/${bookId}/versions`, { token: owner.token });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  /** A book whose first chapter holds `text` in storage, as the sync server stores what is typed. */
  async function bookWithText(text: string) {
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm'] });
    const chapter = book.chapters[0]!;
    await chapterStorageFor(t.deps).append(
      chapterDocName(book.id, chapter.id),
      Y.encodeStateAsUpdate(chapterDoc(p(text))),
    );
    return book;
  }

  async function transition(bookId: string, actorId: string, to: 'submitted' | 'in_review', name: string) {
    const book = await getBook(t.deps, bookId, { consistent: true });
    if (!book) throw new Error('book missing');
    const guarded: GuardedBook = { book, memberRole: 'owner', access: 'edit', actorId };
    return changeBookStatus(t.deps, guarded, { to, transition: name, expectedVersion: book.version });
  }

  const statusEvent = async (bookId: string, to: string): Promise<DomainEvent> => {
    const events = (await listBookOutbox(t.deps, bookId)).map((r) => r.event);
    const found = events.find((e) => e.type === 'book.status_changed' && e.data.to === to);
    if (!found) throw new Error(`no event to ${to}`);
    return found;
  };

  it('takes a version of the whole book at each transition, named after it, automatic and by the actor', async () => {
    const book = await bookWithText('The rain fell on the lamp.');
    await transition(book.id, owner.user.id, 'submitted', 'submit');
    const [submitted] = await vi.waitFor(async () => {
      const listed = await versions(book.id);
      expect(listed).toHaveLength(1);
      return listed;
    });
    const event = await statusEvent(book.id, 'submitted');
    expect(submitted).toMatchObject({
      id: event.id,
      name: 'Draft → Submitted',
      automatic: true,
      createdBy: owner.user.id,
      trigger: {
        kind: 'status_change',
        eventId: event.id,
        transition: 'submit',
        from: 'draft',
        to: 'submitted',
      },
      chapters: [{ title: 'Storm' }],
    });

    // The editor's transition is theirs, and the version holds the text as it was then.
    await transition(book.id, editor.user.id, 'in_review', 'start_review');
    const listed = await vi.waitFor(async () => {
      const all = await versions(book.id);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(listed.map((v) => [v.name, v.createdBy])).toEqual([
      ['Submitted → In review', editor.user.id],
      ['Draft → Submitted', owner.user.id],
    ]);
    const opened = await t.request('GET', `/api/books/${book.id}/versions/${submitted!.id}`, {
      token: owner.token,
    });
    expect(opened.status).toBe(200);
    expect(JSON.stringify(opened.body.contents)).toContain('The rain fell on the lamp.');

    // A version a writer names is not automatic and has no trigger.
    const named = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Before the review' },
    });
    expect(named.body).toMatchObject({ automatic: false, trigger: null });
  });

  it('takes no second version when the same event comes again', async () => {
    const book = await bookWithText('Calm water.');
    await transition(book.id, owner.user.id, 'submitted', 'submit');
    await vi.waitFor(async () => expect(await versions(book.id)).toHaveLength(1));
    const event = await statusEvent(book.id, 'submitted');

    // Redelivered by the bus (a replay, a reclaimed Redis entry): the ledger knows it was handled.
    const context = {
      consumer: AUTOMATIC_VERSIONS_CONSUMER,
      handler: automaticVersionsHandler(t.deps),
      ledger: t.deps.events.ledger,
      log: t.deps.log,
    };
    expect(await deliverEvent(context, event)).toBe('duplicate');

    // Handled again as if the ledger's mark were lost (a crash between the version and the mark),
    // twice at once (two nodes holding it): still the one version.
    const again = await Promise.all([
      takeAutomaticVersion(t.deps, event),
      takeAutomaticVersion(t.deps, event),
    ]);
    expect(again.map((v) => v?.id)).toEqual([event.id, event.id]);
    expect((await versions(book.id)).map((v) => v.id)).toEqual([event.id]);

    // Two first deliveries racing (an event no node had finished): one takes it, the other gets it.
    const unseen = newDomainEvent({
      ...event,
      type: 'book.status_changed',
      data: { ...event.data, to: 'in_review' },
    });
    // The second reads a moment later, after one more edit arrived: whichever record wins, the files
    // it names must be its own read, not the other delivery's.
    const raced = await Promise.all([
      takeAutomaticVersion(t.deps, unseen),
      appendText(book.id, ' The tide turned.').then(() => takeAutomaticVersion(t.deps, unseen)),
    ]);
    expect(raced.map((v) => v?.id)).toEqual([unseen.id, unseen.id]);
    expect(raced[1]).toEqual(raced[0]);
    expect((await versions(book.id)).map((v) => v.id)).toEqual([unseen.id, event.id]);
    await expectOwnFilesOnly(book.id, unseen.id);
  });

  /** One more edit at the end of the first chapter's first paragraph, as the sync server stores it. */
  async function appendText(bookId: string, more: string) {
    const chapterId = (await listChapters(t.deps, bookId, { consistent: true }))[0]!.id;
    const storage = chapterStorageFor(t.deps);
    const doc = await loadChapterDoc(storage, bookId, chapterId);
    const before = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement;
    const runs = paragraph.get(0) as Y.XmlText;
    runs.insert(runs.length, more);
    await storage.append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc, before));
    doc.destroy();
  }

  /**
   * The version's folder holds the files of one attempt, the one its record names, and each chapter
   * file is the very state the record describes (its size), whichever delivery wrote it.
   */
  async function expectOwnFilesOnly(bookId: string, versionId: string) {
    const record = await getVersionRecord(t.deps, bookId, versionId);
    expect(record?.attempt).toEqual(expect.any(String));
    const folder = versionObjectKeys.folder(bookId, versionId, null);
    const listed = await t.deps.s3.send(
      new ListObjectsV2Command({ Bucket: t.deps.env.S3_MEDIA_BUCKET, Prefix: folder }),
    );
    const attempts = new Set((listed.Contents ?? []).map((o) => o.Key!.slice(folder.length).split('/')[0]));
    expect([...attempts]).toEqual([record!.attempt]);
    for (const chapter of record!.chapters) {
      const state = await readVersionChapterState(t.deps, record!, chapter.id);
      expect(state.byteLength).toBe(chapter.bytes);
    }
  }

  it('takes nothing for a book deleted before the event is handled, and does not retry it', async () => {
    const book = await bookWithText('Gone.');
    const changed = await transition(book.id, owner.user.id, 'submitted', 'submit');
    const binned = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(binned.status).toBe(200);
    const event = await statusEvent(book.id, 'submitted');
    expect(changed.status).toBe('submitted');
    expect(await takeAutomaticVersion(t.deps, event)).toBeNull();
    // Done with, not failed: no retries into a dead letter.
    const context = {
      consumer: 'automatic-versions-probe',
      handler: automaticVersionsHandler(t.deps),
      ledger: t.deps.events.ledger,
      log: t.deps.log,
    };
    expect(await deliverEvent(context, event)).toBe('handled');
  });
});
