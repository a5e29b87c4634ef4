import { accessRevocationsChannel, recentAccessRevocationsKey } from '@galley/shared/sync/revocation';
import { Redis } from 'ioredis';
import { afterAll, expect, inject, it, vi } from 'vitest';
import { uniqueName } from '../../../tests/support/testApp.ts';
import { describeAccessRevocationsContract } from './accessRevocations.contract.ts';
import type { AccessRevocation, AccessRevocations } from './accessRevocations.ts';
import { createRedisAccessRevocations } from './redisAccessRevocations.ts';

const opened: AccessRevocations[] = [];
const prefix = `${uniqueName('revocations')}:`;
const open = (onInvalid?: (raw: string) => void) => {
  const channel = createRedisAccessRevocations({
    url: inject('redisUrl'),
    prefix,
    ...(onInvalid ? { onInvalid } : {}),
  });
  opened.push(channel);
  return channel;
};

afterAll(async () => {
  for (const channel of opened) await channel.close();
});

describeAccessRevocationsContract('Redis pub/sub', async () => [open(), open()]);

it('drops what another publisher puts on the channel that is not a revocation', async () => {
  const invalid: string[] = [];
  const node = open((raw) => invalid.push(raw));
  const got: AccessRevocation[] = [];
  await node.subscribe((r) => got.push(r));
  const raw = new Redis(inject('redisUrl'));
  try {
    const channel = accessRevocationsChannel(prefix);
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ bookId: 'b', at: -1 }));
    await raw.publish(channel, JSON.stringify({ bookId: 'b-ok', at: 5 }));
    await vi.waitFor(() => expect(got).toEqual([{ bookId: 'b-ok', at: 5 }]));
    expect(invalid).toEqual(['not json', JSON.stringify({ bookId: 'b', at: -1 })]);
  } finally {
    raw.disconnect();
  }
});

it('tells a node that starts later what was revoked within the kept time, and nothing older', async () => {
  const api = open();
  const book = `late-${Date.now()}`;
  const recent = { bookId: book, userId: 'u-recent', at: Date.now() };
  await api.publish({ bookId: book, userId: 'u-old', at: Date.now() - 2 * 3_600_000 });
  await api.publish(recent);
  const restarted = open();
  const heard: AccessRevocation[] = [];
  await restarted.subscribe((r) => heard.push(r));
  // Heard before subscribe resolves: the node refuses old tokens from its first connection on.
  expect(heard.filter((r) => r.bookId === book)).toEqual([recent]);
});

it('tells a node whose Redis connection dropped what was revoked while it was away', async () => {
  const node = open();
  const heard: AccessRevocation[] = [];
  await node.subscribe((r) => heard.push(r));
  const raw = new Redis(inject('redisUrl'));
  try {
    // Published while the node was cut off: in the kept set, never delivered to this node live.
    const missed = { bookId: `away-${Date.now()}`, userId: 'u', at: Date.now() };
    await raw.zadd(recentAccessRevocationsKey(prefix), missed.at, JSON.stringify(missed));
    // Every subscriber of this file's prefix (this node's among them) loses its connection.
    const clients = (await raw.client('LIST')) as string;
    const ids = clients
      .split('\n')
      .filter((line) => line.includes(` name=${prefix}revocations `))
      .map((line) => line.match(/^id=(\d+)/)?.[1] as string);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) await raw.client('KILL', 'ID', id);
    await vi.waitFor(() => expect(heard.filter((r) => r.bookId === missed.bookId)).toEqual([missed]), {
      timeout: 10_000,
    });
  } finally {
    raw.disconnect();
  }
});
