import type { ChapterComparison, VersionComparison } from '@galley/shared/api/versions';
import { chapterDocName } from '@galley/shared/sync/protocol';
import type { AppDeps } from '../deps.ts';
import { chapterStorageFor, mapBounded } from '../manuscripts/chapterDocs.ts';
import { getUserById } from '../store/usersRepo.ts';
import { diffChapterStates } from './chapterDiff.ts';
import { deleterIndex } from './deleterIndex.ts';
import { loadVersionSide, type VersionSide } from './versionSides.ts';

type CompareDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env'>;

const CHAPTER_CONCURRENCY = 4;

/**
 * Compares two ends (`current` or a version id) chapter by chapter: chapters added and removed, and
 * inside each chapter the text inserted and deleted, with the user who inserted it (from the Yjs
 * client ids in the chapter's history and the client → user records the sync server keeps:
 * DocStorage.recordAuthors) and the user who deleted it (from the per-user delete sets it keeps:
 * DocStorage.recordDeletions).
 */
export async function compareBookVersions(
  deps: CompareDeps,
  bookId: string,
  fromRef: string,
  toRef: string,
): Promise<VersionComparison> {
  const [from, to] = await Promise.all([
    loadVersionSide(deps, bookId, fromRef),
    loadVersionSide(deps, bookId, toRef),
  ]);
  const chapterIds = unionInOrder(to, from);
  const chapters = await mapBounded(chapterIds, CHAPTER_CONCURRENCY, (id) =>
    compareChapter(deps, bookId, id, from, to),
  );
  return {
    from: sideSummary(from),
    to: sideSummary(to),
    people: await peopleNamedIn(deps, chapters),
    chapters,
  };
}

const sideSummary = (side: VersionSide) => ({ ref: side.ref, name: side.name, createdAt: side.createdAt });

/** The `to` end's chapters in its order, then the ones only `from` has (removed), in its order. */
function unionInOrder(to: VersionSide, from: VersionSide): string[] {
  const ids = to.chapters.map((c) => c.id);
  const known = new Set(ids);
  for (const chapter of from.chapters) if (!known.has(chapter.id)) ids.push(chapter.id);
  return ids;
}

async function compareChapter(
  deps: CompareDeps,
  bookId: string,
  chapterId: string,
  from: VersionSide,
  to: VersionSide,
): Promise<ChapterComparison> {
  const fromTitle = from.chapters.find((c) => c.id === chapterId)?.title ?? null;
  const toTitle = to.chapters.find((c) => c.id === chapterId)?.title ?? null;
  const storage = chapterStorageFor(deps);
  const docName = chapterDocName(bookId, chapterId);
  const [fromState, toState, authors, deletions] = await Promise.all([
    fromTitle === null ? null : from.stateOf(chapterId),
    toTitle === null ? null : to.stateOf(chapterId),
    storage.loadAuthors(docName),
    storage.loadDeletions?.(docName) ?? new Map<string, Uint8Array>(),
  ]);
  const diff = diffChapterStates(fromState, toState, {
    authorOf: (client) => authors.get(client) ?? null,
    deletersOf: deleterIndex(deletions),
  });
  const status =
    fromTitle === null
      ? 'added'
      : toTitle === null
        ? 'removed'
        : diff.changed || fromTitle !== toTitle
          ? 'changed'
          : 'unchanged';
  return {
    chapterId,
    status,
    fromTitle,
    toTitle,
    insertions: diff.insertions,
    deletions: diff.deletions,
    // An unchanged chapter's text is not repeated: the version view shows it.
    blocks: status === 'unchanged' ? [] : diff.blocks,
  };
}

async function peopleNamedIn(
  deps: CompareDeps,
  chapters: ChapterComparison[],
): Promise<VersionComparison['people']> {
  const ids = new Set<string>();
  for (const chapter of chapters) {
    for (const run of [...chapter.insertions, ...chapter.deletions]) if (run.by) ids.add(run.by);
  }
  const users = await mapBounded([...ids], CHAPTER_CONCURRENCY, (id) => getUserById(deps, id));
  return [...ids].map((id, i) => ({ id, name: users[i]?.displayName ?? 'Former user' }));
}
