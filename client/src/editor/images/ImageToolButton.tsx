import type { Editor } from '@tiptap/core';
import { useRef, useState } from 'react';
import { ImageInsertDialog } from './ImageInsertDialog.tsx';

/**
 * The toolbar's Image button (one of its roving-tabindex buttons). Images placed offline are uploaded
 * by the app-wide queue (offline/usePendingImageQueue.ts).
 */
export function ImageToolButton({ editor, enabled }: { editor: Editor; enabled: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    // Placing an image focuses the text; a cancelled dialog gives focus back to where it was opened.
    requestAnimationFrame(() => {
      if (!editor.isFocused) button.current?.focus();
    });
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="editor-tool"
        aria-label="Image"
        title="Insert an image"
        aria-haspopup="dialog"
        tabIndex={-1}
        disabled={!enabled}
        onClick={() => setOpen(true)}
      >
        Image
      </button>
      {open ? <ImageInsertDialog editor={editor} onClose={close} /> : null}
    </>
  );
}
