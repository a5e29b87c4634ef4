import type { BookDetail, ChapterKind, ChapterSummary } from '@galley/shared/api/books';
import type { TextCounts } from '@galley/shared/manuscript/wordCount';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { readingOrder } from '../../../offline/chapterOps.ts';
import { DeleteChapterDialog, RenameChapterDialog } from './ChapterDialogs.tsx';
import { CHAPTER_KINDS, kindLabel } from './chapterKinds.ts';
import { dropOrder, moveBy, movedMessage, shownOrder } from './chapterMoves.ts';
import { useChapterWrites } from './useChapterWrites.ts';
import './chapters.css';

type Writes = ReturnType<typeof useChapterWrites>;
type Dialog = { kind: 'rename' | 'delete'; chapter: ChapterSummary } | null;
const DRAG_TYPE = 'application/x-galley-chapter';

/**
 * The chapters in reading order with their kind and words. Writers also get, per chapter: move up and
 * down (keyboard; the move is announced), a drag handle (the same move by mouse), rename, kind and
 * delete. Every change shows at once and goes out through the outbox.
 */
export function ChapterList({
  book,
  canEdit,
  counts,
}: {
  book: BookDetail;
  canEdit: boolean;
  counts: Map<string, TextCounts> | null;
}) {
  const bookOrder = readingOrder(book);
  // A move shows at once, before the outbox hands the book back with it, so a second key press moves
  // from where the chapter now is (and the announcement matches the screen).
  const [localOrder, setLocalOrder] = useState<readonly string[] | null>(null);
  const ids = shownOrder(bookOrder, localOrder);
  const byId = new Map(book.chapters.map((chapter) => [chapter.id, chapter]));
  const chapters = ids.map((id) => byId.get(id)).filter((chapter) => chapter !== undefined);
  const writes = useChapterWrites(book);
  const bookOrderKey = bookOrder.join(',');
  const [announcement, setAnnouncement] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<{ id: string; before: boolean } | null>(null);
  // After a move the row's DOM node moves, which drops focus: put it back on the button pressed.
  const refocus = useRef<{ id: string; step: -1 | 1 } | null>(null);

  useEffect(() => {
    const wanted = refocus.current;
    // Only when focus was lost (to the body): never take it from where the user has since put it.
    if (!wanted || (document.activeElement && document.activeElement !== document.body)) return;
    const button = (step: number) =>
      document.querySelector<HTMLButtonElement>(`[data-move="${CSS.escape(wanted.id)}:${step}"]`);
    const target = button(wanted.step);
    if (target && !target.disabled) target.focus();
    else button(-wanted.step)?.focus();
  });

  useEffect(() => {
    if (!localOrder) return;
    const current = bookOrderKey.split(',');
    // The book has caught up, or its chapters changed: its own order is the one to show again.
    if (localOrder.join(',') === bookOrderKey || shownOrder(current, localOrder) !== localOrder)
      setLocalOrder(null);
  }, [bookOrderKey, localOrder]);

  const move = (chapter: ChapterSummary, order: string[]) => {
    setLocalOrder(order);
    writes.reorder(order, ids).catch(() => setLocalOrder(null));
    setAnnouncement(movedMessage(chapter.title, order.indexOf(chapter.id), order.length));
  };

  const moveStep = (chapter: ChapterSummary, step: -1 | 1) => {
    const order = moveBy(ids, chapter.id, step);
    if (!order) return;
    refocus.current = { id: chapter.id, step };
    move(chapter, order);
  };

  const isUpperHalf = (event: DragEvent<HTMLElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2;
  };

  const drop = (event: DragEvent<HTMLLIElement>, target: ChapterSummary) => {
    event.preventDefault();
    const id = event.dataTransfer.getData(DRAG_TYPE) || dragged;
    setDragged(null);
    setDropTarget(null);
    const chapter = chapters.find((c) => c.id === id);
    const order = chapter ? dropOrder(ids, chapter.id, target.id, isUpperHalf(event)) : null;
    if (chapter && order) move(chapter, order);
  };

  if (chapters.length === 0) return <p className="empty">This book has no chapters yet.</p>;
  return (
    <>
      <ol className={`chapter-list${canEdit ? ' chapter-list-editable' : ''}`} aria-label="Chapters">
        {chapters.map((chapter, index) => (
          <li
            key={chapter.id}
            data-chapter-id={chapter.id}
            className={[
              `chapter-kind-${chapter.kind}`,
              dragged === chapter.id ? 'is-dragged' : '',
              dropTarget?.id === chapter.id ? (dropTarget.before ? 'drop-before' : 'drop-after') : '',
            ].join(' ')}
            {...(canEdit
              ? {
                  onDragOver: (event: DragEvent<HTMLLIElement>) => {
                    if (!dragged && !event.dataTransfer.types.includes(DRAG_TYPE)) return;
                    event.preventDefault();
                    event.dataTransfer.dropEffect = 'move';
                    const before = isUpperHalf(event);
                    if (dropTarget?.id !== chapter.id || dropTarget.before !== before)
                      setDropTarget({ id: chapter.id, before });
                  },
                  onDrop: (event: DragEvent<HTMLLIElement>) => drop(event, chapter),
                }
              : {})}
          >
            {canEdit ? (
              <span
                className="drag-handle"
                draggable
                title="Drag to move"
                aria-hidden="true"
                onDragStart={(event) => {
                  event.dataTransfer.setData(DRAG_TYPE, chapter.id);
                  event.dataTransfer.setData('text/plain', chapter.title);
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setDragImage(
                    event.currentTarget.parentElement ?? event.currentTarget,
                    12,
                    12,
                  );
                  setDragged(chapter.id);
                }}
                onDragEnd={() => {
                  setDragged(null);
                  setDropTarget(null);
                }}
              >
                ⠿
              </span>
            ) : null}
            <span className="chapter-name">
              <Link to={`/books/${encodeURIComponent(book.id)}/chapters/${encodeURIComponent(chapter.id)}`}>
                {chapter.title}
              </Link>
              <span className={`badge badge-kind badge-${chapter.kind}`}>{kindLabel(chapter.kind)}</span>
              <ChapterWords counts={counts?.get(chapter.id) ?? null} known={counts !== null} />
            </span>
            {canEdit ? (
              <ChapterActions
                chapter={chapter}
                first={index === 0}
                last={index === chapters.length - 1}
                onMove={(step) => moveStep(chapter, step)}
                onKind={(kind) => void writes.setKind(chapter, kind)}
                onDialog={(kind) => setDialog({ kind, chapter })}
              />
            ) : null}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="chapter-announcement">
        {announcement}
      </p>
      <ChapterDialog dialog={dialog} writes={writes} onClose={() => setDialog(null)} />
    </>
  );
}

function ChapterWords({ counts, known }: { counts: TextCounts | null; known: boolean }) {
  if (!known) return null;
  return (
    <span className="chapter-words muted">
      {counts
        ? `${counts.words.toLocaleString()} ${counts.words === 1 ? 'word' : 'words'}`
        : 'not on this device'}
    </span>
  );
}

function ChapterActions({
  chapter,
  first,
  last,
  onMove,
  onKind,
  onDialog,
}: {
  chapter: ChapterSummary;
  first: boolean;
  last: boolean;
  onMove: (step: -1 | 1) => void;
  onKind: (kind: ChapterKind) => void;
  onDialog: (kind: 'rename' | 'delete') => void;
}) {
  const name = `“${chapter.title}”`;
  return (
    <span className="chapter-actions">
      <button
        type="button"
        className="button button-small"
        data-move={`${chapter.id}:-1`}
        aria-label={`Move ${name} up`}
        disabled={first}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button button-small"
        data-move={`${chapter.id}:1`}
        aria-label={`Move ${name} down`}
        disabled={last}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      <select
        aria-label={`Kind of ${name}`}
        value={chapter.kind}
        onChange={(event) => onKind(event.target.value as ChapterKind)}
      >
        {CHAPTER_KINDS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button-small"
        aria-label={`Rename ${name}`}
        onClick={() => onDialog('rename')}
      >
        Rename
      </button>
      <button
        type="button"
        className="button button-small"
        aria-label={`Delete ${name}`}
        onClick={() => onDialog('delete')}
      >
        Delete
      </button>
    </span>
  );
}

function ChapterDialog({ dialog, writes, onClose }: { dialog: Dialog; writes: Writes; onClose: () => void }) {
  if (!dialog) return null;
  const { chapter } = dialog;
  return dialog.kind === 'rename' ? (
    <RenameChapterDialog
      key={chapter.id}
      chapter={chapter}
      onRename={(title) => void writes.rename(chapter, title)}
      onClose={onClose}
    />
  ) : (
    <DeleteChapterDialog
      key={chapter.id}
      chapter={chapter}
      onDelete={() => void writes.remove(chapter)}
      onClose={onClose}
    />
  );
}
