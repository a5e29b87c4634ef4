/**
 * Every keyboard shortcut of the chapter editor, in one table: the help dialog lists it, the chapter
 * binds its own commands (find, replace, this help) from it, and a test checks that the TipTap
 * extensions bind the keys listed for theirs, so the dialog cannot drift from what the keys do.
 *
 * Keys use ProseMirror's notation: "Mod" is ⌘ on a Mac and Ctrl elsewhere.
 */

/** Commands the chapter page binds itself (not an editor extension). */
export type ChapterCommand = 'find' | 'replace' | 'shortcuts';

export type ShortcutSection = 'Text' | 'Paragraphs' | 'Editing' | 'Find and replace' | 'Help';

export interface EditorShortcut {
  label: string;
  keys: string;
  section: ShortcutSection;
  /**
   * Who binds the key: a TipTap extension by name, the chapter (`chapter:<command>`), or the find
   * bar's own fields (`findBar`).
   */
  boundBy: string;
}

/**
 * Replace is Mod-Alt-F (VS Code's on a Mac): Ctrl+H opens the browser's history on Windows and
 * Linux and ⌘H hides the app on a Mac. Help is Mod-/ as in Google Docs; neither is bound by the
 * browser or by TipTap.
 */
export const CHAPTER_KEYS: Record<ChapterCommand, string> = {
  find: 'Mod-f',
  replace: 'Mod-Alt-f',
  shortcuts: 'Mod-/',
};

export const EDITOR_SHORTCUTS: readonly EditorShortcut[] = [
  { label: 'Bold', keys: 'Mod-b', section: 'Text', boundBy: 'bold' },
  { label: 'Italic', keys: 'Mod-i', section: 'Text', boundBy: 'italic' },
  { label: 'Underline', keys: 'Mod-u', section: 'Text', boundBy: 'underline' },
  { label: 'Strikethrough', keys: 'Mod-Shift-s', section: 'Text', boundBy: 'strike' },
  { label: 'Small caps', keys: 'Mod-Shift-k', section: 'Text', boundBy: 'smallCaps' },
  { label: 'Code', keys: 'Mod-e', section: 'Text', boundBy: 'code' },
  { label: 'Line break', keys: 'Shift-Enter', section: 'Text', boundBy: 'hardBreak' },
  { label: 'Normal text', keys: 'Mod-Alt-0', section: 'Paragraphs', boundBy: 'paragraph' },
  { label: 'Chapter title', keys: 'Mod-Alt-1', section: 'Paragraphs', boundBy: 'heading' },
  { label: 'Heading 2', keys: 'Mod-Alt-2', section: 'Paragraphs', boundBy: 'heading' },
  { label: 'Heading 3', keys: 'Mod-Alt-3', section: 'Paragraphs', boundBy: 'heading' },
  { label: 'Heading 4', keys: 'Mod-Alt-4', section: 'Paragraphs', boundBy: 'heading' },
  { label: 'Bulleted list', keys: 'Mod-Shift-8', section: 'Paragraphs', boundBy: 'bulletList' },
  { label: 'Numbered list', keys: 'Mod-Shift-7', section: 'Paragraphs', boundBy: 'orderedList' },
  { label: 'Indent list item', keys: 'Tab', section: 'Paragraphs', boundBy: 'listItem' },
  { label: 'Outdent list item', keys: 'Shift-Tab', section: 'Paragraphs', boundBy: 'listItem' },
  { label: 'Block quote', keys: 'Mod-Shift-b', section: 'Paragraphs', boundBy: 'blockquote' },
  { label: 'Code block', keys: 'Mod-Alt-c', section: 'Paragraphs', boundBy: 'codeBlock' },
  { label: 'Undo', keys: 'Mod-z', section: 'Editing', boundBy: 'collaboration' },
  { label: 'Redo', keys: 'Mod-Shift-z', section: 'Editing', boundBy: 'collaboration' },
  { label: 'Redo', keys: 'Mod-y', section: 'Editing', boundBy: 'collaboration' },
  { label: 'Comment on the selection', keys: 'Mod-Alt-m', section: 'Editing', boundBy: 'commentHighlights' },
  { label: 'Find', keys: CHAPTER_KEYS.find, section: 'Find and replace', boundBy: 'chapter:find' },
  {
    label: 'Find and replace',
    keys: CHAPTER_KEYS.replace,
    section: 'Find and replace',
    boundBy: 'chapter:replace',
  },
  { label: 'Next match', keys: 'Enter', section: 'Find and replace', boundBy: 'findBar' },
  { label: 'Previous match', keys: 'Shift-Enter', section: 'Find and replace', boundBy: 'findBar' },
  { label: 'Close the find bar', keys: 'Escape', section: 'Find and replace', boundBy: 'findBar' },
  {
    label: 'Keyboard shortcuts',
    keys: CHAPTER_KEYS.shortcuts,
    section: 'Help',
    boundBy: 'chapter:shortcuts',
  },
];

const MAC_NAMES: Record<string, string> = { Mod: '⌘', Alt: '⌥', Shift: '⇧', Ctrl: '⌃' };
const OTHER_NAMES: Record<string, string> = { Mod: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Ctrl: 'Ctrl' };
const KEY_NAMES: Record<string, string> = { Escape: 'Esc', Enter: 'Enter', Tab: 'Tab' };

/** The keys to press, one label each, as this platform writes them: ["⌘", "⇧", "S"] or ["Ctrl", "Shift", "S"]. */
export function keyLabels(keys: string, mac: boolean): string[] {
  const parts = keys.split('-');
  const key = parts.pop() ?? '';
  const names = mac ? MAC_NAMES : OTHER_NAMES;
  return [...parts.map((part) => names[part] ?? part), KEY_NAMES[key] ?? key.toUpperCase()];
}

/** The same as one string, for a tooltip: "⌘⇧S" on a Mac, "Ctrl+Shift+S" elsewhere. */
export function keysText(keys: string, mac: boolean): string {
  return keyLabels(keys, mac).join(mac ? '' : '+');
}

/** Whether the keys ProseMirror reads as "Mod" are ⌘: the same test prosemirror-keymap makes. */
export function isMacPlatform(
  platform: string = typeof navigator === 'undefined' ? '' : navigator.platform,
): boolean {
  return /Mac|iP(hone|[oa]d)/.test(platform);
}
