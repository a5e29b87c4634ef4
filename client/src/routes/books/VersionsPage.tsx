import {
  type BookVersion,
  BookVersionPageSchema,
  BookVersionSchema,
  type ChapterComparison,
  type VersionComparison,
  VersionComparisonSchema,
  VersionRestoreResultSchema,
} from '@galley/shared/api/versions';
import { mayEditChapters, mayRestoreBook, mayRestoreChapter } from '@galley/shared/bookControls';
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';
import { actorOf } from '../../auth/actor.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ErrorAlert } from '../../components/forms.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { statusLabel } from './bookLabels.ts';
import { exportEndpoints } from './exports/exportsApi.ts';
import { useBook } from './useBook.ts';

const enc = encodeURIComponent;

/** Versions one "Load older versions" brings; a book under a long workflow gathers many automatic ones. */
export const VERSIONS_PAGE_SIZE = 20;

/**
 * Versions of a book: take a named one (writers), compare any two (or one with the book as it is
 * now) chapter by chapter with insertions and deletions marked, and restore a chapter or the whole
 * book from a version as a new change.
 */
export default function VersionsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const { client } = useSession();
  const [view, reloadBook] = useBook(id);
  useDocumentTitle('Versions');
  const [error, setError] = useState<ApiError | null>(null);
  const [comparison, setComparison] = useState<VersionComparison | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const actor = actorOf(user);
  const canWrite = view.status === 'ready' && mayEditChapters(actor, view.book);
  const canRestoreBook = view.status === 'ready' && mayRestoreBook(actor, view.book);
  const canRestoreChapter = view.status === 'ready' && mayRestoreChapter(actor, view.book);
  const navigate = useNavigate();
  const exports = useMemo(() => exportEndpoints(client), [client]);
  const [exporting, setExporting] = useState<string | null>(null);

  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      client.request('GET', `/api/books/${enc(id)}/versions`, {
        query: { limit: VERSIONS_PAGE_SIZE, cursor },
        schema: BookVersionPageSchema,
      }),
    [client, id],
  );
  const list = usePagedList(fetchPage, id);
  const versions = list.items;

  const compare = (from: string, to: string) => {
    setError(null);
    client
      .request('GET', `/api/books/${enc(id)}/versions/compare`, {
        query: { from, to },
        schema: VersionComparisonSchema,
      })
      .then(setComparison, setError);
  };

  // Anyone who may read the book may export it (this page is theirs too). The exports page follows the
  // new job: it picks up the latest export while it is still under way.
  const exportVersion = (version: BookVersion) => {
    setError(null);
    setExporting(version.id);
    exports.start(id, version.id).then(
      () => navigate(`/books/${enc(id)}/exports`),
      (failure: ApiError) => {
        setExporting(null);
        setError(failure);
      },
    );
  };

  const restore = (version: BookVersion, chapterId?: string) => {
    const what = chapterId ? 'this chapter' : 'the whole book (text, metadata and chapter list)';
    if (!window.confirm(`Restore ${what} to “${version.name}”? The current text stays in the history.`))
      return;
    // The whole book replaces the metadata: it says which version of the book it replaces, so a
    // change someone made meanwhile comes back as a conflict instead of being overwritten.
    const bookVersion = view.status === 'ready' ? view.book.version : null;
    if (!chapterId && bookVersion === null) return;
    client
      .request('POST', `/api/books/${enc(id)}/versions/${enc(version.id)}/restore`, {
        body: chapterId ? { chapterId } : { version: bookVersion },
        schema: VersionRestoreResultSchema,
      })
      .then((result) => {
        const restored = result.chapters.filter((c) => c.outcome === 'restored').length;
        const recreated = result.recreatedChapters.length;
        setNotice(
          `Restored ${restored} chapter${restored === 1 ? '' : 's'} from “${version.name}”.` +
            (result.book ? ' The title, metadata and chapter list are as they were then.' : '') +
            (recreated > 0
              ? ` ${recreated} deleted chapter${recreated === 1 ? ' was' : 's were'} brought back.`
              : ''),
        );
        setComparison(null);
        // A whole-book restore changed the book itself (title, version): show it as it now is.
        if (result.book) reloadBook();
      }, setError);
  };

  return (
    <section aria-labelledby="versions-heading">
      <p>
        <Link to={`/books/${enc(id)}`}>← Back to the book</Link>
      </p>
      <h1 id="versions-heading">Versions{view.status === 'ready' ? ` of ${view.book.title}` : ''}</h1>
      <ErrorAlert error={error ?? list.error} />
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {canWrite ? (
        <TakeVersionForm bookId={id} onTaken={() => void list.reload()} onError={setError} />
      ) : null}
      <VersionList
        versions={versions}
        loading={list.loading}
        canRestore={canRestoreBook}
        onRestore={restore}
        exporting={exporting}
        onExport={exportVersion}
      />
      {list.hasMore ? (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => void list.loadMore()}
            disabled={list.loading}
            aria-busy={list.loading || undefined}
          >
            {list.loading ? 'Loading…' : 'Load older versions'}
          </button>
        </p>
      ) : null}
      {versions.length > 0 ? <CompareForm versions={versions} onCompare={compare} /> : null}
      {comparison ? (
        <ComparisonView
          comparison={comparison}
          restorable={canRestoreChapter ? versions.find((v) => v.id === comparison.from.ref) : undefined}
          onRestore={restore}
        />
      ) : null}
    </section>
  );
}

