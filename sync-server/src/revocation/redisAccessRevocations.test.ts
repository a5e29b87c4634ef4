import { accessRevocationsChannel } from '@galley/shared/sync/revocation';
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
