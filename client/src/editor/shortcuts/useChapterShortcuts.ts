import { keydownHandler } from '@tiptap/pm/keymap';
import type { Editor } from '@tiptap/react';
import { type RefObject, useEffect, useRef } from 'react';
import { CHAPTER_KEYS, type ChapterCommand } from './shortcutTable.ts';

/**
 * Whether a key press belongs to the chapter: pressed in the editor, its toolbar, find bar or panels,
 * or, since a reader's (read-only) text cannot take focus, on the page around it (the body, or the
 * main region the app focuses on navigation) while the selection is in the chapter.
 */
function pressedInChapter(event: KeyboardEvent, container: HTMLElement | null): boolean {
  if (!container || !(event.target instanceof Node)) return false;
  if (container.contains(event.target)) return true;
  if (!event.target.contains(container)) return false;
  const anchor = document.getSelection()?.anchorNode;
  return anchor != null && container.contains(anchor);
}

/**
 * Binds the chapter's own commands (find, replace, the shortcuts help) to the keys in CHAPTER_KEYS,
 * through prosemirror-keymap's matcher, so "Mod" and Alt-letter combinations (⌥F types "ƒ" on a
 * Mac) are read exactly as the editor's own shortcuts are. Elsewhere on the page the browser keeps
 * its keys (Mod-F finds in the page).
 */
export function useChapterShortcuts(
  editor: Editor | null,
  container: RefObject<HTMLElement | null>,
  commands: Record<ChapterCommand, () => void>,
): void {
  const latest = useRef(commands);
  latest.current = commands;
  useEffect(() => {
    if (!editor) return;
    const bindings = Object.fromEntries(
      (Object.keys(CHAPTER_KEYS) as ChapterCommand[]).map((command) => [
        CHAPTER_KEYS[command],
        () => {
          latest.current[command]();
          return true;
        },
      ]),
    );
    const handle = keydownHandler(bindings);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || editor.isDestroyed || !pressedInChapter(event, container.current)) return;
      if (handle(editor.view, event)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [editor, container]);
}
