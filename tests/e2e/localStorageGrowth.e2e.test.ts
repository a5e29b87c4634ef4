import { chapterDocName } from '@galley/shared/sync/protocol';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROW_OVERHEAD_BYTES } from '../../client/src/offline/compactionPolicy.ts';
import { browserSuite, callApi, registerUser, signInThroughForm, storedRows } from './support/browserKit.ts';

const suite = browserSuite({ sync: true });

const KEYSTROKES = 20_000;
const CHUNK = 400;

/**
 * A writer's keystrokes: words and spaces, a new paragraph now and then, and a typo taken back with
 * Backspace, so the log holds inserts, splits and deletions as real typing does.
 */
function keystrokes(count: number): string[] {
  const words = ['harbour', 'lamp', 'the', 'keeper', 'climbed', 'and', 'salt', 'wind', 'night', 'of'];
  const keys: string[] = [];
  let index = 0;
  while (keys.length < count) {
    const word = words[index % words.length] ?? 'word';
    for (const letter of word) keys.push(letter);
    if (index % 13 === 5) keys.push('x', 'Backspace');
    keys.push(index % 40 === 39 ? 'Enter' : ' ');
    index += 1;
  }
  return keys.slice(0, count);
}

/** The paragraphs the keys produce when typed into an empty paragraph. */
function expectedText(keys: string[]): string {
  let text = '';
  for (const key of keys) {
    if (key === 'Backspace') text = text.slice(0, -1);
    else text += key === 'Enter' ? '\n' : key;
  }
  return text;
}

/** The text of each top-level block of the chapter, read from the Y.Doc as the exporter does. */
function blockTexts(doc: Y.Doc): string[] {
  const textOf = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string =>
    node instanceof Y.XmlText
      ? node.toJSON()
      : node instanceof Y.XmlElement
        ? node.toArray().map(textOf).join('')
        : '';
  return doc.getXmlFragment('default').toArray().map(textOf);
}

/**
 * Types `keys` into the focused editor one transaction per key, yielding to the event loop every few
 * keys as a fast typist's bursts do, so the device log sees the same stream of single-key updates.
 */
function typeInEditor(page: Page, keys: string[]): Promise<void> {
  return page.evaluate(async (batch) => {
    interface KeyEditor {
      state: unknown;
      view: { dispatch(tr: unknown): void };
      commands: { keyboardShortcut(name: string): boolean };
    }
    const editor = (document.querySelector('.ProseMirror') as unknown as { editor: KeyEditor }).editor;
    for (const [index, key] of batch.entries()) {
      const { tr, selection } = editor.state as unknown as {
        tr: { insertText(text: string): unknown; delete(from: number, to: number): unknown };
        selection: { from: number };
      };
      if (key === 'Enter') editor.commands.keyboardShortcut(key);
      else if (key === 'Backspace') editor.view.dispatch(tr.delete(selection.from - 1, selection.from));
      else editor.view.dispatch(tr.insertText(key));
      if (index % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }, keys);
}

/** Update bytes and row count of the chapter's local log, as Dexie stored it in IndexedDB. */
async function localLog(page: Page, docName: string): Promise<{ rows: number; bytes: number }> {
  const rows = await storedRows(page, docName);
  return { rows: rows.length, bytes: rows.reduce((sum, row) => sum + row.bytes, 0) };
}

describe('the device keeps a typed chapter compact', () => {
  it('holds at most 3× the encoded document in IndexedDB after 20,000 keystrokes (issue 5, test 5)', async () => {
    const author = await registerUser(suite.server.url, 'Long Writer');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'The Long Draft',
      chapters: [{ title: 'Everything at once' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const chapterId: string = created.body.chapters[0].id;
    const docName = chapterDocName(bookId, chapterId);

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}/chapters/${chapterId}`);
    const manuscript = page.locator('.manuscript');
    // A chapter this device never opened becomes editable once the server has granted edit access.
    await page.locator('.manuscript[contenteditable="true"]').waitFor();
    await manuscript.click();

    const keys = keystrokes(KEYSTROKES);
    // The first keys go through the real keyboard; the rest are dispatched in the page as the same
    // editor transactions a key press makes (one per key), because 20,000 round trips through the
    // browser protocol take many minutes on a 2-core machine.
    const typedByKeyboard = 200;
    for (const key of keys.slice(0, typedByKeyboard)) await page.keyboard.press(key);
    let rowsSeen = 0;
    for (let start = typedByKeyboard; start < keys.length; start += CHUNK) {
      await typeInEditor(page, keys.slice(start, start + CHUNK));
      // Compaction folds the log as it grows; the row count never runs away between checks.
      rowsSeen = Math.max(rowsSeen, (await localLog(page, docName)).rows);
    }
    // Measured before the cloud confirms anything: what the device holds while the network lags.
    const whileTyping = await localLog(page, docName);
    await page
      .locator('.sync-status[data-kind="cloud"]')
      .waitFor({ timeout: 180_000 })
      .catch(async (error) => {
        throw new Error(`status stayed "${await page.getByTestId('sync-status').textContent()}": ${error}`);
      });

    // The document as the server merged it: every keystroke reached it.
    const content = await fetch(`${suite.server.url}/api/books/${bookId}/chapters/${chapterId}/content`, {
      headers: { authorization: `Bearer ${author.token}` },
    });
    expect(content.status).toBe(200);
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, new Uint8Array(await content.arrayBuffer()));
    const documentBytes = Y.encodeStateAsUpdate(serverDoc).byteLength;
    expect(blockTexts(serverDoc).join('\n')).toContain(expectedText(keys));

    const ratioOf = (log: { rows: number; bytes: number }) =>
      (log.bytes + log.rows * ROW_OVERHEAD_BYTES) / documentBytes;
    const afterSave = await localLog(page, docName);
    const describeLog = (log: { rows: number; bytes: number }) =>
      `${log.bytes} B in ${log.rows} rows = ${ratioOf(log).toFixed(2)}×`;
    console.log(
      `[storage] ${KEYSTROKES} keystrokes: document ${documentBytes} B; local log right after typing ` +
        `${describeLog(whileTyping)}, after the cloud save ${describeLog(afterSave)} ` +
        `(row overhead counted as ${ROW_OVERHEAD_BYTES} B); most rows seen ${rowsSeen}`,
    );
    expect(ratioOf(whileTyping)).toBeLessThanOrEqual(3);
    expect(ratioOf(afterSave)).toBeLessThanOrEqual(3);
    await context.close();
  }, 600_000);
});
