import { DocRoots } from '@galley/shared/sync/protocol';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import * as Y from 'yjs';

export type AccessVerdict =
  | { ok: true }
  | { ok: false; reason: 'read_only' | 'comment_scope' | 'malformed_update' };

/**
 * May a client with `access` apply `update` to `doc`? `comment` clients may change only the comment
 * threads root. We find out by applying the update to a scratch copy of the document and looking at
 * which root types the transaction changed (deletions register on their parent too), so the rule
 * holds however the update is encoded. An update that leaves structs pending (it depends on something
 * the server has not seen) is refused as well: it could integrate into the text later, when an editor
 * supplies the missing piece. Costs a copy of the document per comment update; comments are rare next
 * to keystrokes, and edit updates skip the check entirely.
 */
export function checkUpdateAccess(doc: Y.Doc, update: Uint8Array, access: SyncAccess): AccessVerdict {
  if (access === 'edit') return { ok: true };
  // Every provider answers the server's sync step 1 with a step 2, which for a reader holds only what
  // the server already has (and always the whole delete set): that is not a change, so it passes.
  if (isAlreadyKnown(doc, update)) return { ok: true };
  if (access === 'read') return { ok: false, reason: 'read_only' };
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const pendingBefore = pendingOf(scratch);
    const touched = new Set<string>();
    scratch.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) touched.add(rootName(scratch, type));
    });
    Y.applyUpdate(scratch, update);
    if (pendingOf(scratch) !== pendingBefore) return { ok: false, reason: 'comment_scope' };
    for (const name of touched) if (name !== DocRoots.comments) return { ok: false, reason: 'comment_scope' };
    return { ok: true };
  } catch {
    return { ok: false, reason: 'malformed_update' };
  } finally {
    scratch.destroy();
  }
}

/**
 * True when applying `update` would change nothing: every struct is below the document's state vector
 * and every deleted range is already deleted. Linear in the update, not in the document.
 */
export function isAlreadyKnown(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      if (Y.getState(doc.store, struct.id.client) < struct.id.clock + struct.length) return false;
    }
    for (const [client, ranges] of ds.clients) {
      const list = doc.store.clients.get(client);
      for (const { clock, len } of ranges) {
        if (len === 0) continue;
        if (!list || Y.getState(doc.store, client) < clock + len) return false;
        for (let i = Y.findIndexSS(list, clock); i < list.length && list[i]!.id.clock < clock + len; i++) {
          if (!list[i]!.deleted) return false;
        }
      }
    }
    return true;
  } catch {
    return false;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: Yjs types `_item` on AbstractType<any> only.
function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string {
  let root = type;
  while (root._item) root = root._item.parent as typeof root;
  for (const [name, shared] of doc.share) if (shared === root) return name;
  return '';
}

function pendingOf(doc: Y.Doc): string {
  const structs = doc.store.pendingStructs?.update;
  const ds = doc.store.pendingDs;
  return `${structs ? Buffer.from(structs).toString('base64') : ''}|${ds ? Buffer.from(ds).toString('base64') : ''}`;
}
