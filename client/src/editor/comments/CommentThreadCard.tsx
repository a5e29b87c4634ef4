import type { CommentPerson, CommentThread } from '@galley/shared/manuscript/comments';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentMessage } from './CommentMessage.tsx';

export interface ThreadActions {
  show(thread: CommentThread): void;
  reply(threadId: string, body: string): boolean;
  setResolved(threadId: string, resolved: boolean): void;
  edit(threadId: string, replyId: string | undefined, body: string): boolean;
  deleteThread(threadId: string): void;
  deleteReply(threadId: string, replyId: string): void;
}

interface CommentThreadCardProps {
  thread: CommentThread;
  me: CommentPerson;
  canComment: boolean;
  active: boolean;
  actions: ThreadActions;
}

/** One thread: the text it is on (a button that shows it in the editor), its messages, reply and resolve. */
export function CommentThreadCard({ thread, me, canComment, active, actions }: CommentThreadCardProps) {
  const headingId = `comment-thread-${thread.id}`;
  const classes = ['comment-thread', active ? 'is-active' : '', thread.resolved ? 'is-resolved' : ''];
  return (
    <article
      className={classes.filter(Boolean).join(' ')}
      aria-labelledby={headingId}
      data-thread-id={thread.id}
    >
      <h3 id={headingId} className="comment-quote-heading">
        {thread.anchor.onDeletedText ? (
          <span className="comment-quote comment-quote-deleted">
            <span className="comment-quote-label">On deleted text:</span> <s>“{thread.quote}”</s>
          </span>
        ) : (
          <button
            type="button"
            className="comment-quote"
            aria-current={active ? 'true' : undefined}
            onClick={() => actions.show(thread)}
          >
            <span className="visually-hidden">Show in text: </span>“{thread.anchor.text}”
          </button>
        )}
      </h3>
      {thread.resolved ? (
        <p className="comment-resolved-note muted">
          Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ''}
        </p>
      ) : null}
      <CommentMessage
        message={thread}
        mine={canComment && thread.author.id === me.id}
        deleteLabel="Delete thread"
        onEdit={(body) => actions.edit(thread.id, undefined, body)}
        onDelete={() => actions.deleteThread(thread.id)}
      />
      {thread.replies.length > 0 ? (
        <ol className="comment-replies" aria-label="Replies">
          {thread.replies.map((message) => (
            <li key={message.id}>
              <CommentMessage
                message={message}
                mine={canComment && message.author.id === me.id}
                deleteLabel="Delete reply"
                onEdit={(body) => actions.edit(thread.id, message.id, body)}
                onDelete={() => actions.deleteReply(thread.id, message.id)}
              />
            </li>
          ))}
        </ol>
      ) : null}
      {canComment ? (
        <>
          {thread.resolved ? null : (
            <CommentComposer
              label={`Reply to ${thread.author.name}`}
              submitLabel="Reply"
              onSubmit={(body) => actions.reply(thread.id, body)}
            />
          )}
          <div className="comment-actions">
            <button
              type="button"
              className="button"
              onClick={() => actions.setResolved(thread.id, !thread.resolved)}
            >
              {thread.resolved ? 'Reopen' : 'Resolve'}
            </button>
          </div>
        </>
      ) : null}
    </article>
  );
}
