import { describe, expect, it, vi } from 'vitest';
import type { Fanout, FanoutMessage } from './fanout.ts';

let counter = 0;
const docName = () => `book/fanout/chapter/c${process.pid}-${++counter}`;

/** Behaviour every Fanout has; `nodes()` gives two nodes of one cluster. */
export function describeFanoutContract(name: string, nodes: () => Promise<[Fanout, Fanout]>): void {
  describe(`Fanout contract: ${name}`, () => {
    it('delivers a message to the other node, not back to its publisher, bytes intact', async () => {
      const [a, b] = await nodes();
      await Promise.all([a.ready(), b.ready()]);
      const doc = docName();
      const atA: FanoutMessage[] = [];
      const atB: FanoutMessage[] = [];
      await a.subscribe(doc, (m) => atA.push(m));
      await b.subscribe(doc, (m) => atB.push(m));
      const payload = Uint8Array.from([0, 1, 2, 255, 128]);
      a.publish(doc, { kind: 'update', payload });
      b.publish(doc, { kind: 'awareness', payload: Uint8Array.of(7) });
      await vi.waitFor(() => {
        expect(atB).toEqual([{ kind: 'update', payload }]);
        expect(atA).toEqual([{ kind: 'awareness', payload: Uint8Array.of(7) }]);
      });
    });

    it("hands each message over with the publisher's send time, for the lag metric", async () => {
      const [a, b] = await nodes();
      const doc = docName();
      const sentTimes: number[] = [];
      await b.subscribe(doc, (_message, sentAtMs) => sentTimes.push(sentAtMs));
      const before = Date.now();
      a.publish(doc, { kind: 'update', payload: Uint8Array.of(1) });
      const after = Date.now();
      await vi.waitFor(() => expect(sentTimes).toHaveLength(1));
      expect(sentTimes[0]).toBeGreaterThanOrEqual(before);
      expect(sentTimes[0]).toBeLessThanOrEqual(after);
    });

    it('keeps documents apart and stops after unsubscribe', async () => {
      const [a, b] = await nodes();
      const [one, two] = [docName(), docName()];
      const got: string[] = [];
      const stop = await b.subscribe(one, () => got.push('one'));
      await b.subscribe(two, () => got.push('two'));
      a.publish(two, { kind: 'update', payload: Uint8Array.of(1) });
      await vi.waitFor(() => expect(got).toEqual(['two']));
      await stop();
      a.publish(one, { kind: 'update', payload: Uint8Array.of(1) });
      a.publish(two, { kind: 'update', payload: Uint8Array.of(2) });
      await vi.waitFor(() => expect(got).toEqual(['two', 'two']));
    });
  });
}
