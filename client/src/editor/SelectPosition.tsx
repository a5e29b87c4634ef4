import { useEffect, useRef } from 'react';
import { useChapterSession } from './ChapterSessionContext.tsx';

/**
 * Puts the cursor at a ProseMirror position once the editor is ready (a validation problem links
 * here with `?at=`), scrolls it into view and focuses the text. A position past the end of the
 * chapter (the text changed since the check) lands at the end instead.
 */
export function SelectPosition({ at }: { at: number }) {
  const { editor } = useChapterSession();
  const done = useRef(false);
  useEffect(() => {
    if (!editor || done.current) return;
    done.current = true;
    const position = Math.max(0, Math.min(at, editor.state.doc.content.size));
    editor.chain().setTextSelection(position).scrollIntoView().focus().run();
  }, [editor, at]);
  return null;
}
