import { DocRoots, MessageType } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { uniqueName } from '../../tests/support/testApp.ts';
import type { Fanout } from './fanout/fanout.ts';
import { createInProcessFanoutHub } from './fanout/inProcessFanout.ts';
import { createRedisFanout } from './fanout/redisFanout.ts';
import type { RunningSyncServer } from './server.ts';
import { createMemoryDocStorage } from './storage/memoryDocStorage.ts';
import { caretState } from './testing/presenceClients.ts';
import { startTestIssuer, startTestSyncServer, type TestIssuer } from './testing/syncTestKit.ts';

let issuer: TestIssuer;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
});

afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  await issuer.close();
});

async function provider(server: RunningSyncServer, docName: string) {
  const doc = new Y.Doc();
  const persisted: number[] = [];
  const p = new WebsocketProvider(server.url, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: await issuer.token({ book: 'b1', access: 'edit' }) },
    disableBc: true,
  });
  p.messageHandlers[MessageType.persisted] = (_e, decoder) => {
    persisted.push(decoding.readVarUint(decoder));
  };
  cleanup.push(() => p.destroy());
  await vi.waitFor(() => expect(p.synced).toBe(true), WAIT);
  return { doc, provider: p, persisted };
}

// Generous: Redis round trips on a busy CI box; nothing here asserts how long anything took.
const WAIT = { timeout: 10_000 };
const text = (doc: Y.Doc) => doc.getXmlFragment(DocRoots.text).toString();

const transports: [string, () => [Fanout, Fanout]][] = [
  [
    'in-process',
    () => {
      const hub = createInProcessFanoutHub();
      return [hub.node(), hub.node()];
    },
  ],
  [
    'Redis',
    () => {
      const prefix = `${uniqueName('nodes')}:`;
      return [
        createRedisFanout({ url: inject('redisUrl'), prefix }),
        createRedisFanout({ url: inject('redisUrl'), prefix }),
      ];
    },
  ],
];

describe.each(transports)('two nodes over %s fan-out', (_name, fanouts) => {
  it('clients on different nodes converge, see each other’s awareness, and each update is logged once', async () => {
    const storage = createMemoryDocStorage();
    const [fa, fb] = fanouts();
    const nodeA = await startTestSyncServer(issuer, { storage, fanout: fa });
    const nodeB = await startTestSyncServer(issuer, { storage, fanout: fb });
    cleanup.push(
      () => nodeA.close(),
      () => nodeB.close(),
    );
    const docName = `book/b1/chapter/${uniqueName('two')}`.replace(/[^A-Za-z0-9/_-]/g, '-');
    const a = await provider(nodeA, docName);
    const b = await provider(nodeB, docName);
    a.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('typed on A')]);
    b.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('typed on B')]);
    await vi.waitFor(() => {
      expect(text(a.doc)).toBe(text(b.doc));
      expect(text(a.doc)).toContain('typed on A');
      expect(text(a.doc)).toContain('typed on B');
    }, WAIT);
    a.provider.awareness.setLocalState(caretState('user-1'));
    await vi.waitFor(
      () => expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual(caretState('user-1')),
      WAIT,
    );
    await vi.waitFor(() => {
      expect(a.persisted.at(-1)).toBe(2);
      expect(b.persisted.at(-1)).toBe(2);
    }, WAIT);
    // Each node stored its own client's edit; neither stored the other's again.
    const loaded = await storage.load(docName);
    expect(loaded.updates).toHaveLength(2);
    const stored = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(stored, u);
    expect(text(stored)).toBe(text(a.doc));
  });
});
