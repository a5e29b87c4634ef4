import { BookSummarySchema } from '@galley/shared/api/books';
import { pageOf } from '@galley/shared/api/common';
import { can } from '@galley/shared/permissions';
import { Link } from 'react-router';
import { actorOf } from '../../auth/actor.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useLoad } from '../../components/useLoad.ts';
import { CacheKeys, readThrough } from '../../offline/apiCache.ts';
import { db } from '../../offline/db.ts';
import { statusLabel } from './bookLabels.ts';
import { NewBookFromFile } from './import/NewBookFromFile.tsx';

const BookListSchema = pageOf(BookSummarySchema);

export default function BooksPage() {
  useDocumentTitle('My books');
  const { api } = useSession();
  const user = useUser();
  // Kept on the device, so the library opens with no network (with a note saying so).
  const [state, reload] = useLoad(
    () => readThrough(db, user.id, CacheKeys.books, BookListSchema, () => api.books.list()),
    [api, user.id],
  );
  return (
    <section aria-labelledby="books-heading">
      <h1 id="books-heading">My books</h1>
      {can(actorOf(user), 'create', 'book') ? <NewBookFromFile /> : null}
      <LoadState state={state} retry={reload}>
        {({ data: { items }, cachedAt }) =>
          items.length === 0 ? (
            <p className="empty">You have no books yet.</p>
          ) : (
            <>
              {cachedAt ? (
                <p className="notice" role="status">
                  You are offline: this list was saved on this device at{' '}
                  {formatDateTime(cachedAt, user.profile.timeZone)}.
                </p>
              ) : null}
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
            </>
          )
        }
      </LoadState>
    </section>
  );
}
