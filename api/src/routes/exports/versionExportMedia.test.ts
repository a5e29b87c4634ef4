import type { ExportJob } from '@galley/shared/api/exports';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { manuscriptDoc, node, p, t as text } from '../../export/manuscriptFixtures.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import type { ZipEntry } from '../../export/zipReader.ts';
import { chapterStorageFor, loadChapterDoc } from '../../manuscripts/chapterDocs.ts';
import { getBook, listChapters } from '../../store/booksRepo.ts';
import { putVersionObject, putVersionRecord, versionObjectKeys } from '../../versions/versionStore.ts';
import { registeredUser } from '../books/bookTestKit.ts';
import { uploadAndComplete } from '../media/mediaTestKit.ts';
import { epubOf, finishedExport } from './exportTestKit.ts';

let t: TestApp;
let owner: Awaited<ReturnType<typeof registeredUser>>;
let bookId: string;
let chapterId: string;
let versionId: string;
let versionBeforeHeldMedia: string;
type Which = 'version' | 'current' | 'before';
const jobs = new Map<Which, ExportJob>();
const epubs = new Map<Which, Map<string, ZipEntry>>();
const job = (which: Which) => jobs.get(which)!;
const epub = (which: Which) => epubs.get(which)!;

const lampPng = gradientPng(40, 30, 1);
const boatPng = gradientPng(30, 20, 2);
const firstCover = gradientPng(60, 90, 3);
const secondCover = gradientPng(80, 120, 4);

/** An editor's change of the image's alternative text in the chapter, as the figure's dialog makes it. */
async function changeAltInChapter(mediaId: string, alt: string) {
  const storage = chapterStorageFor(t.deps);
  const doc = await loadChapterDoc(storage, bookId, chapterId);
  const before = Y.encodeStateVector(doc);
  const image = doc
    .getXmlFragment('default')
    .toArray()
    .find((child) => child instanceof Y.XmlElement && child.getAttribute('mediaId') === mediaId);
  if (!(image instanceof Y.XmlElement)) throw new Error(`no image ${mediaId} in the chapter`);
  image.setAttribute('alt', alt);
  await storage.append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}

/**
 * A version as the api took them before versions held media: files directly in the version's folder,
 * no `media` in book.json, no attempt on the record.
 */
async function takeVersionAsBefore(name: string): Promise<string> {
  const id = ulid();
  const book = await getBook(t.deps, bookId, { consistent: true });
  if (!book) throw new Error('book missing');
  const chapters = [];
  for (const chapter of await listChapters(t.deps, bookId, { consistent: true })) {
    const doc = await loadChapterDoc(chapterStorageFor(t.deps), bookId, chapter.id);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const key = versionObjectKeys.chapter(bookId, id, null, chapter.id);
    await putVersionObject(t.deps, key, state, 'application/octet-stream');
    chapters.push({
      id: chapter.id,
      title: chapter.title,
      kind: 'chapter' as const,
      order: chapter.order,
      bytes: state.byteLength,
    });
  }
  const { deletedAt: _deleted, ...metadata } = book;
  const bookJson = JSON.stringify({ book: metadata, chapters });
  await putVersionObject(t.deps, versionObjectKeys.book(bookId, id, null), bookJson, 'application/json');
  const at = new Date().toISOString();
  const record = {
    id,
    bookId,
    name,
    automatic: false,
    trigger: null,
    createdBy: owner.user.id,
    createdAt: at,
  };
  expect(
    await putVersionRecord(t.deps, { ...record, bookVersion: book.version, chapters, attempt: null }),
  ).toBe(true);
  return id;
}

const chapterOf = (files: Map<string, ZipEntry>) => files.get('EPUB/text/chapter-01.xhtml')!.data.toString();
const coverOf = (files: Map<string, ZipEntry>) => files.get('EPUB/images/cover.png')?.data;
/** The packed images other than the cover, as bytes. */
const imagesOf = (files: Map<string, ZipEntry>) =>
  [...files]
    .filter(([path]) => path.startsWith('EPUB/images/') && !path.startsWith('EPUB/images/cover.'))
    .map(([, entry]) => new Uint8Array(entry.data));
const codes = (job: ExportJob) => job.report?.problems.map((problem) => problem.code) ?? [];

