import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ISSUER, startTestIssuer, type TestIssuer } from '../../sync-server/src/testing/syncTestKit.ts';
import { uniqueName } from '../support/testApp.ts';
import { FaultClient } from './support/faultClient.ts';
import { FaultStorage } from './support/faultStorage.ts';
import { stopAllServices } from './support/serviceProcess.ts';
import { SyncNode } from './support/syncNode.ts';
import { TcpFaultProxy } from './support/tcpFaultProxy.ts';
import { allTyped, startTyping } from './support/typing.ts';

// Real processes on a busy 2-core box: waits are generous; nothing here asserts how long anything took.
const WAIT = { timeout: 40_000, interval: 50 };

let issuer: TestIssuer;
let dynamo: TcpFaultProxy;
let storage: FaultStorage;
let node: SyncNode;
const clients: FaultClient[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  // The node reaches the shared DynamoDB Local through a proxy that this test takes away and gives
  // back: to the node that is an outage, while every other test file keeps its storage. (Restarting a
  // DynamoDB Local JVM of our own instead costs 15-30 s per start on a busy 2-core box.)
  dynamo = await TcpFaultProxy.start(inject('dynamoEndpoint'));
  storage = await FaultStorage.create({
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: inject('s3Endpoint'),
    name: uniqueName('fault-ddb'),
  });
  node = await SyncNode.start('a', {
    ...storage.nodeEnv(),
    JWT_ISSUER: ISSUER,
    JWKS_URL: issuer.jwksUrl,
    SYNC_STORAGE_TIMEOUT_MS: '2000',
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await stopAllServices();
  await dynamo?.close();
  await issuer?.close();
  storage?.close();
});

/**
 * Two writers type continuously; storage goes away (`takeAway`) and comes back. Meanwhile the node
 * serves (each writer sees the other's edits, a newcomer opens the document) and acknowledges
 * nothing typed since; afterwards everything is acknowledged and in storage.
 */
async function typeThroughOutage(docName: string, takeAway: () => void): Promise<void> {
  const token = await issuer.token({ book: 'b1', access: 'edit' }, 900);
  const join = (name: string) => {
    const client = new FaultClient(name, [node.url], docName, token);
    clients.push(client);
    return client;
  };
  const [first, second] = [join('one'), join('two')];
  await vi.waitFor(() => expect(first.synced && second.synced).toBe(true), WAIT);
  const typing = startTyping([first, second]);
  try {
    await vi.waitFor(
      () => expect(first.acknowledged.size + second.acknowledged.size).toBeGreaterThan(10),
      WAIT,
    );
    const failuresBefore = (node.log().match(/persist failed; retrying/g) ?? []).length;

    takeAway();
    const typedBeforeOutage = new Set(allTyped([first, second]));
    await vi.waitFor(() => {
      expect(first.typed.length + second.typed.length).toBeGreaterThan(typedBeforeOutage.size + 40);
      expect(first.contents()).toContain(second.typed.at(-1));
      expect(second.contents()).toContain(first.typed.at(-1));
    }, WAIT);
    const newcomer = join('newcomer');
    await vi.waitFor(() => {
      expect(newcomer.synced).toBe(true);
      expect(newcomer.contents()).toEqual(expect.arrayContaining([...typedBeforeOutage]));
    }, WAIT);
    // The node noticed and is retrying (a write timed out or was refused)…
    await vi.waitFor(
      () =>
        expect((node.log().match(/persist failed; retrying/g) ?? []).length).toBeGreaterThan(failuresBefore),
      WAIT,
    );
    // …and acknowledged nothing typed since storage went away: there was nowhere to store it.
    const acknowledgedDuringOutage = [first, second]
      .flatMap((c) => [...c.acknowledged])
      .filter((id) => !typedBeforeOutage.has(id));
    expect(acknowledgedDuringOutage).toEqual([]);

    dynamo.up();
    typing.stop();
    const typed = allTyped([first, second]);
    await vi.waitFor(() => {
      for (const client of [first, second, newcomer]) expect(client.contents()).toEqual(typed);
      expect(first.unsaved).toEqual([]);
      expect(second.unsaved).toEqual([]);
    }, WAIT);
    expect(await storage.contents(docName)).toEqual(typed);
  } finally {
    typing.stop();
  }
}

describe('DynamoDB unavailable for a while', () => {
  it('refusing connections: the node keeps serving, withholds persisted, retries, then acknowledges all', async () => {
    await typeThroughOutage('book/b1/chapter/refused', () => dynamo.down());
  }, 120_000);

  it('answering nothing (a partition): requests time out and are retried instead of hanging', async () => {
    await typeThroughOutage('book/b1/chapter/partition', () => dynamo.blackhole());
  }, 120_000);
});
