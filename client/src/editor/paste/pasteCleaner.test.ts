import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { manuscriptSchema } from '../comments/commentTestKit.ts';
import { cleanPastedHtml } from './cleanPastedHtml.ts';
import { parseFixture } from './fixtureDom.ts';
import { cleanClipboardHtml, hasTitleOutsideSelection } from './pasteCleaner.ts';
import { WORD_CLIPBOARD } from './pasteFixtures.ts';

const schema = manuscriptSchema();

function chapter(from: number, to: number) {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Dawn' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Rain.' }] },
    ],
  });
  const state = EditorState.create({ schema, doc });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, from, to)));
}

describe('a pasted title', () => {
  it('stays the title of an untitled chapter, and becomes a section where the chapter has one', () => {
    expect(cleanPastedHtml(parseFixture(WORD_CLIPBOARD))).toMatch(/^<h1>The Harbour<\/h1>/);
    expect(cleanPastedHtml(parseFixture(WORD_CLIPBOARD), { titleTaken: true })).toMatch(
      /^<h2>The Harbour<\/h2>/,
    );
    expect(cleanPastedHtml(parseFixture('<h1>A</h1><h2>B</h2>'), { titleTaken: true })).toBe(
      '<h2>A</h2><h2>B</h2>',
    );
  });

  it('counts the chapter as titled unless the paste replaces the title', () => {
    expect(hasTitleOutsideSelection(chapter(9, 9))).toBe(true);
    expect(hasTitleOutsideSelection(chapter(2, 12))).toBe(false);
    const untitled = EditorState.create({
      schema,
      doc: schema.nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph' }] }),
    });
    expect(hasTitleOutsideSelection(untitled)).toBe(false);
  });
});

describe('HTML copied inside Galley', () => {
  it('is pasted as it is: ProseMirror’s own slice already holds exactly our nodes, footnotes included', () => {
    const html =
      '<p data-pm-slice="1 1 []">A note<sup data-footnote-id="f1" data-note="Ibid." class="footnote-marker">1</sup></p>';
    expect(cleanClipboardHtml(html)).toBe(html);
  });
});
