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
