import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ErrorCode } from '@galley/shared/errors';
import { type DomainEvent, ImportCompletedDataSchema } from '@galley/shared/events/domainEvents';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { createChapter } from '../../domain/chapterCreator.ts';
import { listBookOutbox } from '../../events/outboxStore.ts';
import { mediaObjectKeys } from '../../export/bookMedia.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import {
  plainText,
  readManuscript,
  type TreeChild,
  type TreeNode,
} from '../../export/xhtml/manuscriptTree.ts';
import { splitIntoChapters } from '../../import/chapterSplitter.ts';
import {
  buildDocx,
  claimUncompressedSize,
  docxPartsFiles,
  footnoteRef,
  heading,
  image,
  para,
  run,
  table,
  zipFiles,
} from '../../import/docxFixtures.ts';
import { node, textRun } from '../../import/importedManuscript.ts';
import { importStagingKey } from '../../import/importStarter.ts';
import { writeImport } from '../../import/importWriter.ts';
import { discardNewBook } from '../../import/newBookDiscarder.ts';
import { chapterStorageFor, loadChapterDoc } from '../../manuscripts/chapterDocs.ts';
import { getBook, listBooksOfUser, listChapters } from '../../store/booksRepo.ts';
import { listMedia } from '../../store/mediaRepo.ts';
import { buildBook, putMember } from '../books/bookTestKit.ts';

type Format = 'docx' | 'markdown';

