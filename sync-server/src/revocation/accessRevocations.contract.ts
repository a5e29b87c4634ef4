import { describe, expect, it, vi } from 'vitest';
import type { AccessRevocation, AccessRevocations } from './accessRevocations.ts';

let counter = 0;
const bookId = () => `rev-${process.pid}-${++counter}`;

/**
 * Behaviour every AccessRevocations has. `channel()` gives the api's end and a sync node's end of one
 * deployment (the same object in-process, two Redis clients otherwise).
 */
export function describeAccessRevocationsContract(
  name: string,
  channel: () => Promise<[publisher: AccessRevocations, node: AccessRevocations]>,
): void {
  describe(`AccessRevocations contract: ${name}`, () => {
    it('delivers each revocation to every subscriber, fields intact', async () => {
      const [api, node] = await channel();
      const first: AccessRevocation[] = [];
      const second: AccessRevocation[] = [];
      await node.subscribe((r) => first.push(r));
      await node.subscribe((r) => second.push(r));
      const book = bookId();
      const one = { bookId: book, userId: 'user-1', at: 1_700_000_000_123 };
      const everyone = { bookId: book, at: 1_700_000_000_456 };
      await api.publish(one);
      await api.publish(everyone);
      await vi.waitFor(() => {
        expect(first.filter((r) => r.bookId === book)).toEqual([one, everyone]);
        expect(second.filter((r) => r.bookId === book)).toEqual([one, everyone]);
      });
    });

    it('stops delivering after unsubscribe', async () => {
      const [api, node] = await channel();
      const book = bookId();
      const stopped: AccessRevocation[] = [];
      const live: AccessRevocation[] = [];
      const stop = await node.subscribe((r) => stopped.push(r));
      await node.subscribe((r) => live.push(r));
      stop();
      await api.publish({ bookId: book, userId: 'u', at: 1 });
      await vi.waitFor(() => expect(live.filter((r) => r.bookId === book)).toHaveLength(1));
      expect(stopped).toEqual([]);
    });

    it('delivers an account-wide revocation (a user, no book)', async () => {
      const [api, node] = await channel();
      const heard: AccessRevocation[] = [];
      await node.subscribe((r) => heard.push(r));
      const account = { userId: `account-${process.pid}-${++counter}`, at: 1_700_000_000_789 };
      await api.publish(account);
      await vi.waitFor(() => expect(heard.filter((r) => r.userId === account.userId)).toEqual([account]));
    });

    it('delivers a session revocation (a user and one of their sessions)', async () => {
      const [api, node] = await channel();
      const heard: AccessRevocation[] = [];
      await node.subscribe((r) => heard.push(r));
      const session = {
        userId: `session-owner-${process.pid}-${++counter}`,
        sessionId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
        at: 1_700_000_000_999,
      };
      await api.publish(session);
      await vi.waitFor(() => expect(heard.filter((r) => r.userId === session.userId)).toEqual([session]));
    });

    it('refuses to publish a malformed revocation', async () => {
      const [api] = await channel();
      await expect(api.publish({ bookId: 'has spaces', at: 1 })).rejects.toThrow();
      // Neither a book nor a user would mean everyone everywhere: never meant, so never sent.
      await expect(api.publish({ at: 1 })).rejects.toThrow();
      // A session belongs to its user and spans their books: without the user, or with a book, it is a mistake.
      await expect(api.publish({ sessionId: 's1', at: 1 })).rejects.toThrow();
      await expect(api.publish({ bookId: 'b1', userId: 'u1', sessionId: 's1', at: 1 })).rejects.toThrow();
    });
  });
}
