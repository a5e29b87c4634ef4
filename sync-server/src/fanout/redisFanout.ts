import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { decodeFanout, encodeFanout, type Fanout, type FanoutHandler } from './fanout.ts';

export interface RedisFanoutOptions {
  url: string;
  /** Prefix of every channel (REDIS_KEY_PREFIX), so environments sharing a Redis never cross. */
  prefix: string;
}

/**
 * Fan-out through Redis pub/sub: one channel per loaded document, a publisher and a subscriber
 * connection per node. Pub/sub drops messages while a connection is down; ioredis re-subscribes on
 * reconnect and we tell the rooms to catch up from storage (`onResume`), while the clients' own
 * resync covers what was not yet persisted.
 */
export function createRedisFanout(options: RedisFanoutOptions): Fanout {
  const nodeId = randomUUID();
  // The offline queue holds what is published while connecting or reconnecting; replaying it late is
  // harmless (Yjs updates are idempotent) and maxRetriesPerRequest bounds how long a publish waits.
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  const subscriber = new Redis(options.url, { autoResubscribe: true, maxRetriesPerRequest: null });
  const handlers = new Map<string, FanoutHandler>();
  const resumeListeners: (() => void)[] = [];
  const channel = (docName: string) => `${options.prefix}sync:doc:${docName}`;
  const prefixLength = channel('').length;
  let connectedOnce = false;

  // ioredis emits errors on reconnect attempts; they are expected while Redis restarts.
  publisher.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  subscriber.on('ready', () => {
    if (connectedOnce) for (const listener of resumeListeners) listener();
    connectedOnce = true;
  });
  subscriber.on('messageBuffer', (channelName: Buffer, frame: Buffer) => {
    const decoded = decodeFanout(frame);
    if (!decoded || decoded.nodeId === nodeId) return;
    handlers.get(channelName.toString('utf8').slice(prefixLength))?.(decoded.message, decoded.sentAtMs);
  });

  return {
    async subscribe(docName, handler) {
      handlers.set(docName, handler);
      await subscriber.subscribe(channel(docName));
      return async () => {
        handlers.delete(docName);
        await subscriber.unsubscribe(channel(docName)).catch(() => undefined);
      };
    },
    publish(docName, message) {
      publisher.publish(channel(docName), encodeFanout(nodeId, message)).catch(() => undefined);
    },
    async ready() {
      await Promise.all([publisher.ping(), subscriber.ping()]);
    },
    onResume(listener) {
      resumeListeners.push(listener);
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
