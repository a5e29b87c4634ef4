import { isDeepStrictEqual } from 'node:util';
import { DocRoots } from '@galley/shared/sync/protocol';
import {
  addRanges,
  type DeletedRanges,
  encodeDeletedRanges,
  normalizeRanges,
} from '@galley/sync-server/storage/deletedRanges';
import * as Y from 'yjs';
import { nodeToProseMirrorJson } from './proseMirrorJson.ts';

/**
 * The Yjs update that makes a chapter's text what it was in a version, as a new change on top of its
 * history (never rewriting it): in one transaction of a fresh client, the blocks that differ are
 * deleted and copies of the version's blocks inserted in their place (blocks equal at the start and
 * at the end are kept, so a restore of one changed paragraph does not rewrite the whole chapter).
 * Connected editors apply it like any other update; the history keeps both the text before the
 * restore and the restore itself, and the restored blocks are attributed to the restoring client.
 * `deleted` is what the restore deletes (encoded as deletedRanges.ts does), for the restorer's
 * deletion record: the api writes this update itself, so no sync server sees who sent it.
 * Comment threads (their own root) are left as they are: their anchors follow the text they were on,
 * or collapse where it was deleted.
 *
 * Returns null when the current text already equals the version's (nothing to write).
 */
export function restoreUpdate(
  currentState: Uint8Array,
  versionState: Uint8Array,
): { update: Uint8Array; clientId: number; deleted: Uint8Array } | null {
  const current = new Y.Doc();
  Y.applyUpdate(current, currentState);
  const version = new Y.Doc();
  Y.applyUpdate(version, versionState);
  try {
    const text = current.getXmlFragment(DocRoots.text);
    const now = text.toArray();
    const then = version.getXmlFragment(DocRoots.text).toArray();
    const { keepStart, keepEnd } = equalEnds(now, then);
    if (keepStart === now.length && keepStart === then.length) return null;
    const updates: Uint8Array[] = [];
    const deleted: DeletedRanges = new Map();
    current.on('update', (update: Uint8Array) => updates.push(update));
    current.on('afterTransaction', (transaction: Y.Transaction) =>
      addRanges(deleted, transaction.deleteSet.clients),
    );
    current.transact(() => {
      text.delete(keepStart, now.length - keepEnd - keepStart);
      // clone() copies a type with its attributes, children and formatting, unattached to any doc.
      const copies = then
        .slice(keepStart, then.length - keepEnd)
        .flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()]));
      text.insert(keepStart, copies);
    });
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    return { update, clientId: current.clientID, deleted: encodeDeletedRanges(normalizeRanges(deleted)) };
  } finally {
    current.destroy();
    version.destroy();
  }
}

type Block = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** How many blocks are equal at the start, and (not overlapping those) at the end. */
function equalEnds(now: Block[], then: Block[]): { keepStart: number; keepEnd: number } {
  const same = (a: Block, b: Block) => isDeepStrictEqual(nodeToProseMirrorJson(a), nodeToProseMirrorJson(b));
  const shorter = Math.min(now.length, then.length);
  let keepStart = 0;
  while (keepStart < shorter && same(now[keepStart]!, then[keepStart]!)) keepStart += 1;
  let keepEnd = 0;
  while (
    keepEnd < shorter - keepStart &&
    same(now[now.length - 1 - keepEnd]!, then[then.length - 1 - keepEnd]!)
  ) {
    keepEnd += 1;
  }
  return { keepStart, keepEnd };
}
