import { afterAll, inject } from 'vitest';
import { uniqueName } from '../../../tests/support/testApp.ts';
import { describeFanoutContract } from './fanout.contract.ts';
import type { Fanout } from './fanout.ts';
import { createRedisFanout } from './redisFanout.ts';

const opened: Fanout[] = [];
const prefix = `${uniqueName('fanout')}:`;

afterAll(async () => {
  for (const f of opened) await f.close();
});

describeFanoutContract('Redis pub/sub', async () => {
  const nodes: [Fanout, Fanout] = [
    createRedisFanout({ url: inject('redisUrl'), prefix }),
    createRedisFanout({ url: inject('redisUrl'), prefix }),
  ];
  opened.push(...nodes);
  return nodes;
});
