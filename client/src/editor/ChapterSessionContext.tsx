import type { Editor } from '@tiptap/react';
import { createContext, useContext } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { ChapterSessionModel, ChapterSnapshot } from './chapterSessionModel.ts';

/**
 * The open chapter, for anything mounted beside the editor (the comments panel): its Y.Doc (comment
 * threads live in the `comments` root map of the same doc), the TipTap editor, and the presence
 * channel. `provider()` is null until the first sync token arrives (and stays null offline).
 */
export interface ChapterSession {
  bookId: string;
  chapterId: string;
  docName: string;
  doc: Y.Doc;
  awareness: Awareness;
  editor: Editor | null;
  provider(): WebsocketProvider | null;
  model: ChapterSessionModel;
  snapshot: ChapterSnapshot;
}

export const ChapterSessionContext = createContext<ChapterSession | null>(null);

export function useChapterSession(): ChapterSession {
  const session = useContext(ChapterSessionContext);
  if (!session) throw new Error('useChapterSession must be used inside the chapter editor');
  return session;
}
