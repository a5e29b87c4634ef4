import type { User } from '@galley/shared/api/auth';
import { EditorContent, useEditor } from '@tiptap/react';
import { type ReactNode, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { type ChapterSession, ChapterSessionContext } from './ChapterSessionContext.tsx';
import { ChapterStatusBar } from './ChapterStatusBar.tsx';
import type { ChapterSessionModel } from './chapterSessionModel.ts';
import { collaboratorColor } from './collaboratorColor.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import { manuscriptExtensions } from './extensions/manuscriptExtensions.ts';
import { useEditorTools } from './shortcuts/useEditorTools.tsx';
import './editor.css';

function readOnlyNotice(access: ChapterSession['snapshot']['access']): string | null {
  if (access === 'edit') return null;
  if (access === 'comment')
    return 'You can read this chapter and comment on it; only its authors can change the text.';
  if (access === 'read') return 'You can read this chapter; only its authors can change the text.';
  return 'Connect once to start editing this chapter on this device.';
}

/**
 * The editor bound to an opened chapter. Children (a comments panel, later) sit beside it and reach
 * the session through useChapterSession().
 */
export function ChapterEditor({
  model,
  user,
  title,
  children,
}: {
  model: ChapterSessionModel;
  user: User;
  title: string;
  children?: ReactNode;
}) {
  const snapshot = useSyncExternalStore(model.subscribe, model.snapshot);
  const editable = snapshot.access === 'edit';
  const editor = useEditor(
    {
      extensions: manuscriptExtensions(model.doc, model.awareness, {
        id: user.id,
        name: user.displayName,
        color: collaboratorColor(user.id),
      }),
      editable,
      editorProps: {
        attributes: {
          class: 'manuscript',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': `Text of ${title}`,
          spellcheck: 'true',
        },
      },
    },
    [model],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  // A renamed profile shows on the others' screens without reopening the chapter.
  useEffect(() => {
    editor?.commands.updateUser({ id: user.id, name: user.displayName, color: collaboratorColor(user.id) });
  }, [editor, user.displayName, user.id]);

  // Connect once the editor is bound, so the server's state renders into it as it arrives.
  useEffect(() => {
    if (editor) model.connect();
  }, [editor, model]);

  const session = useMemo<ChapterSession>(
    () => ({
      ...model.ids,
      docName: model.docName,
      doc: model.doc,
      awareness: model.awareness,
      editor,
      provider: () => model.sync?.provider ?? null,
      model,
      snapshot,
    }),
    [model, editor, snapshot],
  );

  const container = useRef<HTMLDivElement>(null);
  const tools = useEditorTools(editor, container);

  const notice = readOnlyNotice(snapshot.access);
  return (
    <ChapterSessionContext.Provider value={session}>
      <div className="chapter-editor" ref={container}>
        <div className="chapter-editor-top">
          {editor ? <EditorToolbar editor={editor} tools={tools.buttons} /> : null}
          {tools.findBar}
        </div>
        {notice ? <p className="editor-notice">{notice}</p> : null}
        {snapshot.deviceError ? (
          <p className="alert alert-error" role="alert">
            {snapshot.deviceError}
          </p>
        ) : null}
        <div className="chapter-editor-body">
          <EditorContent editor={editor} className="manuscript-frame" />
          {children}
        </div>
        {editor ? <ChapterStatusBar editor={editor} snapshot={snapshot} /> : null}
        {tools.dialog}
      </div>
    </ChapterSessionContext.Provider>
  );
}
