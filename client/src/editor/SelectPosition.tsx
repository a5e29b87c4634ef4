import { NodeSelection } from '@tiptap/pm/state';
import { useEffect, useRef } from 'react';
import { useChapterSession } from './ChapterSessionContext.tsx';

/**
 * Puts the cursor at a ProseMirror position once the editor is ready (a validation problem or an
 * export finding links here with `?at=`), scrolls it into view and focuses the text. A position
 * past the end of the chapter (the text changed since the check) lands at the end instead. When the
 * position is just before an atom such as an image figure, the node itself is selected: a text
 * cursor cannot sit there, and the figure is what the problem is about.
 */
export function SelectPosition({ at }: { at: number }) {
  const { editor, model, snapshot } = useChapterSession();
  const done = useRef(false);
  useEffect(() => {
    if (!editor || done.current) return;
    // The position is one in the text as the server has it: wait for the first sync, or a chapter new
    // to this device (still empty) or stale on it would be selected in the wrong place. Offline, or
    // when the server refused the connection, the device's copy is all there is.
    const ready = model.sync?.synced || snapshot.status.kind === 'stopped' || !navigator.onLine;
    if (!ready) return;
    done.current = true;
    const position = Math.max(0, Math.min(at, editor.state.doc.content.size));
    const node = editor.state.doc.nodeAt(position);
    const chain = editor.chain();
    if (node?.isAtom && NodeSelection.isSelectable(node)) chain.setNodeSelection(position);
    else chain.setTextSelection(position);
    chain.scrollIntoView().focus().run();
  }, [editor, at, model, snapshot]);
  return null;
}
