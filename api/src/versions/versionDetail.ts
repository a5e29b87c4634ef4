import type { BookVersionDetail } from '@galley/shared/api/versions';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { mapBounded } from '../manuscripts/chapterDocs.ts';
import { chapterToProseMirrorJson } from './proseMirrorJson.ts';
import {
  presentVersion,
  readVersionBook,
  readVersionChapterState,
  type StoredVersion,
} from './versionStore.ts';

const CHAPTER_CONCURRENCY = 4;

/** A version opened read-only: its metadata and every chapter's text as ProseMirror JSON. */
export async function presentVersionDetail(
  deps: Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env'>,
  version: StoredVersion,
): Promise<BookVersionDetail> {
  const chapters = [...version.chapters].sort((a, b) => a.order - b.order);
  const [stored, contents] = await Promise.all([
    readVersionBook(deps, version),
    mapBounded(chapters, CHAPTER_CONCURRENCY, async (chapter) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await readVersionChapterState(deps, version, chapter.id));
      const content = chapterToProseMirrorJson(doc);
      doc.destroy();
      return { chapterId: chapter.id, title: chapter.title, content };
    }),
  ]);
  const book = (stored.book ?? {}) as Record<string, unknown>;
  return { ...presentVersion(version), book, contents };
}
