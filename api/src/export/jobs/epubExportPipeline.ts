import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ExportReport, ExportSource } from '@galley/shared/api/exports';
import type { AppDeps } from '../../deps.ts';
import { type BookRecord, getBook } from '../../store/booksRepo.ts';
import { versionMediaOf } from '../../versions/versionMedia.ts';
import { loadVersionSide, storedSide, type VersionSide } from '../../versions/versionSides.ts';
import { getVersionRecord, readVersionBook } from '../../versions/versionStore.ts';
import { loadChapterTree } from '../chapterSource.ts';
import { isBlockingImpact, runAce } from '../checkers/ace.ts';
import { runEpubCheck } from '../checkers/epubCheck.ts';
import { type EpubChapterSource, mediaIdsIn, packageEpub, prepareEpub } from '../epubBuilder.ts';
import type { PackageMetadata } from '../package/packageDocument.ts';
import type { RenderProblem } from '../xhtml/renderContext.ts';
import { type ImageSource, loadExportImages } from './exportImages.ts';
import { summariseReport } from './exportReport.ts';

export type ProgressReporter = (percent: number, step: string) => Promise<void>;

export interface ExportOutcome {
  report: ExportReport;
  objects: { epub: string; epubCheck: string; ace: string };
  bytes: number;
}

export class ExportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExportFailure';
  }
}

/** Where an export's files live in the exports bucket: per book, per job (a job is one version). */
export const exportObjectKeys = (bookId: string, jobId: string) => {
  const base = `books/${bookId}/exports/${jobId}`;
  return { epub: `${base}/book.epub`, epubCheck: `${base}/epubcheck.json`, ace: `${base}/ace.json` };
};

const CERTIFIER = 'Galley (automated checks: EPUBCheck and Ace by DAISY)';

/**
 * One EPUB export, start to finish. The order keeps the accessibility claim honest and checks the file
 * that is stored: the book is built WITHOUT `dcterms:conformsTo` and a summary and checked by Ace;
 * only when Ace finds no critical or serious violation (and every image has alt text) is the package
 * document written with the claim — the content documents stay byte-for-byte the ones Ace saw. Then
 * EPUBCheck checks that final file, so the stored report describes the stored file.
 */
