import type { CommentPerson } from '@galley/shared/manuscript/comments';
import { type ReactNode, useState } from 'react';
import { formatDateTime } from '../../components/format.ts';
import { CommentComposer } from './CommentComposer.tsx';

export interface MessageView {
  body: string;
  author: CommentPerson;
  createdAt: string;
  editedAt: string | null;
  mentions: CommentPerson[];
}

interface CommentMessageProps {
  message: MessageView;
  /** The author may edit and delete their own message (the model checks it again). */
  mine: boolean;
  deleteLabel: string;
  onEdit(body: string): boolean;
  onDelete(): void;
}

export function CommentMessage({ message, mine, deleteLabel, onEdit, onDelete }: CommentMessageProps) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="comment-message">
      <p className="comment-meta">
        <strong>{message.author.name}</strong>{' '}
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        {message.editedAt ? <span className="muted"> (edited)</span> : null}
      </p>
      {editing ? (
        <CommentComposer
          label="Edit your comment"
          submitLabel="Save"
          initialBody={message.body}
          autoFocus
          onSubmit={(body) => {
            const saved = onEdit(body);
            if (saved) setEditing(false);
            return saved;
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p className="comment-body">{withMentions(message.body, message.mentions)}</p>
      )}
      {mine && !editing ? (
        <div className="comment-actions">
          {confirming ? (
            <>
              <button type="button" className="link-button text-danger" onClick={onDelete}>
                Yes, {deleteLabel.toLowerCase()}
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <>
              <button type="button" className="link-button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(true)}>
                {deleteLabel}
              </button>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** The body with each stored mention's `@name` emphasised; everything else stays plain text. */
function withMentions(body: string, mentions: readonly CommentPerson[]): ReactNode[] {
  // "@Ada" may stand for "Ada Lovelace" (see parseMentions), so first names match too.
  const names = mentions
    .flatMap((mention) => [mention.name, mention.name.split(/\s+/)[0] ?? ''])
    .filter(Boolean);
  if (names.length === 0) return [body];
  const escaped = names
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`@(?:${escaped.join('|')})`, 'giu');
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    parts.push(body.slice(last, match.index));
    parts.push(
      <strong key={match.index} className="comment-mention">
        {match[0]}
      </strong>,
    );
    last = match.index + match[0].length;
  }
  parts.push(body.slice(last));
  return parts;
}
