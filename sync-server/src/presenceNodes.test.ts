import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { uniqueName } from '../../tests/support/testApp.ts';
import type { Fanout } from './fanout/fanout.ts';
import { createInProcessFanoutHub } from './fanout/inProcessFanout.ts';
import { createRedisFanout } from './fanout/redisFanout.ts';
import { presenceClient, presenceState, rawPresenceSocket } from './testing/presenceClients.ts';
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
      const prefix = `${uniqueName('presence')}:`;
      return [
        createRedisFanout({ url: inject('redisUrl'), prefix }),
        createRedisFanout({ url: inject('redisUrl'), prefix }),
      ];
    },
  ],
];

const userIds = (states: unknown[]) => states.map((s) => (s as { user: { id: string } }).user.id).sort();

describe.each(transports)('presence across two nodes over %s fan-out', (_name, fanouts) => {
  it('a node that starts later learns who is already here, and a client that leaves one node leaves both', async () => {
    const [fa, fb] = fanouts();
    const nodeA = await startTestSyncServer(issuer, { fanout: fa });
    cleanup.push(() => nodeA.close());
    const book = uniqueName('book').replace(/[^A-Za-z0-9_-]/g, '-');
    const ana = await presenceClient(nodeA, issuer, {
      sub: 'ana',
      book,
      state: presenceState('ana', 'ch-1', 'editing'),
    });
    cleanup.push(() => ana.provider.destroy());
    const anaClock = () => ana.awareness.meta.get(ana.provider.doc.clientID)?.clock;
    const clockBefore = anaClock();

    // Node B's presence room is new: it has never heard of Ana, and awareness is never stored.
    const nodeB = await startTestSyncServer(issuer, { fanout: fb });
    cleanup.push(() => nodeB.close());
    const ben = await presenceClient(nodeB, issuer, { sub: 'ben', book });
    cleanup.push(() => ben.provider.destroy());
    await vi.waitFor(() => expect(ben.others()).toEqual([presenceState('ana', 'ch-1', 'editing')]));
    // Told by node A when Ben appeared, not by Ana's periodic renewal.
    expect(ben.awareness.meta.get(ana.provider.doc.clientID)?.clock).toBe(clockBefore);
    await vi.waitFor(() => expect(ana.others()).toEqual([presenceState('ben')]));

    // A client on node B that vanishes without a goodbye is removed on node A too.
    const gone = await rawPresenceSocket(nodeB, issuer, { sub: 'gone', book });
    gone.sendAwareness([{ clientId: 31337, clock: 1, state: presenceState('gone', 'ch-2') }]);
    await vi.waitFor(() => expect(userIds(ana.others())).toEqual(['ben', 'gone']));
    gone.ws.terminate();
    await vi.waitFor(() => expect(userIds(ana.others())).toEqual(['ben']));
    // And a state node B refused never reaches node A.
    const mallory = await rawPresenceSocket(nodeB, issuer, { sub: 'mallory', book });
    cleanup.push(() => mallory.ws.terminate());
    mallory.sendAwareness([{ clientId: 666, clock: 1, state: presenceState('ana', 'ch-9', 'editing') }]);
    mallory.sendAwareness([{ clientId: 666, clock: 2, state: presenceState('mallory') }]);
    await vi.waitFor(() => expect(userIds(ana.others())).toEqual(['ben', 'mallory']));
    expect(ana.seen.filter((s) => (s as { chapterId: string | null }).chapterId === 'ch-9')).toEqual([]);
  });
});
