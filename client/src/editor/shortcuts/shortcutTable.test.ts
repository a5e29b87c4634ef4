import { type AnyExtension, getExtensionField, resolveExtensions } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { manuscriptExtensions } from '../extensions/manuscriptExtensions.ts';
import { CHAPTER_KEYS, EDITOR_SHORTCUTS, keyLabels, keysText } from './shortcutTable.ts';

/** Modifiers in one order, as prosemirror-keymap reads them ("Shift-Mod-z" is "Mod-Shift-z"). */
function normalized(keys: string): string {
  const parts = keys.split('-');
  const key = parts.pop();
  return [...parts.sort(), key].join('-');
}

/** The keys an extension binds, read from its addKeyboardShortcuts without an editor running. */
function keysBoundBy(extension: AnyExtension): string[] {
  const context = {
    name: extension.name,
    options: extension.options,
    storage: extension.storage,
    editor: undefined,
    type: undefined,
    parent: extension.parent,
  };
  const shortcuts = getExtensionField<() => Record<string, unknown>>(
    extension,
    'addKeyboardShortcuts',
    context as never,
  );
  return shortcuts ? Object.keys(shortcuts()).map(normalized) : [];
}

describe('the shortcuts table', () => {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const extensions = resolveExtensions(
    manuscriptExtensions(doc, awareness, { id: 't', name: 'T', color: '#000' }),
  );

  it('lists only keys that the named editor extension really binds', () => {
    for (const shortcut of EDITOR_SHORTCUTS) {
      if (shortcut.boundBy.startsWith('chapter:') || shortcut.boundBy === 'findBar') continue;
      const extension = extensions.find((e) => e.name === shortcut.boundBy);
      expect(extension, `${shortcut.label}: no extension ${shortcut.boundBy}`).toBeDefined();
      expect(keysBoundBy(extension!), shortcut.label).toContain(normalized(shortcut.keys));
    }
  });

  it('binds no key twice, and the chapter commands come from the same table', () => {
    const keys = EDITOR_SHORTCUTS.filter((s) => s.boundBy !== 'findBar').map((s) => normalized(s.keys));
    expect(new Set(keys).size).toBe(keys.length);
    for (const [command, key] of Object.entries(CHAPTER_KEYS)) {
      expect(EDITOR_SHORTCUTS.find((s) => s.boundBy === `chapter:${command}`)?.keys).toBe(key);
    }
    // No extension takes the chapter's own keys (they would never reach the chapter).
    const extensionKeys = extensions.flatMap(keysBoundBy);
    for (const key of Object.values(CHAPTER_KEYS)) expect(extensionKeys).not.toContain(normalized(key));
  });

  it('writes the keys the way each platform does', () => {
    expect(keyLabels('Mod-Shift-s', true)).toEqual(['⌘', '⇧', 'S']);
    expect(keyLabels('Mod-Shift-s', false)).toEqual(['Ctrl', 'Shift', 'S']);
    expect(keysText('Mod-Alt-f', true)).toBe('⌘⌥F');
    expect(keysText('Mod-/', false)).toBe('Ctrl+/');
    expect(keysText('Escape', false)).toBe('Esc');
  });
});
