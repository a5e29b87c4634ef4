import { type Editor, useEditorState } from '@tiptap/react';
import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { FindBar, type FindMode, type FindRequest } from '../findReplace/FindBar.tsx';
import { returnFocus } from './returnFocus.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { CHAPTER_KEYS, isMacPlatform, keysText } from './shortcutTable.ts';
import { useChapterShortcuts } from './useChapterShortcuts.ts';

export interface EditorTools {
  /** Toolbar buttons (Find, Keyboard shortcuts), usable by readers too. */
  buttons: ReactNode;
  findBar: ReactNode;
  dialog: ReactNode;
}

/**
 * The chapter's tools around the text: the find bar and the shortcuts help, opened by their keys
 * (see shortcutTable.ts) or toolbar buttons, each giving focus back to where it was when closed.
 */
export function useEditorTools(editor: Editor | null, container: RefObject<HTMLElement | null>): EditorTools {
  const [findRequest, setFindRequest] = useState<FindRequest | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const findOpenedFrom = useRef<Element | null>(null);
  const helpOpenedFrom = useRef<Element | null>(null);
  const mac = isMacPlatform();
  // A reader's formatting buttons are all disabled, so the toolbar's one tab stop would be unreachable:
  // then these buttons are tab stops themselves.
  const editable = useEditorState({ editor, selector: ({ editor: e }) => e?.isEditable ?? false });
  const tabIndex = editable ? -1 : 0;

  const openFind = (mode: FindMode) => {
    if (!findRequest) findOpenedFrom.current = document.activeElement;
    setFindRequest((previous) => ({ mode, serial: (previous?.serial ?? 0) + 1 }));
  };
  const closeFind = () => {
    setFindRequest(null);
    if (editor) returnFocus(editor, findOpenedFrom.current);
  };
  const openHelp = () => {
    if (helpOpen) return;
    helpOpenedFrom.current = document.activeElement;
    setHelpOpen(true);
  };
  const closeHelp = () => {
    setHelpOpen(false);
    if (editor) returnFocus(editor, helpOpenedFrom.current);
  };

  useChapterShortcuts(editor, container, {
    find: () => openFind('find'),
    replace: () => openFind('replace'),
    shortcuts: openHelp,
  });

  const buttons = (
    <>
      <button
        type="button"
        className="editor-tool"
        tabIndex={tabIndex}
        aria-label="Find"
        title={`Find (${keysText(CHAPTER_KEYS.find, mac)})`}
        aria-expanded={findRequest !== null}
        onClick={() => openFind('find')}
      >
        Find
      </button>
      <button
        type="button"
        className="editor-tool"
        tabIndex={tabIndex}
        aria-label="Keyboard shortcuts"
        title={`Keyboard shortcuts (${keysText(CHAPTER_KEYS.shortcuts, mac)})`}
        aria-haspopup="dialog"
        onClick={openHelp}
      >
        ⌨
      </button>
    </>
  );
  return {
    buttons,
    findBar:
      editor && findRequest ? <FindBar editor={editor} request={findRequest} onClose={closeFind} /> : null,
    dialog: <ShortcutsDialog open={helpOpen} onClose={closeHelp} />,
  };
}
