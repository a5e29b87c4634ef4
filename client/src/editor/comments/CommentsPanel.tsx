import {
  CommentError,
  CommentErrorCode,
  type CommentMember,
  type CommentPerson,
  createThread,
  deleteReply,
  deleteThread,
  editBody,
  reopen,
  reply,
  resolve,
} from '@galley/shared/manuscript/comments';
import { type Editor, useEditorState } from '@tiptap/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentThreadCard, type ThreadActions } from './CommentThreadCard.tsx';
import type { CommentHighlightsStorage } from './commentHighlights.ts';
import {
  activeThreadId,
  hasHighlights,
  selectionAnchor,
  selectionHasText,
  showThreadInEditor,
} from './editorBridge.ts';
import { type PendingAnchor, recallAnchor, rememberAnchor } from './positions.ts';
import { useCommentThreads } from './useCommentThreads.ts';
import { useNewThreadAnnouncer } from './useNewThreadAnnouncer.ts';

export interface CommentsPanelProps {
  /** The chapter's Y.Doc (threads live in its `comments` root map). */
  doc: Y.Doc;
  /** The chapter's editor, with the CommentHighlights extension registered on the same doc. */
  editor: Editor;
  me: CommentPerson;
  /** The book's members: who can be @mentioned. */
  members: readonly CommentMember[];
  /** Comment or edit access; readers see the threads only. */
  canComment: boolean;
}

const MAX_NAMES_IN_HINT = 6;

/**
 * The side panel of inline comments: open threads in text order (resolved ones on request), each
 * with its quoted text, replies, a reply box and resolve/reopen; "Comment" starts a thread on the
 * selection (also Ctrl/⌘+Alt+M in the text). Remote threads appear as they arrive.
 */
export function CommentsPanel({ doc, editor, me, members, canComment }: CommentsPanelProps) {
  const headingId = useId();
  const panel = useRef<HTMLElement>(null);
  const threads = useCommentThreads(doc);
  const [showResolved, setShowResolved] = useState(false);
  const [draft, setDraft] = useState<{ anchor: PendingAnchor; quote: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const hasSelection = useEditorState({
    editor,
    selector: ({ editor: current }) => selectionHasText(current),
  });
  const activeId = useEditorState({ editor, selector: ({ editor: current }) => activeThreadId(current) });
  useNewThreadAnnouncer(threads, me, setStatus);

  const run = useCallback((action: () => void, done?: string): boolean => {
    try {
      action();
      setError(null);
      if (done) setStatus(done);
      return true;
    } catch (caught) {
      setError(caught instanceof CommentError ? caught.message : 'That did not work; please try again.');
      return false;
    }
  }, []);

  const startComment = useCallback(() => {
    const anchor = selectionAnchor(editor, doc);
    if (!anchor) {
      setError('Select some text in the chapter to comment on it.');
      return;
    }
    setError(null);
    setDraft({ anchor: rememberAnchor(anchor), quote: anchor.quote });
  }, [editor, doc]);

  useEffect(() => {
    const storage = editor.storage.commentHighlights as CommentHighlightsStorage | undefined;
    if (!storage || !canComment) return;
    storage.onCommentShortcut = startComment;
    return () => {
      if (storage.onCommentShortcut === startComment) storage.onCommentShortcut = null;
    };
  }, [editor, canComment, startComment]);

  // A thread chosen by clicking its text comes into view in the panel.
  useEffect(() => {
    if (!activeId) return;
    const card = panel.current?.querySelector(`[data-thread-id="${CSS.escape(activeId)}"]`);
    card?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const addThread = (body: string) =>
    run(() => {
      const anchor = draft && recallAnchor(doc, draft.anchor);
      if (!anchor)
        throw new CommentError(CommentErrorCode.invalidAnchor, 'The selected text was deleted meanwhile.');
      const id = createThread(doc, {
        anchorFrom: anchor.from,
        anchorTo: anchor.to,
        body,
        author: me,
        members,
        now: new Date(),
      });
      setDraft(null);
      if (hasHighlights(editor)) editor.commands.setActiveCommentThread(id);
    }, 'Comment added.');

  const actions = useMemo<ThreadActions>(
    () => ({
      show: (thread) => showThreadInEditor(editor, doc, thread),
      reply: (threadId, body) =>
        run(() => reply(doc, { threadId, body, author: me, members, now: new Date() }), 'Reply added.'),
      setResolved: (threadId, resolved) =>
        run(
          () => (resolved ? resolve(doc, { threadId, by: me, now: new Date() }) : reopen(doc, { threadId })),
          resolved ? 'Thread resolved.' : 'Thread reopened.',
        ),
      edit: (threadId, replyId, body) =>
        run(
          () => editBody(doc, { threadId, replyId, body, by: me.id, members, now: new Date() }),
          'Comment saved.',
        ),
      deleteThread: (threadId) => run(() => deleteThread(doc, { threadId, by: me.id }), 'Thread deleted.'),
      deleteReply: (threadId, replyId) =>
        run(() => deleteReply(doc, { threadId, replyId, by: me.id }), 'Reply deleted.'),
    }),
    [editor, doc, me, members, run],
  );

  const openCount = threads.filter((thread) => !thread.resolved).length;
  const resolvedCount = threads.length - openCount;
  const visible = showResolved ? threads : threads.filter((thread) => !thread.resolved);
  const names = members.slice(0, MAX_NAMES_IN_HINT).map((member) => member.name);
  const mentionHint = names.length
    ? `Mention someone with @ and their name (${names.join(', ')}${members.length > names.length ? ', …' : ''}).`
    : undefined;

  return (
    <aside className="comments-panel" aria-labelledby={headingId} ref={panel}>
      <div className="comments-panel-header">
        <h2 id={headingId}>Comments</h2>
        <span className="badge">{openCount} open</span>
      </div>
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {canComment && draft ? (
        <div className="comment-draft">
          <blockquote className="comment-draft-quote">{draft.quote}</blockquote>
          <CommentComposer
            label="Comment on the selected text"
            submitLabel="Add comment"
            mentionHint={mentionHint}
            autoFocus
            onSubmit={addThread}
            onCancel={() => {
              setDraft(null);
              editor.commands.focus();
            }}
          />
        </div>
      ) : null}
      {canComment && !draft ? (
        <div className="comment-start">
          <button
            type="button"
            className="button button-primary"
            onClick={startComment}
            disabled={!hasSelection}
            aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
          >
            Comment
          </button>
          <span className="field-hint">
            {hasSelection ? 'on the selected text' : 'Select text in the chapter first.'}
          </span>
        </div>
      ) : null}
      {resolvedCount > 0 ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showResolved}
            onChange={(event) => setShowResolved(event.target.checked)}
          />
          Show resolved ({resolvedCount})
        </label>
      ) : null}
      {visible.length > 0 ? (
        <ol className="comment-threads">
          {visible.map((thread) => (
            <li key={thread.id}>
              <CommentThreadCard
                thread={thread}
                me={me}
                canComment={canComment}
                active={thread.id === activeId}
                actions={actions}
              />
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">
          {canComment ? 'No open comments. Select text and choose Comment.' : 'No open comments.'}
        </p>
      )}
    </aside>
  );
}
