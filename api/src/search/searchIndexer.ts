import type { DomainEvent, DomainEventType } from '@galley/shared/events/domainEvents';
import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import type { AppDeps } from '../deps.ts';
import { mapBounded } from '../manuscripts/chapterDocs.ts';
import { loadBookDocument, presentSearchDocument, readChapterText } from './bookDocumentLoader.ts';
import type { BookSearchDocument } from './bookSearchDocument.ts';
import { scanCatalogue } from './catalogueScan.ts';
import type { SearchIndex } from './searchIndex.ts';

/** Books read at once by a rebuild or reconciliation (each reads up to 4 chapters at once). */
const BOOKS_IN_FLIGHT = 4;

/** What each event means for the index. Events not listed change nothing searchable. */
const EFFECTS: Partial<Record<DomainEventType, 'metadata' | 'chapter' | 'text' | 'remove'>> = {
  'book.created': 'metadata',
  'book.updated': 'metadata',
  'book.restored': 'metadata',
  // The status is a search filter.
  'book.status_changed': 'metadata',
  'book.binned': 'remove',
  'book.purged': 'remove',
  'chapter.created': 'chapter',
  'chapter.updated': 'metadata',
  'chapter.reordered': 'metadata',
  'chapter.deleted': 'metadata',
  'member.added': 'metadata',
  'member.changed': 'metadata',
  'member.removed': 'metadata',
  'invitation.accepted': 'metadata',
  // These rewrite chapter text through the api (not the sync server's clients): read it all again.
  'version.restored': 'text',
  'import.completed': 'text',
};

type Deps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * Keeps the index in step with the table. Events say which book changed, never how: the indexer reads
 * the book as it is now (events may arrive late, twice or out of order across books), so handling an
 * event again is harmless. Work on one book is queued so an older read can never overwrite a newer one.
 */
export class SearchIndexer {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly index: SearchIndex,
    private readonly storage: DocStorage,
    /** Called after every change to the index (the snapshot scheduler marks itself dirty). */
    private readonly onChange: () => void = () => {},
  ) {}

  /** The bus handler. Throws when storage cannot be read, so the bus retries the event. */
  async handleEvent(event: DomainEvent): Promise<void> {
    const effect = EFFECTS[event.type];
    if (!effect || !event.bookId) return;
    if (effect === 'remove') return this.removeBook(event.bookId);
    const chapterId = event.subject.chapterId;
    const reloadText =
      effect === 'text' ? 'all' : new Set(effect === 'chapter' && chapterId ? [chapterId] : []);
    return this.reindexBook(event.bookId, reloadText);
  }

  /** Reads the book again (texts of `reloadText` chapters too) and replaces or removes its document. */
  reindexBook(bookId: string, reloadText: ReadonlySet<string> | 'all'): Promise<void> {
    return this.serialised(bookId, async () => {
      const previous = this.index.get(bookId);
      const document = await loadBookDocument(this.deps, this.storage, bookId, { previous, reloadText });
      if (document) this.index.upsert(document);
      else this.index.remove(bookId);
      this.onChange();
    });
  }

  removeBook(bookId: string): Promise<void> {
    return this.serialised(bookId, async () => {
      this.index.remove(bookId);
      this.onChange();
    });
  }

  /**
   * Brings an index loaded from an older snapshot up to date with the table: books added or binned
   * meanwhile, and changed metadata, chapters or members (compared as the document the index would
   * hold). Texts of known chapters are kept; the text watcher finds the ones edited since.
   */
  async reconcile(): Promise<{ changed: number; removed: number }> {
    const catalogue = await scanCatalogue(this.deps);
    let changed = 0;
    let removed = 0;
    for (const bookId of this.index.bookIds()) {
      if (!catalogue.has(bookId)) {
        await this.removeBook(bookId);
        removed++;
      }
    }
    await mapBounded([...catalogue.values()], BOOKS_IN_FLIGHT, async ({ book, chapters, members }) => {
      const previous = this.index.get(book.id);
      const known = new Map((previous?.chapters ?? []).map((c) => [c.chapterId, c]));
      if (previous && chapters.every((c) => known.has(c.id))) {
        const texts = chapters.map((c) => ({ ...known.get(c.id)!, title: c.title }));
        if (sameDocument(previous, presentSearchDocument(book, texts, members))) return;
      }
      await this.reindexBook(book.id, new Set());
      changed++;
    });
    return { changed, removed };
  }

  /** Resolves when no book is being indexed. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  private serialised(bookId: string, task: () => Promise<void>): Promise<void> {
    // Queued promises never reject (`settled`), so one failed read does not fail the next event's.
    const next = (this.queues.get(bookId) ?? Promise.resolve()).then(task);
    const settled: Promise<void> = next
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        if (this.queues.get(bookId) === settled) this.queues.delete(bookId);
      });
    this.queues.set(bookId, settled);
    return next;
  }
}

function sameDocument(a: BookSearchDocument, b: BookSearchDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Fills `index` from scratch: every book in the table with every chapter's text. Used by the rebuild
 * command and by an indexer that starts with no snapshot.
 */
export async function rebuildIndex(
  deps: Deps,
  storage: DocStorage,
  index: SearchIndex,
  /** Aborted when the node stops: books not read yet are skipped (the next start reconciles). */
  signal?: AbortSignal,
): Promise<{ books: number; chapters: number }> {
  const catalogue = await scanCatalogue(deps);
  for (const bookId of index.bookIds()) if (!catalogue.has(bookId)) index.remove(bookId);
  let chapterCount = 0;
  await mapBounded([...catalogue.values()], BOOKS_IN_FLIGHT, async ({ book, chapters, members }) => {
    if (signal?.aborted) return;
    const texts = await mapBounded(chapters, 4, (chapter) => readChapterText(storage, chapter));
    index.upsert(presentSearchDocument(book, texts, members));
    chapterCount += texts.length;
  });
  return { books: catalogue.size, chapters: chapterCount };
}
