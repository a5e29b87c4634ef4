/**
 * Test helpers: the editor's real schema (the manuscript extensions, no DOM needed) and a Y.Doc
 * holding a ProseMirror document exactly as the Collaboration binding stores it.
 */

import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { getSchema } from '@tiptap/core';
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import {
  prosemirrorToYXmlFragment,
  updateYFragment,
  yXmlFragmentToProseMirrorRootNode,
} from '@tiptap/y-tiptap';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { manuscriptExtensions } from '../extensions/manuscriptExtensions.ts';

export function manuscriptSchema(): Schema {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  try {
    return getSchema(manuscriptExtensions(doc, awareness, { id: 'test', name: 'Test', color: '#000000' }));
  } finally {
    awareness.destroy();
    doc.destroy();
  }
}

/** A Y.Doc whose `default` fragment holds `json`, and the ProseMirror document the editor would show for it. */
export function chapterFromJSON(schema: Schema, json: unknown): { ydoc: Y.Doc; pmDoc: ProseMirrorNode } {
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(schema.nodeFromJSON(json), textRoot(ydoc));
  return { ydoc, pmDoc: editorView(ydoc, schema) };
}

/** What the editor shows for the Y.Doc now. */
export function editorView(ydoc: Y.Doc, schema: Schema): ProseMirrorNode {
  return yXmlFragmentToProseMirrorRootNode(textRoot(ydoc), schema);
}

/** Writes an edited ProseMirror document into the Y.Doc the way the Collaboration binding does. */
export function writeToYDoc(ydoc: Y.Doc, pmDoc: ProseMirrorNode): void {
  ydoc.transact(() =>
    updateYFragment(ydoc, textRoot(ydoc), pmDoc, { mapping: new Map(), isOMark: new Map() }),
  );
}

/** Positions with a text character right after them (the characters a comment can cover). */
export function characterPositions(pmDoc: ProseMirrorNode): number[] {
  const positions: number[] = [];
  pmDoc.descendants((node, position) => {
    if (node.isText) for (let i = 0; i < node.nodeSize; i++) positions.push(position + i);
  });
  return positions;
}
