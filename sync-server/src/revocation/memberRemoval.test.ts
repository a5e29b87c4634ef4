import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { buildBook, putMember } from '../../../api/src/routes/books/bookTestKit.ts';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import type { TestApp } from '../../../tests/support/testApp.ts';
import { type RevocationStack, revocationWirings, startRevocationStack } from '../testing/revocationStack.ts';

const WAIT = { timeout: 15_000 };

describe.each(revocationWirings)('revoked access closes sync connections (%s)', (_name, redis) => {
  let stack: RevocationStack;
  let t: TestApp;

  beforeAll(async () => {
    stack = await startRevocationStack(redis);
    t = stack.t;
  });

  afterAll(() => stack.close());

  const syncToken = (accessToken: string, bookId: string) => stack.syncToken(accessToken, bookId);
  const open = (docName: string, token: string) => stack.open(docName, token);
  const closeOf = (docName: string, token: string) => stack.closeOf(docName, token);

  async function bookWithMember() {
    const owner = await signedInUser(t, { roles: ['author'] });
    const member = await signedInUser(t, { roles: ['author'] });
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, member.user.id, 'co_author');
    const docName = `book/${book.id}/chapter/${book.chapters[0]!.id}`;
    return { owner, member, book, docName };
  }

  it('removing a member closes their connection (4401) and refuses their old token; the owner stays', async () => {
    const { owner, member, book, docName } = await bookWithMember();
    const memberToken = await syncToken(member.token, book.id);
    const ownerSide = open(docName, await syncToken(owner.token, book.id));
    const memberSide = open(docName, memberToken);
    await vi.waitFor(() => expect(ownerSide.provider.synced && memberSide.provider.synced).toBe(true), WAIT);

    const removed = await t.request('DELETE', `/api/books/${book.id}/members/${member.user.id}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);

    await vi.waitFor(
      () =>
        expect(memberSide.closes).toContainEqual({
          code: SyncCloseCode.unauthenticated,
          reason: 'access_revoked',
        }),
      WAIT,
    );
    memberSide.provider.destroy();
    // The token from before the removal opens nothing any more, and the api gives no new one.
    expect(await closeOf(docName, memberToken)).toEqual({
      code: SyncCloseCode.unauthenticated,
      reason: 'access_revoked',
    });
    const refused = await t.request('POST', '/api/sync-tokens', {
      token: member.token,
      body: { bookId: book.id },
    });
    expect(refused.status).toBe(404);

    // The owner never noticed: still connected, still editing, still acknowledged.
    expect(ownerSide.closes).toEqual([]);
    ownerSide.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('still mine')]);
    await vi.waitFor(() => expect(ownerSide.persisted.at(-1)).toBe(2), WAIT);
    expect(ownerSide.provider.wsconnected).toBe(true);
  });

  it('binning the book closes everyone’s connection, the owner’s included', async () => {
    const { owner, member, book, docName } = await bookWithMember();
    const ownerSide = open(docName, await syncToken(owner.token, book.id));
    const memberSide = open(docName, await syncToken(member.token, book.id));
    await vi.waitFor(() => expect(ownerSide.provider.synced && memberSide.provider.synced).toBe(true), WAIT);

    const binned = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(binned.status).toBe(200);

    await vi.waitFor(() => {
      expect(ownerSide.closes.map((c) => c.code)).toContain(SyncCloseCode.unauthenticated);
      expect(memberSide.closes.map((c) => c.code)).toContain(SyncCloseCode.unauthenticated);
    }, WAIT);
  });
});

describe('a sync node started after a member was removed (Redis)', () => {
  let stack: RevocationStack;

  beforeAll(async () => {
    stack = await startRevocationStack(true);
  });

  afterAll(() => stack.close());

  it('refuses the member’s old token too: it reads the revocations kept in Redis before serving', async () => {
    const t = stack.t;
    const owner = await signedInUser(t, { roles: ['author'] });
    const member = await signedInUser(t, { roles: ['author'] });
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, member.user.id, 'co_author');
    const docName = `book/${book.id}/chapter/${book.chapters[0]!.id}`;
    const memberToken = await stack.syncToken(member.token, book.id);
    const removed = await t.request('DELETE', `/api/books/${book.id}/members/${member.user.id}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);

    const restarted = await stack.startNode();
    expect(await stack.closeOf(docName, memberToken, restarted)).toEqual({
      code: SyncCloseCode.unauthenticated,
      reason: 'access_revoked',
    });
  });
});
