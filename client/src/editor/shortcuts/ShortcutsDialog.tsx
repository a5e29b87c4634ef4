import { useEffect, useId, useRef } from 'react';
import {
  EDITOR_SHORTCUTS,
  type EditorShortcut,
  isMacPlatform,
  keyLabels,
  type ShortcutSection,
} from './shortcutTable.ts';

function bySection(shortcuts: readonly EditorShortcut[]): Array<[ShortcutSection, EditorShortcut[]]> {
  const sections = new Map<ShortcutSection, EditorShortcut[]>();
  for (const shortcut of shortcuts)
    sections.set(shortcut.section, [...(sections.get(shortcut.section) ?? []), shortcut]);
  return [...sections];
}

/**
 * Every editor shortcut, with ⌘/⌥/⇧ on a Mac and Ctrl/Alt/Shift elsewhere. A native modal dialog:
 * it keeps focus inside while open and closes on Escape; `onClose` gives focus back.
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const mac = isMacPlatform();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="shortcuts-dialog-head">
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <button type="button" className="editor-tool" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {bySection(EDITOR_SHORTCUTS).map(([section, shortcuts]) => (
        <table className="shortcuts-table" key={section}>
          <caption>{section}</caption>
          <tbody>
            {shortcuts.map((shortcut) => (
              <tr key={`${shortcut.label} ${shortcut.keys}`}>
                <th scope="row">{shortcut.label}</th>
                <td>
                  {keyLabels(shortcut.keys, mac).map((key, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the keys of one shortcut never reorder.
                    <kbd key={i}>{key}</kbd>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </dialog>
  );
}
