import type { Editor } from '@tiptap/react';

/**
 * Gives focus back after a find bar or dialog closes: to the editor with its selection when that is
 * where it came from (or when nothing else can take it), else to the element that had it (a toolbar
 * button; a reader's text cannot take focus).
 */
export function returnFocus(editor: Editor, previous: Element | null): void {
  const fromEditor = previous !== null && editor.view.dom.contains(previous);
  if ((fromEditor || !(previous instanceof HTMLElement) || !previous.isConnected) && editor.isEditable) {
    editor.commands.focus();
    return;
  }
  if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
}
