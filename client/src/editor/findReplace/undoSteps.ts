import type { EditorState } from '@tiptap/pm/state';

interface CapturingUndoManager {
  stopCapturing(): void;
}

/**
 * The Yjs undo manager of the Collaboration extension, found by its plugin key ("y-undo"): the key
 * object lives in @tiptap/y-tiptap, which the client does not depend on directly.
 */
function undoManagerOf(state: EditorState): CapturingUndoManager | null {
  const plugin = state.plugins.find((p) => (p as unknown as { key: string }).key === 'y-undo$');
  const manager = (plugin?.getState(state) as { undoManager?: unknown } | undefined)?.undoManager;
  const candidate = manager as Partial<CapturingUndoManager> | undefined;
  return typeof candidate?.stopCapturing === 'function' ? (candidate as CapturingUndoManager) : null;
}

/**
 * Runs `change` as an undo step of its own. Yjs merges changes made within half a second of each other
 * into one step, so without this a Replace all right after typing would be undone with the typing,
 * and typing right after it would be undone with the replacement.
 */
export function asOwnUndoStep(state: () => EditorState, change: () => void): void {
  undoManagerOf(state())?.stopCapturing();
  change();
  undoManagerOf(state())?.stopCapturing();
}
