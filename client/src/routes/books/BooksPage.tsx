import { Link } from 'react-router';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useLoad } from '../../components/useLoad.ts';
import { statusLabel } from './bookLabels.ts';

export default function BooksPage() {
  useDocumentTitle('My books');
  const { api } = useSession();
  const user = useUser();
  const [state, reload] = useLoad(() => api.books.list(), [api]);
  return (
    <section aria-labelledby="books-heading">
      <h1 id="books-heading">My books</h1>
      <LoadState state={state} retry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="empty">You have no books yet.</p>
          ) : (
            <ul className="card-list">
              {items.map((book) => (
                <li key={book.id} className="card">
                  <div>
                    <h2 className="card-title">
                      <Link to={`/books/${encodeURIComponent(book.id)}`}>{book.title}</Link>
                    </h2>
                    {book.subtitle ? <p>{book.subtitle}</p> : null}
                    <p className="muted">
                      <span className="badge">{statusLabel(book.status)}</span> Updated{' '}
                      {formatDateTime(book.updatedAt, user.profile.timeZone)}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </section>
  );
}
