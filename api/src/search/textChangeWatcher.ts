import { chapterDocName } from '@galley/shared/sync/protocol';
import type { AppDeps } from '../deps.ts';
import { mapBounded } from '../manuscripts/chapterDocs.ts';
import { readChapterLogHead } from './chapterLogHead.ts';
import type { SearchIndex } from './searchIndex.ts';
import type { SearchIndexer } from './searchIndexer.ts';

export interface TextWatchOptions {
  /** Time between two checks. */
  intervalMs: number;
  /** Quiet chapters checked per tick, in turn; the whole catalogue is covered every ceil(n / budget) ticks. */
  budget: number;
  /** A chapter edited within this long is checked on every tick (people write in sessions). */
  hotForMs: number;
}

export const DEFAULT_TEXT_WATCH: TextWatchOptions = {
  intervalMs: 15_000,
  budget: 200,
  hotForMs: 30 * 60_000,
};

/**
 * Chapter text changes reach the sync server, not the api, so no domain event announces them. This
 * watcher compares each indexed chapter's log position with the head of the sync server's update log
 * (one small DynamoDB query per chapter, readChapterLogHead) and re-reads the chapters that moved.
 *
 * Staleness bound: a chapter edited in the last `hotForMs` is re-indexed within `intervalMs` of a
 * change (plus the re-read); a chapter that had been quiet is found within ceil(chapters / budget)
 * ticks. With the defaults and 10,000 chapters: 15 s while someone is writing, at most 12.5 minutes
 * for the first edit after a quiet spell. The cost is bounded too: at most budget + hot chapters
 * queried per tick, whatever the catalogue's size.
 */
export class TextChangeWatcher {
  private next = 0;
  private readonly hot = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly deps: Pick<AppDeps, 'ddb' | 'table' | 'log' | 'now'>,
    private readonly index: SearchIndex,
    private readonly indexer: SearchIndexer,
    private readonly options: TextWatchOptions = DEFAULT_TEXT_WATCH,
  ) {}

  /** One round of checks; resolves with the number of chapters whose text was read again. */
  tick(): Promise<number> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    const loop = () => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch((error: unknown) => this.deps.log.warn({ err: error }, 'search text check failed'))
          .finally(() => {
            if (this.timer) loop();
          });
      }, this.options.intervalMs);
      this.timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async check(): Promise<number> {
    const now = this.deps.now();
    const all = this.index
      .bookIds()
      .flatMap((bookId) =>
        (this.index.get(bookId)?.chapters ?? []).map((c) => ({ bookId, chapterId: c.chapterId, seq: c.seq })),
      );
    for (const [name, at] of this.hot) if (now - at > this.options.hotForMs) this.hot.delete(name);
    const picked = new Map<string, (typeof all)[number]>();
    for (const chapter of all) {
      if (this.hot.has(chapterDocName(chapter.bookId, chapter.chapterId))) picked.set(key(chapter), chapter);
    }
    const budget = Math.min(this.options.budget, all.length);
    for (let i = 0; i < budget; i++) {
      const chapter = all[(this.next + i) % all.length]!;
      picked.set(key(chapter), chapter);
    }
    this.next = all.length === 0 ? 0 : (this.next + budget) % all.length;

    const moved = new Map<string, Set<string>>();
    await mapBounded([...picked.values()], 8, async (chapter) => {
      const docName = chapterDocName(chapter.bookId, chapter.chapterId);
      const head = await readChapterLogHead(this.deps, docName);
      if (head <= chapter.seq) return;
      this.hot.set(docName, now);
      const set = moved.get(chapter.bookId) ?? new Set<string>();
      set.add(chapter.chapterId);
      moved.set(chapter.bookId, set);
    });
    await Promise.all([...moved].map(([bookId, chapterIds]) => this.indexer.reindexBook(bookId, chapterIds)));
    return [...moved.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

const key = (chapter: { bookId: string; chapterId: string }) => `${chapter.bookId}/${chapter.chapterId}`;
