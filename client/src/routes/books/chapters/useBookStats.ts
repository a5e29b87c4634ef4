import { BookStatsSchema } from '@galley/shared/api/bookStats';
import type { TextCounts } from '@galley/shared/manuscript/wordCount';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/apiError.ts';
import { useSession } from '../../../auth/session.tsx';
import { db } from '../../../offline/db.ts';
import { useOutbox } from '../../../offline/OutboxProvider.tsx';
import { countOnDevice } from './deviceWordCount.ts';

export type BookStatsView =
  | { status: 'loading' }
  | { status: 'unavailable' }
  /** `source: 'device'`: counted offline from the `counted` of `total` chapters this device holds. */
  | {
      status: 'ready';
      source: 'server' | 'device';
      words: number;
      characters: number;
      chapters: Map<string, TextCounts>;
      counted: number;
      total: number;
    };

/** The book's word counts: from the api, or when it cannot be reached, from the chapters on this device. */
export function useBookStats(bookId: string, chapterIds: readonly string[]): BookStatsView {
  const { client } = useSession();
  const { savedGeneration } = useOutbox();
  const [view, setView] = useState<BookStatsView>({ status: 'loading' });
  // Which chapters, not their order: a reorder changes no count.
  const idsKey = [...chapterIds].sort().join(',');

  useEffect(() => {
    let active = true;
    void savedGeneration; // a chapter was added or removed on the server: count again
    const ids = idsKey ? idsKey.split(',') : [];
    client
      .request('GET', `/api/books/${encodeURIComponent(bookId)}/stats`, { schema: BookStatsSchema })
      .then(
        (stats) => ({
          status: 'ready' as const,
          source: 'server' as const,
          words: stats.words,
          characters: stats.characters,
          chapters: new Map(stats.chapters.map(({ chapterId, ...counts }) => [chapterId, counts])),
          counted: stats.chapters.length,
          total: stats.chapters.length,
        }),
        async (error: unknown) => {
          if (!(error instanceof ApiError && error.isNetworkError)) return { status: 'unavailable' as const };
          const device = await countOnDevice(db, bookId, ids);
          return {
            status: 'ready' as const,
            source: 'device' as const,
            ...device,
            counted: device.chapters.size,
            total: ids.length,
          };
        },
      )
      .then(
        (next) => active && setView(next),
        () => active && setView({ status: 'unavailable' }),
      );
    return () => {
      active = false;
    };
  }, [client, bookId, idsKey, savedGeneration]);

  return view;
}
