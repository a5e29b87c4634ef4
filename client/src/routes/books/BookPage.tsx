import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useLoad } from '../../components/useLoad.ts';
import { statusLabel } from './bookLabels.ts';

export default function BookPage() {
  const { id = '' } = useParams();
  const { api } = useSession();
  const [state, reload] = useLoad(() => api.books.get(id), [api, id]);
  useDocumentTitle(state.status === 'ready' ? state.data.title : 'Book');
  return (
    <section aria-labelledby="book-heading">
      <p>
        <Link to="/books">← My books</Link>
      </p>
      <LoadState state={state} retry={reload}>
        {(book) => (
          <>
            <h1 id="book-heading">{book.title}</h1>
            {book.subtitle ? <p className="subtitle">{book.subtitle}</p> : null}
            <p>
              <span className="badge">{statusLabel(book.status)}</span>
            </p>
            <h2>Chapters</h2>
            {book.chapters.length === 0 ? (
              <p className="empty">This book has no chapters yet.</p>
            ) : (
              <ol className="chapter-list">
                {[...book.chapters]
                  .sort((a, b) => a.order - b.order)
                  .map((chapter) => (
                    <li key={chapter.id}>{chapter.title}</li>
                  ))}
              </ol>
            )}
          </>
        )}
      </LoadState>
    </section>
  );
}
