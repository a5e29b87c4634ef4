/**
 * A test page for the comments panel (tests/e2e/comments.e2e.test.ts builds and serves it; it is not
 * part of the app). Two people on one chapter, each with their own Y.Doc, wired to each other as the
 * sync server would: the author (edit access) on top, an editor with comment access below. It is
 * also the reference for mounting the panel: manuscriptExtensions (which registers CommentHighlights on
 * the same Y.Doc as Collaboration), and CommentsPanel beside the EditorContent in `.chapter-editor-body`.
 */
import { type Editor, EditorContent, useEditor } from '@tiptap/react';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import '../../../styles.css';
import '../../editor.css';
import { manuscriptExtensions } from '../../extensions/manuscriptExtensions.ts';
import { CommentsPanel } from '../CommentsPanel.tsx';

const author = { id: 'u-ada', name: 'Ada Lovelace' };
const reviewer = { id: 'u-ed', name: 'Ed Itor' };
const members = [author, reviewer];
const editors: Record<string, Editor> = {};

const authorDoc = new Y.Doc();
const reviewerDoc = new Y.Doc();
/** Every update in the order the "server" saw it, with who sent it, for the test to check access on. */
const log: Array<{ from: 'author' | 'reviewer'; update: number[] }> = [];
const REMOTE = 'remote';
function wire(from: Y.Doc, to: Y.Doc, name: 'author' | 'reviewer') {
  from.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    log.push({ from: name, update: Array.from(update) });
    Y.applyUpdate(to, update, REMOTE);
  });
}
wire(authorDoc, reviewerDoc, 'author');
wire(reviewerDoc, authorDoc, 'reviewer');

function Side({
  doc,
  me,
  canEdit,
  label,
}: {
  doc: Y.Doc;
  me: typeof author;
  canEdit: boolean;
  label: string;
}) {
  const awareness = useMemo(() => new Awareness(doc), [doc]);
  const editor = useEditor({
    extensions: [...manuscriptExtensions(doc, awareness, { id: me.id, name: me.name, color: '#1f4e79' })],
    editable: canEdit,
    editorProps: {
      attributes: { class: 'manuscript', 'aria-label': `${label}: chapter text`, role: 'textbox' },
    },
  });
  // The test runs one edit as the keymap's own command, where Chromium's key handling varies.
  if (editor) editors[me.id] = editor;
  return (
    <section aria-label={label} data-side={me.id} className="chapter-editor">
      <h1>{label}</h1>
      <div className="chapter-editor-body">
        <EditorContent editor={editor} className="manuscript-frame" />
        {editor ? <CommentsPanel doc={doc} editor={editor} me={me} members={members} canComment /> : null}
      </div>
    </section>
  );
}

function Harness() {
  return (
    <>
      <Side doc={authorDoc} me={author} canEdit label="Author" />
      <Side doc={reviewerDoc} me={reviewer} canEdit={false} label="Reviewer" />
    </>
  );
}

// The author's device starts with the chapter; the reviewer receives it through the wire.
const initialContent = new Y.Doc();
initialContent
  .getXmlFragment('default')
  .insert(0, [
    paragraph('Loomings', 'heading'),
    paragraph('Call me Ishmael. Some years ago, never mind how long precisely.'),
  ]);
Y.applyUpdate(authorDoc, Y.encodeStateAsUpdate(initialContent));

function paragraph(text: string, nodeName = 'paragraph'): Y.XmlElement {
  const element = new Y.XmlElement(nodeName);
  // y-prosemirror stores attributes with their ProseMirror types; a heading level is a number.
  if (nodeName === 'heading') element.setAttribute('level', 1 as unknown as string);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

Object.assign(window, { harness: { authorDoc, reviewerDoc, log, editors } });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
