import { describe, expect, it, vi } from 'vitest';
import { createSyncMetrics } from '../observability/metrics.ts';
import { observeFanoutLag } from './fanoutLag.ts';
import { createInProcessFanoutHub } from './inProcessFanout.ts';

describe('fan-out lag', () => {
  it('times each message that arrives from another node, by kind, and passes it on unchanged', async () => {
    const metrics = createSyncMetrics();
    const hub = createInProcessFanoutHub();
    const publisher = hub.node();
    const receiver = observeFanoutLag(hub.node(), metrics.fanoutLag);
    const got: Uint8Array[] = [];
    await receiver.subscribe('book/b/chapter/c', (message) => got.push(message.payload));

    publisher.publish('book/b/chapter/c', { kind: 'update', payload: Uint8Array.of(1, 2) });
    publisher.publish('book/b/chapter/c', { kind: 'awareness', payload: Uint8Array.of(3) });
    await vi.waitFor(() => expect(got).toHaveLength(2));

    expect(got).toEqual([Uint8Array.of(1, 2), Uint8Array.of(3)]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/galley_sync_fanout_lag_seconds_count\{kind="update"\} 1\n/);
    expect(text).toMatch(/galley_sync_fanout_lag_seconds_count\{kind="awareness"\} 1\n/);
  });

  it("counts nothing for the node's own messages, which never come back to it", async () => {
    const metrics = createSyncMetrics();
    const hub = createInProcessFanoutHub();
    const node = observeFanoutLag(hub.node(), metrics.fanoutLag);
    const other = hub.node();
    const atOther: unknown[] = [];
    await node.subscribe('book/b/chapter/c', () => {});
    await other.subscribe('book/b/chapter/c', (message) => atOther.push(message));
    node.publish('book/b/chapter/c', { kind: 'update', payload: Uint8Array.of(1) });
    await vi.waitFor(() => expect(atOther).toHaveLength(1));
    expect(await metrics.registry.metrics()).not.toMatch(/galley_sync_fanout_lag_seconds_count\{/);
  });
});
