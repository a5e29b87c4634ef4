import { type Editor, useEditorState } from '@tiptap/react';
import type { ChapterSnapshot } from './chapterSessionModel.ts';

function timeOf(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
}

/**
 * Where the chapter stands: the sync status (an aria-live region, so a screen reader hears "Saved to
 * cloud" without moving focus) and the chapter's word and character counts.
 */
export function ChapterStatusBar({ editor, snapshot }: { editor: Editor; snapshot: ChapterSnapshot }) {
  const counts = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      words: e.storage.characterCount.words() as number,
      characters: e.storage.characterCount.characters() as number,
    }),
  });
  const { status, lastCloudSaveAt } = snapshot;
  const lastSave =
    lastCloudSaveAt && status.kind !== 'saving'
      ? status.kind === 'cloud'
        ? ` at ${timeOf(lastCloudSaveAt)}`
        : ` · last saved to cloud at ${timeOf(lastCloudSaveAt)}`
      : '';
  return (
    <div className="chapter-status-bar">
      <p
        className="sync-status"
        data-kind={status.kind}
        data-testid="sync-status"
        role="status"
        aria-live="polite"
      >
        {status.text}
        {lastSave}
      </p>
      <p className="chapter-counts" data-testid="chapter-counts">
        {counts.words.toLocaleString()} {counts.words === 1 ? 'word' : 'words'} ·{' '}
        {counts.characters.toLocaleString()} {counts.characters === 1 ? 'character' : 'characters'}
      </p>
    </div>
  );
}
