import { mayEditChapters } from '@galley/shared/bookControls';
import { can } from '@galley/shared/permissions';
import { Link, useParams } from 'react-router';
import { actorOf } from '../../auth/actor.ts';
import { useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { BookPresence } from '../../presence/BookPresence.tsx';
import { ActivitySection } from './activity/ActivitySection.tsx';
import { BookDetailsForm } from './BookDetailsForm.tsx';
import { statusLabel } from './bookLabels.ts';
import { ChapterSection } from './ChapterSection.tsx';
import { CoverSection } from './CoverSection.tsx';
import { ImportSection } from './import/ImportSection.tsx';
import { MediaLibrary } from './MediaLibrary.tsx';
import { MembersSection } from './members/MembersSection.tsx';
import { OfflineBookButton } from './OfflineBookButton.tsx';
import { useBook } from './useBook.ts';
import { ValidationPanel } from './ValidationPanel.tsx';

export default function BookPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const [view, reload] = useBook(id);
  useDocumentTitle(view.status === 'ready' ? view.book.title : 'Book');

  return (
    <section aria-labelledby="book-heading">
      <p>
        <Link to="/books">← My books</Link>
      </p>
      {view.status === 'loading' ? <p role="status">Loading…</p> : null}
      {view.status === 'error' ? (
        <div className="alert alert-error" role="alert">
          <p>{view.error.message}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      ) : null}
      {view.status === 'ready' ? (
        <>
          <h1 id="book-heading">{view.book.title}</h1>
          {view.book.subtitle ? <p className="subtitle">{view.book.subtitle}</p> : null}
          <p>
            <span className="badge">{statusLabel(view.book.status)}</span>
          </p>
          {view.cachedAt ? (
            <p className="notice" role="status">
              You are offline: this is the copy saved on this device at {formatDateTime(view.cachedAt)}.
            </p>
          ) : null}
          <p>
            <Link to={`/books/${encodeURIComponent(view.book.id)}/versions`}>Versions and changes</Link>
            {' · '}
            <Link to={`/books/${encodeURIComponent(view.book.id)}/exports`}>EPUB exports</Link>
          </p>
          <OfflineBookButton book={view.server} />
          <BookPresence bookId={view.book.id} chapters={view.book.chapters} />
          <ChapterSection book={view.book} canEdit={mayEditChapters(actorOf(user), view.book)} />
          {mayEditChapters(actorOf(user), view.book) ? (
            <ImportSection bookId={view.book.id} chapters={view.book.chapters} onImported={reload} />
          ) : null}
          <CoverSection
            bookId={view.book.id}
            canEdit={can(actorOf(user), 'update', 'book', { memberRole: view.book.role })}
          />
          <MediaLibrary bookId={view.book.id} canEdit={mayEditChapters(actorOf(user), view.book)} />
          <ValidationPanel bookId={view.book.id} />
          <MembersSection
            bookId={view.book.id}
            me={user.id}
            canManage={can(actorOf(user), 'manageMembers', 'book', { memberRole: view.book.role })}
          />
          <ActivitySection bookId={view.book.id} />
          {can(actorOf(user), 'update', 'book', { memberRole: view.book.role }) ? (
            // Keyed by the server version so the form starts again from what the server now holds.
            <BookDetailsForm key={view.server.version} book={view.book} server={view.server} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
