import type { BookMember } from '@galley/shared/api/books';
import type { CommentMember } from '@galley/shared/manuscript/comments';
import { useMemo } from 'react';
import { useChapterSession } from '../ChapterSessionContext.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';

/** Book members as people one can @mention: their display name, or their address when they have none. */
export function commentMembers(members: readonly BookMember[]): CommentMember[] {
  return members.map((member) => ({
    id: member.userId,
    name: member.displayName ?? member.email ?? member.userId,
  }));
}

/**
 * The comments panel for the open chapter, for use as a child of ChapterEditor: the doc, the editor
 * and the access come from the chapter session. Edit and comment access may comment; read access
 * (and an access not known yet) only reads the threads.
 */
export function ChapterCommentsPanel({
  me,
  members,
}: {
  me: { id: string; displayName: string };
  members: readonly BookMember[];
}) {
  const { doc, editor, snapshot } = useChapterSession();
  const person = useMemo(() => ({ id: me.id, name: me.displayName }), [me.id, me.displayName]);
  const mentionable = useMemo(() => commentMembers(members), [members]);
  if (!editor) return null;
  const canComment = snapshot.access === 'edit' || snapshot.access === 'comment';
  return (
    <CommentsPanel doc={doc} editor={editor} me={person} members={mentionable} canComment={canComment} />
  );
}