beforeAll(async () => {
  t = await buildTestApp();
  owner = await registeredUser(t);
  const book = await createBook(t.deps, {
    ownerId: owner.user.id,
    title: 'The Harbour',
    language: 'en',
    chapters: [{ title: 'Dusk' }],
  });
  bookId = book.id;
  chapterId = book.chapters[0]!.id;
  const lamp = await uploadAndComplete(t, owner.token, bookId, lampPng, 'image', { alt: 'A lamp at dusk' });
  const boat = await uploadAndComplete(t, owner.token, bookId, boatPng, 'image', { alt: 'A small boat' });
  const cover = await uploadAndComplete(t, owner.token, bookId, firstCover, 'cover', {
    alt: 'The first cover',
  });
  expect([lamp.status, boat.status, cover.status]).toEqual([201, 201, 201]);
  const chapter = manuscriptDoc([
    p(text('The harbour at dusk.')),
    node('image', { mediaId: lamp.body.id, alt: 'A lamp at dusk', caption: 'The lamp.' }),
    node('image', { mediaId: boat.body.id, alt: 'A small boat' }),
  ]);
  await chapterStorageFor(t.deps).append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(chapter));

  const version = await t.request('POST', `/api/books/${bookId}/versions`, {
    token: owner.token,
    body: { name: 'Proof' },
  });
  expect(version.status).toBe(201);
  versionId = version.body.id;
  versionBeforeHeldMedia = await takeVersionAsBefore('Proof, as versions were');

  // After the versions: the lamp's alt text changes (in the library and in the chapter), the boat is
  // deleted from the library (the chapter still shows it), and a new cover replaces the first.
  const patched = await t.request('PATCH', `/api/books/${bookId}/media/${lamp.body.id}`, {
    token: owner.token,
    body: { alt: 'A lamp in the storm' },
  });
  expect(patched.status).toBe(200);
  await changeAltInChapter(lamp.body.id, 'A lamp in the storm');
  const deleted = await t.request('DELETE', `/api/books/${bookId}/media/${boat.body.id}`, {
    token: owner.token,
  });
  expect(deleted.status).toBe(204);
  const replaced = await uploadAndComplete(t, owner.token, bookId, secondCover, 'cover', {
    alt: 'The second cover',
  });
  expect(replaced.status).toBe(201);

  const requests: [Which, Record<string, string>][] = [
    ['version', { format: 'epub', versionId }],
    ['current', { format: 'epub' }],
    ['before', { format: 'epub', versionId: versionBeforeHeldMedia }],
  ];
  const started = await Promise.all(
    requests.map(async ([which, body]) => {
      const res = await t.request('POST', `/api/books/${bookId}/exports`, { token: owner.token, body });
      expect(res.status).toBe(202);
      return [which, res.body.job.id as string] as const;
    }),
  );
  for (const [which, jobId] of started) {
    const finished = await finishedExport(t, jobId, owner.token);
    jobs.set(which, finished);
    epubs.set(which, await epubOf(t, finished, owner.token));
  }
}, 300_000);

afterAll(() => t?.close());

describe('EPUB export of a version, after its images and cover changed', () => {
  it('has the alt text, the deleted image and the cover the book had when the version was taken', () => {
    expect(job('version').status, JSON.stringify(job('version').error)).toBe('succeeded');
    const files = epub('version');
    expect(chapterOf(files)).toContain('alt="A lamp at dusk"');
    expect(chapterOf(files)).not.toContain('A lamp in the storm');
    expect(chapterOf(files)).toContain('alt="A small boat"');
    expect(imagesOf(files)).toEqual(
      expect.arrayContaining([new Uint8Array(lampPng), new Uint8Array(boatPng)]),
    );
    expect(new Uint8Array(coverOf(files)!)).toEqual(new Uint8Array(firstCover));
    expect(codes(job('version'))).toEqual([]);
  });

  it('exports the book as it is now without a version: new alt text, no deleted image, the new cover', () => {
    expect(job('current').status, JSON.stringify(job('current').error)).toBe('succeeded');
    const files = epub('current');
    expect(chapterOf(files)).toContain('alt="A lamp in the storm"');
    expect(chapterOf(files)).not.toContain('A small boat');
    expect(imagesOf(files)).toEqual([new Uint8Array(lampPng)]);
    expect(new Uint8Array(coverOf(files)!)).toEqual(new Uint8Array(secondCover));
    expect(codes(job('current'))).toEqual(['missing_image']);
  });

  it('builds a version taken before versions held media from the current library, and says so', () => {
    expect(job('before').status, JSON.stringify(job('before').error)).toBe('succeeded');
    const files = epub('before');
    // Its text is its own; the images are today's.
    expect(chapterOf(files)).toContain('alt="A lamp at dusk"');
    expect(chapterOf(files)).not.toContain('A small boat');
    expect(new Uint8Array(coverOf(files)!)).toEqual(new Uint8Array(secondCover));
    expect(codes(job('before'))).toEqual(['version_media_not_frozen', 'missing_image']);
    const note = job('before').report!.problems[0]!;
    expect(note).toMatchObject({ chapterId: null });
    expect(note.message).toContain('current images and cover');
  });
});
