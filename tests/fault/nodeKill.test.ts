import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ISSUER, startTestIssuer, type TestIssuer } from '../../sync-server/src/testing/syncTestKit.ts';
import { uniqueName } from '../support/testApp.ts';
import { FaultClient } from './support/faultClient.ts';
import { FaultStorage } from './support/faultStorage.ts';
import { RedisProcess } from './support/redisProcess.ts';
import { stopAllServices } from './support/serviceProcess.ts';
import { SyncNode } from './support/syncNode.ts';
import { allAcknowledged, allTyped, startTyping } from './support/typing.ts';

// Real processes on a busy 2-core box: waits are generous; nothing here asserts how long anything took.
const WAIT = { timeout: 30_000, interval: 50 };

let issuer: TestIssuer;
let redis: RedisProcess;
let storage: FaultStorage;
let nodeA: SyncNode;
let nodeB: SyncNode;
const clients: FaultClient[] = [];

beforeAll(async () => {
  const name = uniqueName('fault-kill');
  issuer = await startTestIssuer();
  redis = await RedisProcess.start();
  storage = await FaultStorage.create({
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
    name,
  });
  const env = {
    ...storage.nodeEnv(),
    JWT_ISSUER: ISSUER,
    JWKS_URL: issuer.jwksUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: `${name}:`,
  };
  [nodeA, nodeB] = await Promise.all([SyncNode.start('a', env), SyncNode.start('b', env)]);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await stopAllServices();
  await issuer?.close();
  storage?.close();
});

describe('kill -9 of one of two nodes during continuous typing', () => {
  it('clients move to the other node and converge; every acknowledged edit is in storage', async () => {
    const docName = 'book/b1/chapter/kill';
    const urls = [nodeA.url, nodeB.url];
    const token = await issuer.token({ book: 'b1', access: 'edit' }, 900);
    for (const [name, first] of [
      ['a1', 0],
      ['a2', 0],
      ['b1', 1],
      ['b2', 1],
    ] as const) {
      clients.push(new FaultClient(name, urls, docName, token, first));
    }
    const onA = clients.slice(0, 2);
    await vi.waitFor(() => expect(clients.every((c) => c.synced)).toBe(true), WAIT);

    const typing = startTyping(clients);
    try {
      await vi.waitFor(() => expect(clients.every((c) => c.acknowledged.size >= 10)).toBe(true), WAIT);
      const acknowledgedBeforeKill = allAcknowledged(clients);
      await nodeA.kill();

      // A's clients saw their socket die, moved to B, and B acknowledges what they type from there.
      const countsAtKill = clients.map((c) => c.acknowledged.size);
      await vi.waitFor(() => {
        for (const client of onA) {
          expect(client.closes.length).toBeGreaterThan(0);
          expect(client.serverUrl).toBe(nodeB.url);
        }
        for (const [i, client] of clients.entries()) {
          expect(client.acknowledged.size).toBeGreaterThanOrEqual(countsAtKill[i]! + 10);
        }
      }, WAIT);
      typing.stop();

      // Everyone converges on everything anyone typed, and says "Saved to cloud".
      const typed = allTyped(clients);
      await vi.waitFor(() => {
        for (const client of clients) expect(client.contents()).toEqual(typed);
        expect(clients.flatMap((c) => c.unsaved)).toEqual([]);
      }, WAIT);

      // Straight from DynamoDB/S3: every edit acknowledged before the kill, and (everyone being saved)
      // every edit typed at all.
      const stored = await storage.contents(docName);
      expect(acknowledgedBeforeKill.filter((id) => !stored.includes(id))).toEqual([]);
      expect(typed.filter((id) => !stored.includes(id))).toEqual([]);
    } finally {
      typing.stop();
    }
  }, 90_000);
});
