import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ISSUER, startTestIssuer, type TestIssuer } from '../../sync-server/src/testing/syncTestKit.ts';
import { uniqueName } from '../support/testApp.ts';
import { FaultClient } from './support/faultClient.ts';
import { FaultStorage } from './support/faultStorage.ts';
import { RedisProcess } from './support/redisProcess.ts';
import { stopAllServices } from './support/serviceProcess.ts';
import { SyncNode } from './support/syncNode.ts';
import { allTyped, startTyping } from './support/typing.ts';

// Real processes on a busy 2-core box: waits are generous; nothing here asserts how long anything took.
const WAIT = { timeout: 40_000, interval: 50 };

let issuer: TestIssuer;
let redis: RedisProcess;
let storage: FaultStorage;
let prefix: string;
let nodeA: SyncNode;
let nodeB: SyncNode;
const clients: FaultClient[] = [];

beforeAll(async () => {
  const name = uniqueName('fault-redis');
  prefix = `${name}:`;
  issuer = await startTestIssuer();
  // Its own redis-server, so killing it disturbs no other test file.
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
    REDIS_KEY_PREFIX: prefix,
  };
  [nodeA, nodeB] = await Promise.all([SyncNode.start('a', env), SyncNode.start('b', env)]);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await stopAllServices();
  await issuer?.close();
  storage?.close();
});

/** How many nodes listen on the document's fan-out channel, asked of Redis itself. */
async function subscribers(docName: string): Promise<number> {
  const probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    const reply = (await probe.call('PUBSUB', 'NUMSUB', `${prefix}sync:doc:${docName}`)) as [string, number];
    return Number(reply[1]);
  } finally {
    probe.disconnect();
  }
}

describe('Redis restarted mid-session', () => {
  it('fan-out resumes (both nodes subscribed again), the nodes catch up, nothing diverges', async () => {
    const docName = 'book/b1/chapter/redis';
    const token = await issuer.token({ book: 'b1', access: 'edit' }, 900);
    const onA = new FaultClient('a', [nodeA.url], docName, token);
    const onB = new FaultClient('b', [nodeB.url], docName, token);
    clients.push(onA, onB);
    await vi.waitFor(() => expect(onA.synced && onB.synced).toBe(true), WAIT);
    expect(await subscribers(docName)).toBe(2);

    const typing = startTyping(clients);
    try {
      await vi.waitFor(() => {
        expect(onA.contents()).toContain(onB.typed.at(-1));
        expect(onB.contents()).toContain(onA.typed.at(-1));
      }, WAIT);

      await redis.kill();
      const typedBefore = new Set(allTyped(clients));
      const acknowledgedBefore = onA.acknowledged.size + onB.acknowledged.size;
      // Without Redis each node still serves and stores its own clients' edits…
      await vi.waitFor(
        () => expect(onA.acknowledged.size + onB.acknowledged.size).toBeGreaterThan(acknowledgedBefore + 40),
        WAIT,
      );
      // …but nothing crossed between the nodes: the outage was real.
      expect(onA.contents().filter((id) => id.startsWith('b-') && !typedBefore.has(id))).toEqual([]);

      await redis.start();
      await vi.waitFor(async () => expect(await subscribers(docName)).toBe(2), WAIT);
      // What crossed nowhere during the outage is caught up from the log; new edits fan out again.
      await vi.waitFor(() => {
        expect(onA.contents()).toContain(onB.typed.at(-1));
        expect(onB.contents()).toContain(onA.typed.at(-1));
      }, WAIT);
      typing.stop();
      const typed = allTyped(clients);
      await vi.waitFor(() => {
        expect(onA.contents()).toEqual(typed);
        expect(onB.contents()).toEqual(typed);
        expect(onA.unsaved).toEqual([]);
        expect(onB.unsaved).toEqual([]);
      }, WAIT);
      expect(await storage.contents(docName)).toEqual(typed);

      // With typing stopped nothing reloads the log, so this edit can reach A only through Redis.
      const last = onB.type();
      await vi.waitFor(() => expect(onA.contents()).toContain(last), WAIT);
    } finally {
      typing.stop();
    }
  }, 120_000);
});
