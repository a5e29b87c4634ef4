import { useState } from 'react';
import { Link } from 'react-router';
import { kindLabel } from '../routes/books/chapters/chapterKinds.ts';
import { useBook } from '../routes/books/useBook.ts';
import './chapterNavigator.css';

const chapterPath = (bookId: string, chapterId: string) =>
  `/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(chapterId)}`;

/**
 * Previous / next and the whole list, beside the editor. Moving to another chapter stays on this page:
 * the chapter opens from the device at once (no network wait) and the one left closes its connection.
 */
export function ChapterNavigator({ bookId, chapterId }: { bookId: string; chapterId: string }) {
  const [view] = useBook(bookId);
  // The list is built only while open: a long book's titles stay out of the page until asked for.
  const [listOpen, setListOpen] = useState(false);
  if (view.status !== 'ready') return null;
  const chapters = [...view.book.chapters].sort((a, b) => a.order - b.order);
  const index = chapters.findIndex((chapter) => chapter.id === chapterId);
  const previous = index > 0 ? chapters[index - 1] : undefined;
  const next = index >= 0 ? chapters[index + 1] : undefined;
  return (
    <nav className="chapter-navigator" aria-label="Chapters of this book">
      <div className="chapter-navigator-steps">
        {previous ? (
          <Link
            to={chapterPath(bookId, previous.id)}
            rel="prev"
            aria-label={`Previous chapter: ${previous.title}`}
          >
            ← {previous.title}
          </Link>
        ) : (
          <span />
        )}
        {index >= 0 ? (
          <span className="muted">
            {index + 1} of {chapters.length}
          </span>
        ) : null}
        {next ? (
          <Link to={chapterPath(bookId, next.id)} rel="next" aria-label={`Next chapter: ${next.title}`}>
            {next.title} →
          </Link>
        ) : (
          <span />
        )}
      </div>
      <details className="chapter-navigator-list" onToggle={(event) => setListOpen(event.currentTarget.open)}>
        <summary>All chapters</summary>
        {listOpen ? (
          <ol>
            {chapters.map((chapter) => (
              <li key={chapter.id}>
                <Link
                  to={chapterPath(bookId, chapter.id)}
                  aria-current={chapter.id === chapterId ? 'page' : undefined}
                >
                  {chapter.title}
                </Link>
                {chapter.kind === 'chapter' ? null : <span className="badge">{kindLabel(chapter.kind)}</span>}
              </li>
            ))}
          </ol>
        ) : null}
      </details>
    </nav>
  );
}
