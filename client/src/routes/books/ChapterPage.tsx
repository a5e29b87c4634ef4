import type { BookMember } from '@galley/shared/api/books';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { endpoints } from '../../api/endpoints.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { ChapterEditor } from '../../editor/ChapterEditor.tsx';
import { ChapterNavigator } from '../../editor/ChapterNavigator.tsx';
import { positionInLink } from '../../editor/chapterPlace.ts';
import { ChapterSessionModel } from '../../editor/chapterSessionModel.ts';
import { ChapterCommentsPanel } from '../../editor/comments/ChapterCommentsPanel.tsx';
import { SelectPosition } from '../../editor/SelectPosition.tsx';
import { db } from '../../offline/db.ts';
import { ChapterPresence } from '../../presence/ChapterPresence.tsx';

type Opening =
  | { status: 'opening' }
  | { status: 'open'; model: ChapterSessionModel }
  | { status: 'failed'; message: string };

/**
 * `/books/:bookId/chapters/:chapterId`, its own lazy chunk (TipTap, Yjs and the sync client load only
 * here). The chapter opens from IndexedDB first, so it works with no network; the title comes from the
 * api when it answers and from the device's memory when it does not.
 */
export default function ChapterPage() {
  const { bookId = '', chapterId = '' } = useParams();
  // The client is one object for the app's life; the context's `api` is rebuilt whenever the user
  // record refreshes, which must not close and reopen the chapter.
  const { client } = useSession();
  const api = useMemo(() => endpoints(client), [client]);
  const user = useUser();
  const [opening, setOpening] = useState<Opening>({ status: 'opening' });
  const [members, setMembers] = useState<BookMember[]>([]);
  // `?at=<position>`: opened from a validation problem or an export finding; the editor selects that spot.
  const [searchParams] = useSearchParams();
  const at = positionInLink(searchParams);
  const [names, setNames] = useState<{ book: string | null; chapter: string | null }>({
    book: null,
    chapter: null,
  });

  useEffect(() => {
    // Chapters live on this device first: ask the browser not to evict them under storage pressure.
    void navigator.storage?.persist?.().catch(() => false);
  }, []);

  useEffect(() => {
    const model = new ChapterSessionModel({
      db,
      bookId,
      chapterId,
      requestToken: () => api.syncTokens.create(bookId),
    });
    let active = true;
    setOpening({ status: 'opening' });
    // Switched to another chapter: the last one's title must not stay on screen (offline, no answer replaces it).
    setNames((n) => ({ ...n, chapter: null }));
    model.open().then(
      () => {
        if (!active) return;
        setOpening({ status: 'open', model });
        setNames((n) => ({ ...n, chapter: n.chapter ?? model.cachedTitle }));
      },
      (error: unknown) => {
        console.error(error);
        if (active)
          setOpening({ status: 'failed', message: 'This device could not open its copy of the chapter.' });
      },
    );
    api.books.get(bookId).then(
      (book) => {
        const chapter = book.chapters.find((c) => c.id === chapterId);
        if (!active) return;
        setNames({ book: book.title, chapter: chapter?.title ?? null });
        if (chapter) model.rememberTitle(chapter.title);
      },
      () => {
        // Offline: the title the device remembers is shown instead.
      },
    );
    api.books.members(bookId).then(
      ({ items }) => active && setMembers(items),
      () => {
        // Offline: mentions offer no names until the list can be read.
      },
    );
    return () => {
      active = false;
      model.close();
    };
  }, [api, bookId, chapterId]);

  const title = names.chapter ?? 'Chapter';
  useDocumentTitle(title);
  return (
    <section aria-labelledby="chapter-heading" className="chapter-page">
      <p>
        <Link to={`/books/${encodeURIComponent(bookId)}`}>← {names.book ?? 'Book'}</Link>
      </p>
      <ChapterNavigator bookId={bookId} chapterId={chapterId} />
      <h1 id="chapter-heading" className="chapter-page-title">
        {title}
      </h1>
      {opening.status === 'open' ? <ChapterPresence model={opening.model} /> : null}
      {opening.status === 'opening' ? (
        <p role="status">Opening…</p>
      ) : opening.status === 'failed' ? (
        <p className="alert alert-error" role="alert">
          {opening.message}
        </p>
      ) : (
        <ChapterEditor key={opening.model.docName} model={opening.model} user={user} title={title}>
          {at !== null ? <SelectPosition at={at} /> : null}
          <ChapterCommentsPanel me={user} members={members} />
        </ChapterEditor>
      )}
    </section>
  );
}
