import { HEADING_LEVELS } from '@galley/shared/manuscript/schema';
import { countText } from '@galley/shared/manuscript/wordCount';
import { DocRoots } from '@galley/shared/sync/protocol';
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import { CharacterCount } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CommentHighlights } from '../comments/commentHighlights.ts';
import { FindReplace } from '../findReplace/findReplaceExtension.ts';
import { PasteCleaner } from '../paste/pasteCleaner.ts';
import { Epigraph } from './epigraph.ts';
import { Footnote } from './footnote.ts';
import { ImageFigure } from './imageFigure.ts';
import { SmallCaps } from './smallCaps.ts';

/**
 * Who this caret belongs to: the chapter's awareness `user` field. The sync server relays only states
 * whose `id` is the sync token's user (shared/src/sync/chapterAwareness.ts), so a caret's name is
 * never someone else's.
 */
export interface CollaboratorIdentity {
  id: string;
  name: string;
  color: string;
}

/**
 * The manuscript schema in TipTap: node and mark names are the ones in shared/src/manuscript/schema.ts,
 * which the EPUB exporter reads from the same Y.Doc.
 */
export function manuscriptExtensions(
  doc: Y.Doc,
  awareness: Awareness,
  user: CollaboratorIdentity,
): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings Yjs undo, which undoes only this person's changes.
      undoRedo: false,
      heading: { levels: [...HEADING_LEVELS] },
      link: { openOnClick: false, autolink: true, protocols: ['mailto'] },
      // A trailing paragraph added by every client on open would be a change nobody typed.
      trailingNode: false,
    }),
    SmallCaps,
    Footnote,
    Epigraph,
    ImageFigure,
    TableKit.configure({ table: { resizable: false } }),
    // The same counter as the book's totals (api and offline), so a chapter shows the same number in both.
    CharacterCount.configure({
      wordCounter: (text) => countText(text).words,
      textCounter: (text) => countText(text).characters,
    }),
    Collaboration.configure({ document: doc, field: DocRoots.text }),
    // Comment threads live in the same Y.Doc (the comments root); highlights are decorations, never marks.
    CommentHighlights.configure({ doc }),
    CollaborationCaret.configure({ provider: { awareness }, user }),
    // Find highlights are decorations too: a reader can search without changing anything.
    FindReplace,
    // Word and Google Docs paste their fonts, colours and typed list markers; only our marks stay.
    PasteCleaner,
  ];
}
