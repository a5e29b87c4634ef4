import { type Editor, useEditorState } from '@tiptap/react';
import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { ImageToolButton } from './images/ImageToolButton.tsx';

interface ToolButton {
  label: string;
  text: string;
  run(editor: Editor): void;
  active?(editor: Editor): boolean;
  /** Disabled when the command cannot run here. */
  can?(editor: Editor): boolean;
}

const chain = (editor: Editor) => editor.chain().focus();

function askLink(editor: Editor): void {
  const previous = (editor.getAttributes('link').href as string | undefined) ?? '';
  const href = window.prompt('Link address (leave empty to remove the link)', previous);
  if (href === null) return;
  if (href.trim() === '') chain(editor).extendMarkRange('link').unsetLink().run();
  else chain(editor).extendMarkRange('link').setLink({ href: href.trim() }).run();
}

function askFootnote(editor: Editor): void {
  const note = window.prompt('Footnote text');
  if (note?.trim()) chain(editor).insertFootnote(note.trim()).run();
}

const GROUPS: ToolButton[][] = [
  [
    { label: 'Undo', text: '↶', run: (e) => chain(e).undo().run(), can: (e) => e.can().undo() },
    { label: 'Redo', text: '↷', run: (e) => chain(e).redo().run(), can: (e) => e.can().redo() },
  ],
  ([1, 2, 3, 4] as const).map((level) => ({
    label: level === 1 ? 'Chapter title' : `Heading ${level}`,
    text: `H${level}`,
    run: (e: Editor) => chain(e).toggleHeading({ level }).run(),
    active: (e: Editor) => e.isActive('heading', { level }),
  })),
  [
    { label: 'Bold', text: 'B', run: (e) => chain(e).toggleBold().run(), active: (e) => e.isActive('bold') },
    {
      label: 'Italic',
      text: 'I',
      run: (e) => chain(e).toggleItalic().run(),
      active: (e) => e.isActive('italic'),
    },
    {
      label: 'Underline',
      text: 'U',
      run: (e) => chain(e).toggleUnderline().run(),
      active: (e) => e.isActive('underline'),
    },
    {
      label: 'Strikethrough',
      text: 'S',
      run: (e) => chain(e).toggleStrike().run(),
      active: (e) => e.isActive('strike'),
    },
    {
      label: 'Small caps',
      text: 'Sc',
      run: (e) => chain(e).toggleSmallCaps().run(),
      active: (e) => e.isActive('smallCaps'),
    },
    { label: 'Link', text: 'Link', run: askLink, active: (e) => e.isActive('link') },
  ],
  [
    {
      label: 'Bulleted list',
      text: '•',
      run: (e) => chain(e).toggleBulletList().run(),
      active: (e) => e.isActive('bulletList'),
    },
    {
      label: 'Numbered list',
      text: '1.',
      run: (e) => chain(e).toggleOrderedList().run(),
      active: (e) => e.isActive('orderedList'),
    },
    {
      label: 'Block quote',
      text: '❝',
      run: (e) => chain(e).toggleBlockquote().run(),
      active: (e) => e.isActive('blockquote'),
    },
    {
      label: 'Epigraph',
      text: 'Ep',
      run: (e) => chain(e).toggleEpigraph().run(),
      active: (e) => e.isActive('epigraph'),
    },
    { label: 'Scene break', text: '⁂', run: (e) => chain(e).setHorizontalRule().run() },
    { label: 'Footnote', text: 'Fn', run: askFootnote },
    {
      label: 'Insert table',
      text: '▦',
      run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      can: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    },
  ],
];

const ALL = GROUPS.flat();

/**
 * The formatting toolbar, one tab stop (WAI-ARIA toolbar pattern): arrow keys move between buttons,
 * Home/End jump, each button says what it does (aria-label) and whether it is on (aria-pressed).
 */
export function EditorToolbar({ editor, tools }: { editor: Editor; tools?: ReactNode }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      editable: e.isEditable,
      active: ALL.map((b) => b.active?.(e) ?? null),
      enabled: ALL.map((b) => (b.can ? b.can(e) : true)),
    }),
  });
  const focusIndex = useRef(0);
  const ref = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(ref.current?.querySelectorAll('button') ?? []);
    // The tools group (find, shortcuts) does not track focusIndex itself: start from the focused button.
    const focused = buttons.indexOf(event.target as HTMLButtonElement);
    if (focused !== -1) focusIndex.current = focused;
    const moves: Record<string, number> = {
      ArrowRight: focusIndex.current + 1,
      ArrowLeft: focusIndex.current - 1,
      Home: 0,
      End: buttons.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined || buttons.length === 0) return;
    event.preventDefault();
    focusIndex.current = (next + buttons.length) % buttons.length;
    for (const [i, button] of buttons.entries()) button.tabIndex = i === focusIndex.current ? 0 : -1;
    buttons[focusIndex.current]?.focus();
  };

  let index = -1;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting" ref={ref} onKeyDown={onKeyDown}>
      {GROUPS.map((group) => (
        <div className="editor-toolbar-group" key={group[0]!.label}>
          {group.map((button) => {
            index += 1;
            const i = index;
            const active = state.active[i];
            return (
              <button
                key={button.label}
                type="button"
                className="editor-tool"
                aria-label={button.label}
                title={button.label}
                aria-pressed={active === null ? undefined : active}
                tabIndex={i === focusIndex.current ? 0 : -1}
                disabled={!state.editable || !state.enabled[i]}
                onFocus={() => {
                  focusIndex.current = i;
                }}
                onClick={() => button.run(editor)}
              >
                {button.text}
              </button>
            );
          })}
        </div>
      ))}
      <div className="editor-toolbar-group">
        <ImageToolButton editor={editor} enabled={state.editable} />
      </div>
      {tools ? <div className="editor-toolbar-group">{tools}</div> : null}
    </div>
  );
}
