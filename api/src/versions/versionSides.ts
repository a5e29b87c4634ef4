import type { ChapterKind } from '@galley/shared/api/books';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { chapterStorageFor, loadChapterDoc } from '../manuscripts/chapterDocs.ts';
import { listChapters } from '../store/booksRepo.ts';
import { getVersionRecord, readVersionChapterState, type StoredVersion } from './versionStore.ts';

type SideDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env'>;

/** One end of a comparison: a stored version, or the book as it is now. */
export interface VersionSide {
  ref: string;
  name: string | null;
  createdAt: string | null;
  chapters: { id: string; title: string; kind: ChapterKind }[];
  /** The chapter's Yjs state at this end (loaded on demand: chapters are compared a few at a time). */
  stateOf(chapterId: string): Promise<Uint8Array>;
}

export async function loadVersionSide(deps: SideDeps, bookId: string, ref: string): Promise<VersionSide> {
  if (ref === 'current') return currentSide(deps, bookId);
  const version = await getVersionRecord(deps, bookId, ref);
  if (!version) throw new NotFoundError('Version');
  return storedSide(deps, version);
}

export function storedSide(deps: SideDeps, version: StoredVersion): VersionSide {
  return {
    ref: version.id,
    name: version.name,
    createdAt: version.createdAt,
    chapters: [...version.chapters]
      .sort((a, b) => a.order - b.order)
      .map(({ id, title, kind }) => ({ id, title, kind })),
    stateOf: (chapterId) => readVersionChapterState(deps, version, chapterId),
  };
}

async function currentSide(deps: SideDeps, bookId: string): Promise<VersionSide> {
  const chapters = await listChapters(deps, bookId, { consistent: true });
  const storage = chapterStorageFor(deps);
  return {
    ref: 'current',
    name: null,
    createdAt: null,
    chapters: chapters.map(({ id, title, kind }) => ({ id, title, kind: kind ?? 'chapter' })),
    async stateOf(chapterId) {
      const doc = await loadChapterDoc(storage, bookId, chapterId);
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      return state;
    },
  };
}
