import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { createDynamoDocStorage } from '@galley/sync-server/storage/dynamoDocStorage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildTestApp, type TestApp, uniqueName } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { putBookCover, putBookMedia } from '../../export/bookMedia.ts';
import { manuscriptDoc, node, p, t as text } from '../../export/manuscriptFixtures.ts';
import {
  SAMPLE_AFTER_SNAPSHOT,
  SAMPLE_BOOK_METADATA,
  SAMPLE_CHAPTERS,
  SAMPLE_MEDIA,
  sampleChapterDocs,
  storeChapterDocs,
} from '../../export/sampleBook.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import { readZip } from '../../export/zipReader.ts';
import { ensureBuckets } from '../../store/bootstrap.ts';
import { keys } from '../../store/keys.ts';
import { ifMatch, registeredUser } from '../books/bookTestKit.ts';

let t: TestApp;
let owner: { token: string; user: { id: string } };
let outsider: { token: string };
let richBookId: string;
let richJob: any;
let noAltJob: any;
let noAltChapterId: string;
let repeatedJobId: string;
let richFiles: Map<string, { data: Buffer; compressed: boolean; index: number }>;

/** Polls the job until it has finished (the job runs in the background of the same process). */
async function finished(jobId: string, token: string): Promise<any> {
  const deadline = Date.now() + 280_000;
  for (;;) {
    const res = await t.request('GET', `/api/exports/${jobId}`, { token });
    expect(res.status).toBe(200);
    const job = res.body.job;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`export ${jobId} still ${job.status}: ${job.progress.step}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function docStorage() {
  return createDynamoDocStorage({
    ddb: t.deps.ddb,
    s3: t.deps.s3,
    table: t.deps.table,
    bucket: t.deps.env.S3_DOCS_BUCKET,
  });
}

/** A one-chapter book whose only image has a caption but no alt text. */
async function bookWithImageLackingAlt() {
  const book = await createBook(t.deps, {
    ownerId: owner.user.id,
    title: 'No Alt',
    language: 'en',
    chapters: [{ title: 'Only' }],
  });
  const chapterId = book.chapters[0]!.id;
  const doc = manuscriptDoc([p(text('Text.')), node('image', { mediaId: 'lamp', caption: 'A lamp.' })]);
  await docStorage().append(chapterDocName(book.id, chapterId), Y.encodeStateAsUpdate(doc));
  await putBookMedia(t.deps, book.id, 'lamp', SAMPLE_MEDIA.lamp.bytes, SAMPLE_MEDIA.lamp.contentType);
  return { bookId: book.id, chapterId };
}

async function sampleBook() {
  const book = await createBook(t.deps, {
    ownerId: owner.user.id,
    ...SAMPLE_BOOK_METADATA,
    chapters: SAMPLE_CHAPTERS.map((c) => ({ ...c })),
  });
  const chapterIds = book.chapters.map((c) => c.id);
  await storeChapterDocs(docStorage(), book.id, chapterIds, sampleChapterDocs(chapterIds));
  for (const [mediaId, media] of Object.entries(SAMPLE_MEDIA)) {
    await putBookMedia(t.deps, book.id, mediaId, media.bytes, media.contentType);
  }
  await putBookCover(t.deps, book.id, gradientPng(60, 90, 3), 'image/png');
  return { bookId: book.id, chapterIds };
}

beforeAll(async () => {
  t = await buildTestApp({ env: { S3_DOCS_BUCKET: uniqueName('docs').slice(0, 63) } });
  await ensureBuckets(t.deps.s3, [t.deps.env.S3_DOCS_BUCKET]);
  owner = await registeredUser(t);
  outsider = await registeredUser(t);
  const rich = await sampleBook();
  richBookId = rich.bookId;
  const noAlt = await bookWithImageLackingAlt();
  noAltChapterId = noAlt.chapterId;
  // Both start now; the runner takes them one after the other.
  const [first, second] = await Promise.all([
    t.request('POST', `/api/books/${richBookId}/exports`, { token: owner.token, body: { format: 'epub' } }),
    t.request('POST', `/api/books/${noAlt.bookId}/exports`, { token: owner.token, body: { format: 'epub' } }),
  ]);
  expect(first.status).toBe(202);
  expect(first.body.job).toMatchObject({ status: 'queued', format: 'epub', bookId: richBookId });
  expect(second.status).toBe(202);
  // Asking again while the export is under way (it takes seconds) returns the same job.
  const again = await t.request('POST', `/api/books/${richBookId}/exports`, {
    token: owner.token,
    body: { format: 'epub' },
  });
  repeatedJobId = again.body.job.id;
  richJob = await finished(first.body.job.id, owner.token);
  noAltJob = await finished(second.body.job.id, owner.token);
  const download = await t.app.request(richJob.downloadUrl, {
    headers: { authorization: `Bearer ${owner.token}` },
  });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/epub+zip');
  richFiles = await readZip(Buffer.from(await download.arrayBuffer()));
}, 300_000);

afterAll(() => t?.close());

const fetchReport = async (job: any, checker: 'epubcheck' | 'ace') => {
  const res = await t.request('GET', job.reportUrls[checker === 'ace' ? 'ace' : 'epubCheck'], {
    token: owner.token,
  });
  expect(res.status).toBe(200);
  return res.body;
};

describe('EPUB export of a rich book', () => {
  it('succeeds with a valid, accessible EPUB and reports both checkers', () => {
    expect(richJob.status, JSON.stringify(richJob.error)).toBe('succeeded');
    expect(richJob.progress).toEqual({ percent: 100, step: 'Done' });
    expect(richJob.report.valid).toBe(true);
    expect(richJob.report.accessible).toBe(true);
    expect(richJob.report.problems).toEqual([]);
    expect(richJob.bytes).toBeGreaterThan(1000);
    expect(repeatedJobId).toBe(richJob.id);
  });

  it('has no EPUBCheck message of severity fatal, error or warning', async () => {
    const report = await fetchReport(richJob, 'epubcheck');
    const blocking = report.messages.filter((m: any) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity));
    expect(blocking).toEqual([]);
    expect(report.checker.nError).toBe(0);
    expect(report.checker.nWarning).toBe(0);
  });

  it('has no critical or serious Ace violation', async () => {
    const report = await fetchReport(richJob, 'ace');
    const violations = report.assertions.flatMap((doc: any) =>
      doc.assertions.filter(
        (a: any) =>
          a['earl:result']['earl:outcome'] === 'fail' &&
          ['critical', 'serious'].includes(a['earl:test']['earl:impact']),
      ),
    );
    expect(violations).toEqual([]);
  });

  it('is a proper OCF container: mimetype first and stored', () => {
    const mimetype = richFiles.get('mimetype')!;
    expect(mimetype.index).toBe(0);
    expect(mimetype.compressed).toBe(false);
    expect(mimetype.data.toString()).toBe('application/epub+zip');
    expect(richFiles.has('META-INF/container.xml')).toBe(true);
  });

  it('carries the metadata and the accessibility metadata derived from the content', () => {
    const opf = richFiles.get('EPUB/package.opf')!.data.toString();
    expect(opf).toContain('<dc:identifier id="pub-id">urn:isbn:9780306406157</dc:identifier>');
    expect(opf).toContain('<dc:title id="title">The Lighthouse &amp; the &lt;Tide&gt;</dc:title>');
    expect(opf).toContain('<dc:language>en-GB</dc:language>');
    expect(opf).toMatch(
      /<dc:creator id="contributor-1">Ada Author<\/dc:creator>\s*<meta refines="#contributor-1" property="role" scheme="marc:relators">aut<\/meta>/,
    );
    expect(opf).toContain('property="role" scheme="marc:relators">ill</meta>');
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    expect(opf).toContain('<meta property="belongs-to-collection" id="series">Sea Stories</meta>');
    for (const value of ['textual', 'visual'])
      expect(opf).toContain(`<meta property="schema:accessMode">${value}</meta>`);
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual</meta>');
    for (const feature of ['tableOfContents', 'structuralNavigation', 'alternativeText', 'readingOrder']) {
      expect(opf).toContain(`<meta property="schema:accessibilityFeature">${feature}</meta>`);
    }
    expect(opf).toContain('<meta property="schema:accessibilityHazard">none</meta>');
    expect(opf).toContain(
      '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>',
    );
    expect(opf).toMatch(
      /<meta property="schema:accessibilitySummary">[^<]*All 4 images have alternative text/,
    );
    expect(opf).toContain('properties="cover-image"');
    expect(opf).toContain('properties="nav"');
    expect(opf).not.toMatch(/properties="[^"]*(svg|scripted)/);
  });

  it('renders the manuscript: marks, notes, scene breaks, tables, figures and rewritten links', () => {
    const keeper = richFiles.get('EPUB/text/chapter-03.xhtml')!.data.toString();
    const storm = richFiles.get('EPUB/text/chapter-04.xhtml')!.data.toString();
    const dedication = richFiles.get('EPUB/text/chapter-01.xhtml')!.data.toString();
    expect(dedication).toContain(SAMPLE_AFTER_SNAPSHOT);
    expect(keeper).toContain('<span class="small-caps">Small Capitals</span>');
    expect(keeper).toContain('<strong><em>bold italic</em></strong>');
    expect(keeper).toContain('&amp; &lt;angle&gt; "quotes".');
    expect(keeper).toContain(
      '<section id="section-chapter-03" epub:type="chapter" role="doc-chapter" aria-labelledby="the-keeper">',
    );
    expect(keeper).toContain(
      '<a id="ref-fn-log-note" class="noteref" href="#fn-log-note" epub:type="noteref" role="doc-noteref">1</a>',
    );
    expect(keeper).toContain(
      '<aside id="fn-log-note" class="footnote" epub:type="footnote" role="doc-footnote">',
    );
    expect(keeper).toContain('<a href="chapter-04.xhtml">the storm</a>');
    expect(keeper).toContain('<a href="https://example.org/lighthouses?a=1&amp;b=2" class="external">');
    expect(keeper).toContain('<hr class="scene-break"/>');
    expect(keeper).toMatch(
      /<figure class="image"><img src="\.\.\/images\/lamp\.png" alt="A lit lamp in the lantern room" width="48" height="32"\/><figcaption>The lamp, restored\. <span class="credit">Photo: Ila Strator<\/span><\/figcaption><\/figure>/,
    );
    expect(storm).toContain('<a href="chapter-03.xhtml#the-lamp">the lamp</a>');
    expect(storm).toContain('<th scope="col">Night</th>');
    expect(storm).toContain('<tr><th scope="row">Monday</th><td>35</td></tr>');
    const nav = richFiles.get('EPUB/nav.xhtml')!.data.toString();
    expect(nav).toContain('<a href="text/chapter-03.xhtml#the-lamp">The Lamp</a>');
    expect(nav).toContain('epub:type="bodymatter" href="text/chapter-02.xhtml"');
  });

  it('lists the book’s exports newest first, a page at a time', async () => {
    const page = await t.request('GET', `/api/books/${richBookId}/exports?limit=1`, { token: owner.token });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].id).toBe(richJob.id);
    expect(page.body.nextCursor).toBeNull();
  });
});

describe('EPUB export of a book with an image lacking alt text', () => {
  it('makes no alternativeText or conformance claim, and reports the image in its chapter at its position', async () => {
    expect(noAltJob.status).toBe('succeeded');
    expect(noAltJob.report.accessible).toBe(false);
    expect(noAltJob.report.problems).toContainEqual(
      expect.objectContaining({ code: 'image_without_alt', chapterId: noAltChapterId }),
    );
    // The image follows a 7-token paragraph ("Text." and its two ends): the finding points at it, as a
    // validation problem would, so the editor can select the image.
    expect(noAltJob.report.ace.violations).toContainEqual(
      expect.objectContaining({
        rule: 'image-alt',
        impact: 'critical',
        chapterId: noAltChapterId,
        position: 7,
      }),
    );
    const download = await t.app.request(noAltJob.downloadUrl, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    const opf = (await readZip(Buffer.from(await download.arrayBuffer())))
      .get('EPUB/package.opf')!
      .data.toString();
    expect(opf).not.toContain('alternativeText');
    expect(opf).not.toContain('dcterms:conformsTo');
    expect(opf).not.toContain('accessibilitySummary');
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
    expect(opf).not.toContain('<meta property="schema:accessModeSufficient">textual</meta>');
  });
});

describe('export permissions and bad input', () => {
  it('hides the book, its exports and their files from someone who may not read it', async () => {
    const create = await t.request('POST', `/api/books/${richBookId}/exports`, {
      token: outsider.token,
      body: { format: 'epub' },
    });
    expect(create.status).toBe(404);
    for (const path of [
      `/api/exports/${richJob.id}`,
      `/api/exports/${richJob.id}/download`,
      `/api/exports/${richJob.id}/reports/ace`,
      `/api/books/${richBookId}/exports`,
    ]) {
      expect((await t.request('GET', path, { token: outsider.token })).status, path).toBe(404);
    }
    expect((await t.request('GET', `/api/exports/${richJob.id}`)).status).toBe(401);
  });

  it('rejects an unknown format with a 400 naming the field, and starts nothing', async () => {
    const res = await t.request('POST', `/api/books/${richBookId}/exports`, {
      token: owner.token,
      body: { format: 'pdf' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('format');
    const extra = await t.request('POST', `/api/books/${richBookId}/exports`, {
      token: owner.token,
      body: { format: 'epub', quality: 'max' },
    });
    expect(extra.status).toBe(400);
    const list = await t.request('GET', `/api/books/${richBookId}/exports`, { token: owner.token });
    expect(list.body.items).toHaveLength(1);
  });

  it('fails jobs whose server stopped renewing their lease, instead of leaving them running', async () => {
    const book = await createBook(t.deps, {
      ownerId: owner.user.id,
      title: 'Stale',
      chapters: [{ title: 'One' }],
    });
    const staleJob = (jobId: string, minutesAgo: number) => {
      const at = new Date(t.deps.now() - minutesAgo * 60_000).toISOString();
      return {
        ...keys.exportJob(jobId),
        ...keys.exportOfBook(book.id, at, jobId),
        entity: 'exportJob',
        id: jobId,
        bookId: book.id,
        format: 'epub',
        requestedBy: owner.user.id,
        status: 'running',
        progress: { percent: 60, step: 'Checking with EPUBCheck' },
        createdAt: at,
        updatedAt: at,
        startedAt: at,
        finishedAt: null,
        leaseUntil: new Date(t.deps.now() - 60_000).toISOString(),
        error: null,
        report: null,
        objects: null,
        bytes: null,
      };
    };
    const older = `01STALEOLD${Date.now()}`;
    const newer = `01STALENEW${Date.now()}`;
    for (const item of [staleJob(older, 20), staleJob(newer, 10)]) {
      await t.deps.ddb.send(new PutCommand({ TableName: t.deps.table, Item: item }));
    }
    const res = await t.request('GET', `/api/exports/${newer}`, { token: owner.token });
    expect(res.body.job).toMatchObject({ status: 'failed', error: { code: 'export_interrupted' } });
    const first = await t.request('GET', `/api/books/${book.id}/exports?limit=1`, { token: owner.token });
    expect(first.body.items.map((j: any) => j.id)).toEqual([newer]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.request(
      'GET',
      `/api/books/${book.id}/exports?limit=1&cursor=${first.body.nextCursor}`,
      {
        token: owner.token,
      },
    );
    expect(second.body.items).toEqual([expect.objectContaining({ id: older, status: 'failed' })]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('EPUB export of a named version', () => {
  let bookId: string;
  let versionId: string;
  let versionJob: any;
  let liveJob: any;
  let bookVersionAtExport: number;

  /** One more update on the chapter's log that replaces its text, as an editor's change arrives. */
  async function rewrite(chapterId: string, words: string) {
    const doc = new Y.Doc();
    const loaded = await docStorage().load(chapterDocName(bookId, chapterId));
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    const fragment = doc.getXmlFragment('default');
    fragment.delete(0, fragment.length);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(words)]);
    fragment.insert(0, [paragraph]);
    await docStorage().append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc, before));
  }

  const epubOf = async (job: any) => {
    const download = await t.app.request(job.downloadUrl, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(download.status).toBe(200);
    return readZip(Buffer.from(await download.arrayBuffer()));
  };

  beforeAll(async () => {
    const book = await createBook(t.deps, {
      ownerId: owner.user.id,
      title: 'The Lamp',
      language: 'en',
      chapters: [{ title: 'Dusk' }],
    });
    bookId = book.id;
    const chapterId = book.chapters[0]!.id;
    const saved = manuscriptDoc([p(text('The keeper lit the lamp at dusk.'))]);
    await docStorage().append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(saved));
    const version = await t.request('POST', `/api/books/${bookId}/versions`, {
      token: owner.token,
      body: { name: 'Final' },
    });
    expect(version.status).toBe(201);
    versionId = version.body.id;
    // After the version: the text and the title change.
    await rewrite(chapterId, 'The keeper slept through the storm.');
    const renamed = await t.request('PATCH', `/api/books/${bookId}`, {
      token: owner.token,
      headers: ifMatch(book.version),
      body: { title: 'The Candle' },
    });
    expect(renamed.status).toBe(200);
    bookVersionAtExport = renamed.body.version;
    const [fromVersion, fromLive] = await Promise.all([
      t.request('POST', `/api/books/${bookId}/exports`, {
        token: owner.token,
        body: { format: 'epub', versionId },
      }),
      t.request('POST', `/api/books/${bookId}/exports`, { token: owner.token, body: { format: 'epub' } }),
    ]);
    expect(fromVersion.status).toBe(202);
    expect(fromLive.status).toBe(202);
    // Different texts: neither request is answered with the other's job.
    expect(fromVersion.body.job.id).not.toBe(fromLive.body.job.id);
    versionJob = await finished(fromVersion.body.job.id, owner.token);
    liveJob = await finished(fromLive.body.job.id, owner.token);
  }, 300_000);

  it('holds the version’s text and title, not the book’s current ones', async () => {
    expect(versionJob.status, JSON.stringify(versionJob.error)).toBe('succeeded');
    expect(versionJob.report.valid).toBe(true);
    const files = await epubOf(versionJob);
    const chapter = files.get('EPUB/text/chapter-01.xhtml')!.data.toString();
    expect(chapter).toContain('The keeper lit the lamp at dusk.');
    expect(chapter).not.toContain('slept through the storm');
    expect(files.get('EPUB/package.opf')!.data.toString()).toContain('>The Lamp</dc:title>');
  });

  it('exports the live book, as it is now, without a version', async () => {
    expect(liveJob.status, JSON.stringify(liveJob.error)).toBe('succeeded');
    const files = await epubOf(liveJob);
    const chapter = files.get('EPUB/text/chapter-01.xhtml')!.data.toString();
    expect(chapter).toContain('The keeper slept through the storm.');
    expect(chapter).not.toContain('lit the lamp at dusk');
    expect(files.get('EPUB/package.opf')!.data.toString()).toContain('>The Candle</dc:title>');
  });

  it('says what each job exported, in the job and in the list', async () => {
    expect(versionJob.source).toEqual({ kind: 'version', versionId, name: 'Final' });
    expect(liveJob.source).toEqual({ kind: 'current', bookVersion: bookVersionAtExport });
    const all = await t.request('GET', `/api/books/${bookId}/exports`, { token: owner.token });
    expect(all.body.items.map((j: any) => [j.id, j.source.kind])).toEqual(
      expect.arrayContaining([
        [versionJob.id, 'version'],
        [liveJob.id, 'current'],
      ]),
    );
    expect(all.body.items).toHaveLength(2);
  });

  it('lists only the version’s exports when filtered by versionId, a page at a time', async () => {
    const first = await t.request('GET', `/api/books/${bookId}/exports?versionId=${versionId}&limit=1`, {
      token: owner.token,
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((j: any) => j.id)).toEqual([versionJob.id]);
    expect(first.body.nextCursor).toBeNull();
    // A version with no exports (of another book, here) lists nothing.
    const other = await t.request('GET', `/api/books/${richBookId}/exports?versionId=${versionId}`, {
      token: owner.token,
    });
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  it('answers a version of another book, or an unknown one, with a 404 and starts nothing', async () => {
    for (const id of [versionId, '01UNKNOWNVERSION000000000']) {
      const res = await t.request('POST', `/api/books/${richBookId}/exports`, {
        token: owner.token,
        body: { format: 'epub', versionId: id },
      });
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const list = await t.request('GET', `/api/books/${richBookId}/exports`, { token: owner.token });
    expect(list.body.items.every((j: any) => j.source?.kind !== 'version')).toBe(true);
  });

  it('rejects a malformed versionId with a 400 naming the field', async () => {
    const res = await t.request('POST', `/api/books/${bookId}/exports`, {
      token: owner.token,
      body: { format: 'epub', versionId: 'not an id!' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('versionId');
    const list = await t.request('GET', `/api/books/${bookId}/exports?versionId=x`, { token: owner.token });
    expect(list.status).toBe(400);
    expect(list.body.error.details.issues[0].path).toBe('versionId');
  });
});