export async function runEpubExport(
  deps: AppDeps,
  job: { id: string; bookId: string; source?: ExportSource | undefined },
  progress: ProgressReporter,
): Promise<ExportOutcome> {
  await progress(5, 'Reading the book');
  const { book, side, images } = await exportedBook(deps, job.bookId, job.source);
  if (side.chapters.length === 0)
    throw new ExportFailure('book_empty', 'The book has no chapters to export.');

  const chapters: EpubChapterSource[] = [];
  for (const [index, chapter] of side.chapters.entries()) {
    await progress(
      10 + Math.floor((30 * index) / side.chapters.length),
      `Reading chapter ${index + 1} of ${side.chapters.length}`,
    );
    const tree = await loadChapterTree(side, chapter.id);
    chapters.push({ id: chapter.id, title: chapter.title, kind: chapter.kind, tree });
  }

  await progress(40, 'Fetching images');
  const mediaIds = mediaIdsIn(chapters.map((c) => c.tree));
  const {
    media,
    cover,
    problems: imageProblems,
  } = await loadExportImages(deps, job.bookId, mediaIds, images);

  await progress(50, 'Building the EPUB');
  const modified = new Date(deps.now());
  const { metadata, problems } = packageMetadataOf(book);
  const prepared = prepareEpub({ metadata, chapters, media, cover, modified });
  prepared.problems.unshift(...problems, ...imageProblems);

  const workDir = await mkdtemp(join(tmpdir(), 'galley-export-'));
  try {
    const epubPath = join(workDir, 'book.epub');
    const timeoutMs = deps.env.EXPORT_CHECK_TIMEOUT_MS;
    await writeFile(
      epubPath,
      await packageEpub(prepared, { conforms: false, certifiedBy: CERTIFIER }, modified),
    );
    await progress(60, 'Checking accessibility with Ace');
    const ace = await runAce(epubPath, { chromium: deps.env.CHROMIUM_PATH, workDir, timeoutMs });
    const conforms =
      !ace.violations.some((v) => isBlockingImpact(v.impact)) && prepared.facts.imagesWithoutAlt === 0;

    await progress(
      75,
      conforms ? 'Adding the accessibility claim' : 'Packaging without an accessibility claim',
    );
    const epub = await packageEpub(prepared, { conforms, certifiedBy: CERTIFIER }, modified);
    await writeFile(epubPath, epub);
    await progress(80, 'Checking with EPUBCheck');
    const epubCheck = await runEpubCheck(epubPath, { jar: deps.env.EPUBCHECK_JAR, workDir, timeoutMs });
    const summary = summariseReport({
      epubCheck,
      ace,
      problems: prepared.problems,
      chapterPaths: prepared.chapterPaths,
      sourceMaps: prepared.sourceMaps,
    });
    const report = { ...summary, accessible: conforms };

    await progress(95, 'Storing the export');
    const objects = exportObjectKeys(job.bookId, job.id);
    await Promise.all([
      putObject(deps, objects.epub, epub, 'application/epub+zip'),
      putObject(deps, objects.epubCheck, Buffer.from(epubCheck.raw), 'application/json'),
      putObject(deps, objects.ace, Buffer.from(ace.raw), 'application/json'),
    ]);
    return { report, objects, bytes: epub.byteLength };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The metadata, chapters and images an export is built from: the live book, or a named version as it
 * was saved (its metadata, chapter list, texts, and the images and cover it held; see exportImages.ts).
 */
async function exportedBook(
  deps: AppDeps,
  bookId: string,
  source: ExportSource | undefined,
): Promise<{ book: BookRecord; side: VersionSide; images: ImageSource }> {
  const live = await getBook(deps, bookId, { consistent: true });
  if (!live || live.deletedAt) throw new ExportFailure('book_not_found', 'The book no longer exists.');
  // Jobs stored before sources were recorded exported the live book.
  if (source?.kind !== 'version') {
    return { book: live, side: await loadVersionSide(deps, bookId, 'current'), images: { kind: 'live' } };
  }
  const version = await getVersionRecord(deps, bookId, source.versionId);
  if (!version) throw new ExportFailure('version_not_found', 'The version no longer exists.');
  const stored = await readVersionBook(deps, version);
  // The version's book.json holds the whole book record as it was (see bookVersionCreator.ts).
  const book = { ...(stored.book as BookRecord), id: bookId };
  const images: ImageSource = { kind: 'version', media: versionMediaOf(stored) };
  return { book, side: storedSide(deps, version), images };
}

function putObject(deps: AppDeps, key: string, body: Uint8Array, contentType: string) {
  return deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.env.S3_EXPORTS_BUCKET,
      Key: key,
      Body: body,
      ContentType: contentType,
    }),
  );
}

/** The book record as the package document needs it; a book without a language is exported as English, and says so. */
export function packageMetadataOf(book: BookRecord): {
  metadata: Omit<PackageMetadata, 'modified'>;
  problems: RenderProblem[];
} {
  const problems: RenderProblem[] = [];
  if (!book.language) {
    problems.push({
      code: 'default_language',
      message:
        'The book has no language set; it was exported as English (en). Set the language in the metadata.',
      chapterId: '',
    });
  }
  return {
    problems,
    metadata: {
      bookId: book.id,
      title: book.title,
      subtitle: book.subtitle,
      language: book.language ?? 'en',
      isbn: book.isbn,
      contributors: book.contributors,
      publisher: book.publisher ?? book.imprint,
      publicationDate: book.publicationDate,
      description: book.description,
      keywords: book.keywords,
      subjects: book.subjects,
      rights: book.rights,
      licence: book.licence,
      series: book.series,
    },
  };
}