function TakeVersionForm(props: { bookId: string; onTaken: () => void; onError: (e: ApiError) => void }) {
  const { client } = useSession();
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    client
      .request('POST', `/api/books/${enc(props.bookId)}/versions`, {
        body: { name },
        schema: BookVersionSchema,
      })
      .then(() => {
        setName('');
        props.onTaken();
      }, props.onError)
      .finally(() => setPending(false));
  };
  return (
    <form onSubmit={submit} className="stack">
      <label htmlFor="version-name">Name a version of the book as it is now</label>
      <input
        id="version-name"
        value={name}
        maxLength={120}
        required
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button" disabled={pending} aria-busy={pending || undefined}>
        {pending ? 'Saving…' : 'Save version'}
      </button>
    </form>
  );
}

function VersionList(props: {
  versions: BookVersion[];
  loading: boolean;
  canRestore: boolean;
  onRestore: (version: BookVersion) => void;
  /** The version whose export is being started, if any. */
  exporting: string | null;
  onExport: (version: BookVersion) => void;
}) {
  if (props.versions.length === 0) return props.loading ? null : <p>No versions yet.</p>;
  return (
    <ul className="versions">
      {props.versions.map((version) => (
        <li key={version.id}>
          <strong>{version.name}</strong> — {formatDateTime(version.createdAt)}
          {version.automatic ? <AutomaticBadge version={version} /> : null}
          {props.canRestore ? (
            <button type="button" className="button" onClick={() => props.onRestore(version)}>
              Restore book
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => props.onExport(version)}
            disabled={props.exporting !== null}
            aria-busy={props.exporting === version.id || undefined}
            aria-label={`Export “${version.name}” as EPUB`}
          >
            {props.exporting === version.id ? 'Starting export…' : 'Export EPUB'}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Marks a version the workflow took by itself, and says at which transition. */
function AutomaticBadge({ version }: { version: BookVersion }) {
  const trigger = version.trigger;
  const why = trigger
    ? `Taken automatically when the book went from ${statusLabel(trigger.from)} to ${statusLabel(trigger.to)}`
    : 'Taken automatically by the workflow';
  return (
    <span className="badge" title={why}>
      automatic<span className="visually-hidden">: {why}</span>
    </span>
  );
}

function CompareForm(props: { versions: BookVersion[]; onCompare: (from: string, to: string) => void }) {
  const [from, setFrom] = useState(props.versions[0]?.id ?? 'current');
  const [to, setTo] = useState('current');
  const options = [
    <option key="current" value="current">
      The book now
    </option>,
    ...props.versions.map((v) => (
      <option key={v.id} value={v.id}>
        {v.name} ({formatDateTime(v.createdAt)})
      </option>
    )),
  ];
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        props.onCompare(from, to);
      }}
    >
      <label htmlFor="compare-from">Compare</label>
      <select id="compare-from" value={from} onChange={(e) => setFrom(e.target.value)}>
        {options}
      </select>
      <label htmlFor="compare-to">with</label>
      <select id="compare-to" value={to} onChange={(e) => setTo(e.target.value)}>
        {options}
      </select>
      <button type="submit" className="button">
        Compare
      </button>
    </form>
  );
}

function ComparisonView(props: {
  comparison: VersionComparison;
  restorable: BookVersion | undefined;
  onRestore: (version: BookVersion, chapterId: string) => void;
}) {
  const names = new Map(props.comparison.people.map((p) => [p.id, p.name]));
  const changed = props.comparison.chapters.filter((c) => c.status !== 'unchanged');
  if (changed.length === 0) return <p role="status">No differences.</p>;
  return (
    <div role="status" className="comparison">
      {changed.map((chapter) => (
        <article key={chapter.chapterId} aria-label={chapter.toTitle ?? chapter.fromTitle ?? ''}>
          <h2>
            {chapter.toTitle ?? chapter.fromTitle} <span className="badge">{chapter.status}</span>
          </h2>
          <ChapterBlocks chapter={chapter} names={names} />
          {props.restorable && chapter.status === 'changed' ? (
            <button
              type="button"
              className="button"
              onClick={() => props.onRestore(props.restorable as BookVersion, chapter.chapterId)}
            >
              Restore this chapter from “{props.restorable.name}”
            </button>
          ) : null}
        </article>
      ))}
    </div>
  );
}

/** Blocks and runs have no ids of their own: keys are their place in the comparison, which never changes. */
function keyed<T>(items: T[], prefix: string): { key: string; item: T }[] {
  const out: { key: string; item: T }[] = [];
  for (const item of items) out.push({ key: `${prefix}${out.length}`, item });
  return out;
}

function ChapterBlocks({ chapter, names }: { chapter: ChapterComparison; names: Map<string, string> }) {
  return (
    <>
      {keyed(chapter.blocks, 'b').map(({ key, item: block }) => (
        <p key={key} data-change={block.change ?? undefined}>
          {keyed(block.segments, 's').map(({ key: segmentKey, item: segment }) => {
            const who = segment.by ? ` by ${names.get(segment.by) ?? 'someone'}` : '';
            if (segment.change === 'inserted') {
              return (
                <ins key={segmentKey} title={`Inserted${who}`}>
                  {segment.text}
                </ins>
              );
            }
            if (segment.change === 'deleted') {
              return (
                <del key={segmentKey} title={`Deleted${who}`}>
                  {segment.text}
                </del>
              );
            }
            return <span key={segmentKey}>{segment.text}</span>;
          })}
        </p>
      ))}
    </>
  );
}
