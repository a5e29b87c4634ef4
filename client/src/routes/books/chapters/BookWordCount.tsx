import type { BookStatsView } from './useBookStats.ts';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The book's totals, saying plainly when they were counted on this device rather than by the server. */
export function BookWordCount({ stats }: { stats: BookStatsView }) {
  if (stats.status === 'loading') return <p className="book-word-count muted">Counting words…</p>;
  if (stats.status === 'unavailable') return null;
  return (
    <p className="book-word-count" data-testid="book-word-count">
      <strong>{plural(stats.words, 'word', 'words')}</strong> ·{' '}
      {plural(stats.characters, 'character', 'characters')}
      {stats.source === 'device' ? (
        <span className="muted">
          {' '}
          — counted offline from{' '}
          {stats.counted === stats.total
            ? 'the chapters on this device'
            : `the ${stats.counted} of ${stats.total} chapters on this device`}
        </span>
      ) : null}
    </p>
  );
}