async function objectExists(t: TestApp, key: string): Promise<boolean> {
  try {
    await t.deps.s3.send(new HeadObjectCommand({ Bucket: t.deps.env.S3_MEDIA_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Asks for a presigned URL and PUTs the file the way a browser would. */
async function upload(t: TestApp, token: string, format: Format, file: Uint8Array): Promise<string> {
  const started = await t.request('POST', '/api/imports/uploads', {
    token,
    body: { format, bytes: file.length },
  });
  expect(started.status).toBe(201);
  const { 'content-length': _length, ...headers } = started.body.upload.headers as Record<string, string>;
  const put = await fetch(started.body.upload.url, { method: 'PUT', headers, body: file });
  expect(put.status).toBe(200);
  return started.body.uploadId;
}

async function finished(t: TestApp, token: string, jobId: string) {
  return vi.waitFor(
    async () => {
      const response = await t.request('GET', `/api/imports/${jobId}`, { token });
      expect(response.status).toBe(200);
      expect(['succeeded', 'failed']).toContain(response.body.job.status);
      return response.body.job;
    },
    { timeout: 60_000, interval: 100 },
  );
}

async function chapterTree(t: TestApp, bookId: string, chapterId: string): Promise<TreeNode> {
  const doc = await loadChapterDoc(chapterStorageFor(t.deps), bookId, chapterId);
  const tree = readManuscript(doc);
  doc.destroy();
  return tree;
}

function find(children: TreeChild[], type: string): TreeNode[] {
  return children.flatMap((child) =>
    child.kind === 'node' ? [...(child.type === type ? [child] : []), ...find(child.content, type)] : [],
  );
}

const chapterTitles = async (t: TestApp, bookId: string) =>
  (await listChapters(t.deps, bookId, { consistent: true })).map((c) => c.title);

async function sampleDocx(): Promise<Buffer> {
  return buildDocx({
    body: [
      heading(1, 'The Storm'),
      para([
        run('The wind came in '),
        run('hard', { b: true }),
        run(' at '),
        run('dusk', { i: true }),
        footnoteRef(1),
      ]),
      heading(2, 'The lamp room'),
      table([
        ['Hour', 'Waves'],
        ['9', '12'],
      ]),
      para([image('rIdLight', 'A lighthouse in a storm')]),
      heading(1, 'Morning Light'),
      para('The morning was washed clean.'),
      para([image('rIdNoAlt', null)]),
    ],
    footnotes: { 1: 'October, as always.' },
    images: {
      rIdLight: { bytes: gradientPng(40, 30), extension: 'png' },
      rIdNoAlt: { bytes: gradientPng(10, 10, 7), extension: 'png' },
    },
  });
}

describe('imports: DOCX and Markdown into books, as a job', () => {
  let t: TestApp;
  /** What a consumer on the bus (search, notifications) was handed. */
  const delivered: DomainEvent[] = [];
  beforeAll(async () => {
    t = await buildTestApp();
    t.deps.events.subscribe('import-watch', async (event) => {
      if (event.type === 'import.completed') delivered.push(event);
    });
    t.deps.events.start();
  });
  afterAll(() => t.close());

  /** The book's `import.completed` events, from the outbox, where they are written with the job. */
  const importEvents = async (bookId: string) =>
    (await listBookOutbox(t.deps, bookId)).map((r) => r.event).filter((e) => e.type === 'import.completed');

  it('imports a DOCX after the last chapter: chapters split at H1, marks, footnote, table and images kept', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Prologue'] });
    const uploadId = await upload(t, owner.token, 'docx', await sampleDocx());

    const started = await t.request('POST', `/api/books/${book.id}/imports`, {
      token: owner.token,
      body: { uploadId, format: 'docx', fileName: 'storm.docx' },
    });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/imports/${started.body.job.id}`);
    expect(started.body.job).toMatchObject({
      status: 'queued',
      bookId: book.id,
      newBook: false,
      fileName: 'storm.docx',
    });

    const job = await finished(t, owner.token, started.body.job.id);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ percent: 100, step: 'Done' });
    expect(job.result).toMatchObject({ bookId: book.id, warnings: [], warningsTruncated: false });
    expect(job.result.chapterIds).toHaveLength(2);
    expect(job.result.mediaIds).toHaveLength(2);
    expect(await chapterTitles(t, book.id)).toEqual(['Prologue', 'The Storm', 'Morning Light']);
    // Announced once, by the same write that says it succeeded (its time is the job's finishedAt).
    const [completed, ...more] = await importEvents(book.id);
    expect(more).toEqual([]);
    expect(completed).toMatchObject({
      at: job.finishedAt,
      actorId: owner.user.id,
      bookId: book.id,
      subject: { importJobId: job.id },
      data: {
        format: 'docx',
        newBook: false,
        chapterIds: job.result.chapterIds,
        mediaCount: 2,
        warningCount: 0,
      },
    });
    expect(ImportCompletedDataSchema.parse(completed?.data)).toEqual(completed?.data);

    const storm = await chapterTree(t, book.id, job.result.chapterIds[0]);
    const [title, body, section] = storm.content as TreeNode[];
    expect(title).toMatchObject({ type: 'heading', attrs: { level: 1 } });
    expect(plainText(title!)).toBe('The Storm');
    expect(body?.content).toEqual([
      { kind: 'text', text: 'The wind came in ', marks: [] },
      { kind: 'text', text: 'hard', marks: [{ type: 'bold', attrs: {} }] },
      { kind: 'text', text: ' at ', marks: [] },
      { kind: 'text', text: 'dusk', marks: [{ type: 'italic', attrs: {} }] },
      {
        kind: 'node',
        type: 'footnote',
        attrs: { id: expect.stringMatching(/^fn-[0-9a-f]{8}$/), note: 'October, as always.' },
        content: [],
      },
    ]);
    expect(section).toMatchObject({ type: 'heading', attrs: { level: 2 } });
    // The imported text is the importer's in the chapter's history (versions name authors by Yjs client).
    const authors = await chapterStorageFor(t.deps).loadAuthors(
      chapterDocName(book.id, job.result.chapterIds[0]),
    );
    expect([...authors.values()]).toEqual([owner.user.id]);
    expect(find(storm.content, 'tableCell').map(plainText)).toEqual(['Hour', 'Waves', '9', '12']);
    const [lighthouse] = find(storm.content, 'image');
    expect(lighthouse?.attrs).toEqual({
      mediaId: job.result.mediaIds[0],
      alt: 'A lighthouse in a storm',
      src: `/api/books/${book.id}/media/${job.result.mediaIds[0]}/content`,
    });

    // Both images are in the media library with the DOCX's alt text (none for the second: validation flags it).
    const media = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(
      media.body.items.map((m: { id: string; alt: string; width: number }) => [m.id, m.alt, m.width]).sort(),
    ).toEqual(
      [
        [job.result.mediaIds[0], 'A lighthouse in a storm', 40],
        [job.result.mediaIds[1], '', 10],
      ].sort(),
    );
    expect(await objectExists(t, mediaObjectKeys.media(book.id, job.result.mediaIds[0]))).toBe(true);
    // The upload and the job's copy are gone once the job is done.
    expect(await objectExists(t, importStagingKey(owner.user.id, uploadId))).toBe(false);
    expect(await objectExists(t, `uploads/import-sources/${uploadId}`)).toBe(false);
  });

  it('imports Markdown as a new book owned by the importer, one chapter per # heading', async () => {
    const author = await signedInUser(t);
    const markdown =
      '# First\n\nSome **bold** text.\n\n## Part\n\n- a\n- b\n\n# Second\n\n| A | B |\n|---|---|\n| 1 | 2 |\n';
    const uploadId = await upload(t, author.token, 'markdown', Buffer.from(markdown));
    const started = await t.request('POST', '/api/imports', {
      token: author.token,
      body: { uploadId, format: 'markdown', fileName: 'draft.md', title: 'The Draft' },
    });
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ bookId: null, newBook: true });
    const job = await finished(t, author.token, started.body.job.id);
    expect(job.status).toBe('succeeded');

    const book = await t.request('GET', `/api/books/${job.result.bookId}`, { token: author.token });
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({ title: 'The Draft', role: 'owner' });
    expect(book.body.chapters.map((c: { id: string; title: string }) => [c.id, c.title])).toEqual([
      [job.result.chapterIds[0], 'First'],
      [job.result.chapterIds[1], 'Second'],
    ]);
    const first = await chapterTree(t, job.result.bookId, job.result.chapterIds[0]);
    expect((first.content as TreeNode[]).map((b) => [b.type, b.attrs.level ?? null])).toEqual([
      ['heading', 1],
      ['paragraph', null],
      ['heading', 2],
      ['bulletList', null],
    ]);
    const second = await chapterTree(t, job.result.bookId, job.result.chapterIds[1]);
    expect(find(second.content, 'tableHeader').map(plainText)).toEqual(['A', 'B']);

    // The new book is announced to the bus's consumers, as search and notifications follow it.
    const event = await vi.waitFor(
      () => {
        const found = delivered.find((e) => e.subject.importJobId === job.id);
        expect(found).toBeDefined();
        return found!;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(event).toMatchObject({
      bookId: job.result.bookId,
      actorId: author.user.id,
      data: { format: 'markdown', newBook: true, chapterIds: job.result.chapterIds, mediaCount: 0 },
    });
  });

  describe('refuses bad files with a 4xx and creates nothing', () => {
    const bomb = async () =>
      claimUncompressedSize(await buildDocx({ body: [para('x')] }), 'word/document.xml', 0xf0000000);
    const ratioBomb = async () =>
      zipFiles({
        ...docxPartsFiles({ body: [para('x')] }),
        'word/media/filler.bin': new Uint8Array(8 * 1024 * 1024),
      });
    const withoutDocument = async () => {
      const files = docxPartsFiles({ body: [para('x')] });
      delete files['word/document.xml'];
      return zipFiles(files);
    };
    const cases: [string, Format, () => Promise<Uint8Array>, string][] = [
      ['a text file sent as .docx', 'docx', async () => Buffer.from('# Not Word\n'), ErrorCode.importNotDocx],
      ['a zip without word/document.xml', 'docx', withoutDocument, ErrorCode.importNotDocx],
      [
        'a truncated DOCX',
        'docx',
        async () => (await sampleDocx()).subarray(0, 200),
        ErrorCode.importCorrupt,
      ],
      ['a zip bomb declaring gigabytes', 'docx', bomb, ErrorCode.importZipBomb],
      ['a zip bomb with a 1000:1 entry', 'docx', ratioBomb, ErrorCode.importZipBomb],
      ['a binary file sent as Markdown', 'markdown', async () => gradientPng(4, 4), ErrorCode.importNotText],
      ['an empty Markdown file', 'markdown', async () => Buffer.from('  \n\n'), ErrorCode.importEmpty],
    ];
    for (const [label, format, file, code] of cases) {
      it(`${label}: 422 ${code}`, async () => {
        const owner = await signedInUser(t);
        const book = await buildBook(t, owner.user.id);
        const uploadId = await upload(t, owner.token, format, await file());
        const response = await t.request('POST', `/api/books/${book.id}/imports`, {
          token: owner.token,
          body: { uploadId, format },
        });
        expect(response.status).toBe(422);
        expect(response.body.error).toMatchObject({ code, details: { field: 'file' } });
        expect(await chapterTitles(t, book.id)).toEqual(['One', 'Two']);
        expect((await listMedia(t.deps, book.id, { limit: 10 })).items).toEqual([]);
        expect((await t.request('GET', `/api/imports/${uploadId}`, { token: owner.token })).status).toBe(404);
        expect(await objectExists(t, importStagingKey(owner.user.id, uploadId))).toBe(false);
      });
    }

    it('a file over 20 MB: 400 on the declared size, 413 import_too_large when more arrives than declared', async () => {
      const owner = await signedInUser(t);
      const declared = await t.request('POST', '/api/imports/uploads', {
        token: owner.token,
        body: { format: 'docx', bytes: 20 * 1024 * 1024 + 1 },
      });
      expect(declared.status).toBe(400);
      expect(declared.body.error.details.issues[0].path).toBe('bytes');

      const book = await buildBook(t, owner.user.id);
      const uploadId = await upload(t, owner.token, 'docx', Buffer.from('small'));
      // S3 enforces the signed length; s3rver does not, so the oversize file is put there directly.
      await t.deps.s3.send(
        new PutObjectCommand({
          Bucket: t.deps.env.S3_MEDIA_BUCKET,
          Key: importStagingKey(owner.user.id, uploadId),
          Body: new Uint8Array(20 * 1024 * 1024 + 1),
        }),
      );
      const response = await t.request('POST', `/api/books/${book.id}/imports`, {
        token: owner.token,
        body: { uploadId, format: 'docx' },
      });
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({
        code: ErrorCode.importTooLarge,
        details: { field: 'file' },
      });
      expect(await chapterTitles(t, book.id)).toEqual(['One', 'Two']);
      expect(await objectExists(t, importStagingKey(owner.user.id, uploadId))).toBe(false);
    });

    it('nothing uploaded, or an upload used already: 422 import_upload_missing', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      const started = await t.request('POST', '/api/imports/uploads', {
        token: owner.token,
        body: { format: 'markdown', bytes: 10 },
      });
      const notYet = await t.request('POST', `/api/books/${book.id}/imports`, {
        token: owner.token,
        body: { uploadId: started.body.uploadId, format: 'markdown' },
      });
      expect(notYet.status).toBe(422);
      expect(notYet.body.error.code).toBe(ErrorCode.importUploadMissing);

      const uploadId = await upload(t, owner.token, 'markdown', Buffer.from('# A\n\ntext\n'));
      const body = { uploadId, format: 'markdown' };
      expect(
        (await t.request('POST', `/api/books/${book.id}/imports`, { token: owner.token, body })).status,
      ).toBe(202);
      const again = await t.request('POST', `/api/books/${book.id}/imports`, { token: owner.token, body });
      expect(again.body.error.code).toBe(ErrorCode.importUploadMissing);
      await finished(t, owner.token, uploadId);
      expect(await chapterTitles(t, book.id)).toEqual(['One', 'Two', 'A']);
    });

    it('a file with more chapters than a new book may hold: the job fails and no book is created', async () => {
      const author = await signedInUser(t);
      const markdown = Array.from({ length: 99 }, (_, i) => `# Chapter ${i + 1}\n\nText.\n`).join('\n');
      const uploadId = await upload(t, author.token, 'markdown', Buffer.from(markdown));
      const started = await t.request('POST', '/api/imports', {
        token: author.token,
        body: { uploadId, format: 'markdown' },
      });
      expect(started.status).toBe(202);
      const job = await finished(t, author.token, started.body.job.id);
      expect(job).toMatchObject({ status: 'failed', bookId: null, result: null });
      expect(job.error.code).toBe(ErrorCode.chapterLimitReached);
      expect((await listBooksOfUser(t.deps, author.user.id, { limit: 10 })).items).toEqual([]);
    });

    it('a file too long for the book it goes into: the job fails and announces nothing', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: ['Prologue'] });
      const markdown = Array.from({ length: 98 }, (_, i) => `# Chapter ${i + 1}\n\nText.\n`).join('\n');
      const uploadId = await upload(t, owner.token, 'markdown', Buffer.from(markdown));
      const started = await t.request('POST', `/api/books/${book.id}/imports`, {
        token: owner.token,
        body: { uploadId, format: 'markdown' },
      });
      expect(started.status).toBe(202);
      const job = await finished(t, owner.token, started.body.job.id);
      expect(job).toMatchObject({ status: 'failed', result: null });
      expect(job.error.code).toBe(ErrorCode.chapterLimitReached);
      expect(await importEvents(book.id)).toEqual([]);
    });
  });

  describe('who may import', () => {
    it('only those who may edit the chapters: an editor member is 403, a stranger 404; jobs are private', async () => {
      const owner = await signedInUser(t);
      const editor = await signedInUser(t, { roles: ['editor'] });
      const stranger = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      await putMember(t, book.id, editor.user.id, 'editor');
      for (const [who, status] of [
        [editor, 403],
        [stranger, 404],
      ] as const) {
        const uploadId = await upload(t, who.token, 'markdown', Buffer.from('# Mine\n'));
        const response = await t.request('POST', `/api/books/${book.id}/imports`, {
          token: who.token,
          body: { uploadId, format: 'markdown' },
        });
        expect(response.status).toBe(status);
      }
      expect(await chapterTitles(t, book.id)).toEqual(['One', 'Two']);

      // An upload belongs to its uploader: the owner cannot start an import of the editor's file.
      const editorsUpload = await upload(t, editor.token, 'markdown', Buffer.from('# Theirs\n'));
      const borrowed = await t.request('POST', `/api/books/${book.id}/imports`, {
        token: owner.token,
        body: { uploadId: editorsUpload, format: 'markdown' },
      });
      expect(borrowed.body.error.code).toBe(ErrorCode.importUploadMissing);

      const uploadId = await upload(t, owner.token, 'markdown', Buffer.from('# Owned\n'));
      await t.request('POST', `/api/books/${book.id}/imports`, {
        token: owner.token,
        body: { uploadId, format: 'markdown' },
      });
      expect((await t.request('GET', `/api/imports/${uploadId}`, { token: editor.token })).status).toBe(404);
      expect((await finished(t, owner.token, uploadId)).status).toBe('succeeded');
    });

    it('someone who may not create books (an editor by platform role) may not import one', async () => {
      const reviewer = await signedInUser(t, { roles: ['editor'] });
      const uploadId = await upload(t, reviewer.token, 'markdown', Buffer.from('# A\n'));
      const response = await t.request('POST', '/api/imports', {
        token: reviewer.token,
        body: { uploadId, format: 'markdown' },
      });
      expect(response.status).toBe(403);
    });
  });

  describe('nothing half-created when writing fails midway', () => {
    it('undoes chapters and media when the book runs out of room after some were added', async () => {
      const owner = await signedInUser(t);
      const created = await createBook(t.deps, {
        ownerId: owner.user.id,
        title: 'Nearly full',
        chapters: Array.from({ length: 50 }, (_, i) => ({ title: `C${i}` })),
      });
      let book = (await getBook(t.deps, created.id, { consistent: true }))!;
      for (let i = 50; i < 96; i++) {
        await createChapter(
          t.deps,
          { book, memberRole: 'owner', access: 'edit' },
          { title: `C${i}`, kind: 'chapter' },
        );
        book = (await getBook(t.deps, created.id, { consistent: true }))!;
      }
      const png = gradientPng(12, 12);
      const blocks = [
        node('heading', { level: 1 }, [textRun('A')]),
        node('image', { mediaId: '01JIMPORTUNDOTESTIMAGE0001', alt: 'x', caption: null }),
        node('heading', { level: 1 }, [textRun('B')]),
        node('heading', { level: 1 }, [textRun('C')]),
      ];
      const images = [
        {
          mediaId: '01JIMPORTUNDOTESTIMAGE0001',
          bytes: png,
          contentType: 'image/png' as const,
          width: 12,
          height: 12,
          alt: 'x',
        },
      ];
      const steps: string[] = [];
      await expect(
        writeImport(
          t.deps,
          { book, memberRole: 'owner', access: 'edit' },
          { chapters: splitIntoChapters(blocks, 'File'), images, uploadedBy: owner.user.id },
          async (_percent, step) => {
            steps.push(step);
          },
        ),
      ).rejects.toMatchObject({ code: ErrorCode.chapterLimitReached });
      // It got as far as adding chapters (two fit) before it had to undo them.
      expect(steps).toContain('Adding chapters to the book');
      const titles = await chapterTitles(t, book.id);
      expect(titles).toHaveLength(96);
      expect(titles).not.toContain('A');
      expect((await listMedia(t.deps, book.id, { limit: 10 })).items).toEqual([]);
      expect(await objectExists(t, mediaObjectKeys.media(book.id, images[0]!.mediaId))).toBe(false);
    });

    it('stops and undoes what it wrote when the job runs out of time midway', async () => {
      const owner = await signedInUser(t);
      const book = (await getBook(t.deps, (await buildBook(t, owner.user.id)).id, { consistent: true }))!;
      const mediaId = '01JIMPORTDEADLINEIMAGE0001';
      const controller = new AbortController();
      const blocks = [
        node('heading', { level: 1 }, [textRun('Late')]),
        node('image', { mediaId, alt: 'x', caption: null }),
      ];
      const images = [
        {
          mediaId,
          bytes: gradientPng(8, 8),
          contentType: 'image/png' as const,
          width: 8,
          height: 8,
          alt: 'x',
        },
      ];
      await expect(
        writeImport(
          t.deps,
          { book, memberRole: 'owner', access: 'edit' },
          { chapters: splitIntoChapters(blocks, 'File'), images, uploadedBy: owner.user.id },
          // The deadline passes once the images and documents are written, before the chapters are added.
          async (_percent, step) => {
            if (step === 'Adding chapters to the book') controller.abort(new Error('deadline'));
          },
          controller.signal,
        ),
      ).rejects.toThrow('deadline');
      expect(await chapterTitles(t, book.id)).toEqual(['One', 'Two']);
      expect((await listMedia(t.deps, book.id, { limit: 10 })).items).toEqual([]);
      expect(await objectExists(t, mediaObjectKeys.media(book.id, mediaId))).toBe(false);
    });

    it('removes a book an import created and could not fill, with its listing', async () => {
      const author = await signedInUser(t);
      const created = await createBook(t.deps, {
        ownerId: author.user.id,
        title: 'Doomed',
        chapters: [{ title: 'X' }],
      });
      expect((await listBooksOfUser(t.deps, author.user.id, { limit: 10 })).items).toHaveLength(1);
      await discardNewBook(t.deps, created.id);
      expect(await getBook(t.deps, created.id, { consistent: true })).toBeNull();
      expect(await listChapters(t.deps, created.id, { consistent: true })).toEqual([]);
      expect((await listBooksOfUser(t.deps, author.user.id, { limit: 10 })).items).toEqual([]);
    });
  });
});
