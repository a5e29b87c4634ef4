import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStorage } from '../storage/docStorage.ts';
import { createMemoryDocBackend, createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/prop';
const CLIENTS = 3;

type Command =
  | { kind: 'type'; client: number; at: number; text: string }
  | { kind: 'delete'; client: number; at: number; length: number }
  | { kind: 'deliver'; client: number }
  | { kind: 'disconnect'; client: number }
  | { kind: 'reconnect'; client: number }
  | { kind: 'settle' }
  | { kind: 'tick' }
  | { kind: 'kill' };

const client = fc.nat(CLIENTS - 1);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('type' as const),
    client,
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    client,
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('deliver' as const), client }),
  fc.record({ kind: fc.constant('disconnect' as const), client }),
  fc.record({ kind: fc.constant('reconnect' as const), client }),
  fc.constant({ kind: 'settle' as const }),
  fc.constant({ kind: 'tick' as const }),
  fc.constant({ kind: 'kill' as const }),
);

async function storedDoc(storage: DocStorage): Promise<Y.Doc> {
  const loaded = await storage.load(DOC);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u);
  return doc;
}

/**
 * Random edits from random clients with random disconnects, offline edits, reconnects and node kills
 * (the room dropped without flushing, reloaded from storage): every client ends with the same text as
 * a reference document that saw every edit, and every update acknowledged with *persisted* before a
 * kill is in storage after it.
 */
describe('convergence under disconnects and node kills', () => {
  it('always converges to the reference, and never loses an acknowledged update', async () => {
    await fc.assert(
      // appliedAtOnce 0–2: most updates take the batched path (several editors' updates in one Yjs
      // transaction), which a real node only takes in a busy turn.
      fc.asyncProperty(
        fc.array(command, { maxLength: 40 }),
        fc.integer({ min: 0, max: 2 }),
        async (commands, appliedAtOnce) => {
          // Each incarnation of the node has its own view of the shared store; a killed one can write no more,
          // exactly like a process that died with a write in flight.
          const backend = createMemoryDocBackend();
          const incarnation = () => {
            const life = { dead: false };
            const storage = createMemoryDocStorage({ backend, unavailable: () => life.dead, latencyMs: 5 });
            return {
              life,
              options: roomOptions({
                storage,
                retryInitialMs: 1,
                retryMaxMs: 2,
                appliedAtOncePerTurn: appliedAtOnce,
              }),
            };
          };
          const storage = createMemoryDocStorage({ backend });
          let node = incarnation();
          let room = await DocRoom.load(DOC, node.options);
          const reference = new Y.Doc();
          const docs = Array.from({ length: CLIENTS }, () => new Y.Doc());
          for (const doc of docs) doc.on('update', (u: Uint8Array) => Y.applyUpdate(reference, u));
          let clients: (RoomClient | null)[] = docs.map((doc) => new RoomClient(room, 'edit', 'u', doc));

          const change = (i: number, edit: (text: Y.Text) => void) => {
            const c = clients[i];
            if (c) c.edit((doc) => edit(doc.getText('t')));
            else edit(docs[i]!.getText('t'));
          };

          for (const cmd of commands) {
            if (cmd.kind === 'type') change(cmd.client, (t) => t.insert(cmd.at % (t.length + 1), cmd.text));
            else if (cmd.kind === 'delete') {
              change(cmd.client, (t) => {
                if (t.length > 0)
                  t.delete(cmd.at % t.length, Math.min(cmd.length, t.length - (cmd.at % t.length)));
              });
            } else if (cmd.kind === 'deliver') clients[cmd.client]?.drain();
            else if (cmd.kind === 'disconnect') {
              const c = clients[cmd.client];
              if (c) room.leave(c.conn);
              clients[cmd.client] = null;
            } else if (cmd.kind === 'reconnect') {
              clients[cmd.client] ??= new RoomClient(room, 'edit', 'u', docs[cmd.client]);
            } else if (cmd.kind === 'tick') {
              await new Promise((r) => setTimeout(r, 1));
            } else if (cmd.kind === 'settle') {
              await room.flush();
              for (const c of clients) c?.drain();
            } else {
              for (const c of clients) c?.drain();
              const acknowledged = clients.flatMap((c) =>
                c ? [...c.sent].filter(([n]) => n <= c.persistedUpTo).map(([, u]) => u) : [],
              );
              node.life.dead = true;
              room.abandon();
              node = incarnation();
              room = await DocRoom.load(DOC, node.options);
              const stored = Y.snapshot(await storedDoc(storage));
              for (const update of acknowledged) expect(Y.snapshotContainsUpdate(stored, update)).toBe(true);
              clients = clients.map(() => null);
            }
          }

          clients = clients.map((c, i) => c ?? new RoomClient(room, 'edit', 'u', docs[i]));
          for (let round = 0; round < 3; round++) {
            await room.flush();
            for (const c of clients) c?.drain();
          }
          const expected = reference.getText('t').toString();
          for (const doc of docs) expect(doc.getText('t').toString()).toBe(expected);
          expect(room.doc.getText('t').toString()).toBe(expected);
          expect((await storedDoc(storage)).getText('t').toString()).toBe(expected);
          room.awareness.destroy();
        },
      ),
      { numRuns: 150 },
    );
  });
});
