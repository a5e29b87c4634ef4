import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { nextIp, buildUser as registerUser } from '../../../api/src/routes/auth/authTestKit.ts';
import { buildBook, putMember } from '../../../api/src/routes/books/bookTestKit.ts';
import { signedInUser, tokenFor, withMfa } from '../../../tests/support/buildUser.ts';
import { type RevocationStack, revocationWirings, startRevocationStack } from '../testing/revocationStack.ts';
import type { AccessRevocation } from './accessRevocations.ts';

const WAIT = { timeout: 15_000 };
const REVOKED = { code: SyncCloseCode.unauthenticated, reason: 'access_revoked' };

describe.each(revocationWirings)('account-level changes close sync connections (%s)', (_name, redis) => {
  let stack: RevocationStack;

  beforeAll(async () => {
    stack = await startRevocationStack(redis);
  });

  afterAll(() => stack.close());

  const chapterOf = (book: { id: string; chapters: { id: string }[] }) =>
    `book/${book.id}/chapter/${book.chapters[0]!.id}`;

  /** Whether the server takes `token` for `docName`: it starts syncing rather than closing. */
  function admits(docName: string, token: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${stack.sync.url}/${docName}?token=${encodeURIComponent(token)}&v=1`);
      ws.once('message', () => {
        resolve(true);
        ws.close();
      });
      ws.once('close', () => resolve(false));
      ws.on('error', reject);
    });
  }

  it('lowering a publisher’s platform roles closes the read connection they had as overseer (4401); raising them does nothing', async () => {
    const { t } = stack;
    const owner = await signedInUser(t, { roles: ['author'] });
    const publisher = await signedInUser(t, { roles: ['publisher'] });
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    const book = await buildBook(t, owner.user.id);
    const docName = chapterOf(book);
    const heard: AccessRevocation[] = [];
    await t.deps.revocations.subscribe((revocation) => heard.push(revocation));

    // Not a member: the publisher's token reads the book because of the platform role alone.
    const publisherToken = await stack.syncToken(publisher.token, book.id);
    const publisherSide = stack.open(docName, publisherToken);
    const ownerSide = stack.open(docName, await stack.syncToken(owner.token, book.id));
    await vi.waitFor(
      () => expect(publisherSide.provider.synced && ownerSide.provider.synced).toBe(true),
      WAIT,
    );

    const setRoles = (roles: string[]) =>
      t.request('PATCH', `/api/admin/users/${publisher.user.id}/roles`, {
        token: admin.token,
        body: { roles },
      });
    expect((await setRoles(['editor', 'publisher'])).status).toBe(200);
    expect((await setRoles(['author'])).status).toBe(200);

    await vi.waitFor(() => expect(publisherSide.closes).toContainEqual(REVOKED), WAIT);
    publisherSide.provider.destroy();
    // One announcement, for the lowering only (both went out on one channel, in order), for every book.
    await vi.waitFor(() => expect(heard.filter((r) => r.userId === publisher.user.id)).toHaveLength(1), WAIT);
    expect(heard.find((r) => r.userId === publisher.user.id)?.bookId).toBeUndefined();
    // The old token opens nothing any more, and with the new roles the api gives no new one.
    expect(await stack.closeOf(docName, publisherToken)).toEqual(REVOKED);
    const demoted = await tokenFor(t, { ...publisher.user, roles: ['author'] });
    const refused = await t.request('POST', '/api/sync-tokens', {
      token: demoted,
      body: { bookId: book.id },
    });
    expect(refused.status).toBe(404);

    // The owner never noticed.
    expect(ownerSide.closes).toEqual([]);
    ownerSide.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('still mine')]);
    await vi.waitFor(() => expect(ownerSide.persisted.at(-1)).toBe(2), WAIT);
  });

  it('ending every other session (a password change) closes that person’s connections on every book; the session kept gets a fresh token and edits on', async () => {
    const { t } = stack;
    const owner = await signedInUser(t, { roles: ['author'] });
    const bystander = await signedInUser(t, { roles: ['author'] });
    const member = await registerUser(t);
    const laptop = await t.request('POST', '/api/auth/login', {
      body: { email: member.email, password: member.password },
      ip: nextIp(),
    });
    expect(laptop.status).toBe(200);
    const laptopAccess = laptop.body.accessToken as string;
    const books = [await buildBook(t, owner.user.id), await buildBook(t, owner.user.id)];
    for (const book of books) {
      await putMember(t, book.id, member.id, 'co_author');
      await putMember(t, book.id, bystander.user.id, 'co_author');
    }
    const laptopSides = await Promise.all(
      books.map(async (book) => stack.open(chapterOf(book), await stack.syncToken(laptopAccess, book.id))),
    );
    const bystanderSide = stack.open(
      chapterOf(books[0]!),
      await stack.syncToken(bystander.token, books[0]!.id),
    );
    await vi.waitFor(() => {
      for (const side of [...laptopSides, bystanderSide]) expect(side.provider.synced).toBe(true);
    }, WAIT);

    // From the phone (the registration's session): the laptop may be in someone else's hands.
    const changed = await t.request('POST', '/api/me/password', {
      token: member.accessToken,
      body: { currentPassword: member.password, newPassword: 'harbour-violet-steadily-58' },
    });
    expect(changed.status).toBe(204);

    await vi.waitFor(() => {
      for (const side of laptopSides) expect(side.closes).toContainEqual(REVOKED);
    }, WAIT);
    for (const side of laptopSides) side.provider.destroy();
    // The laptop's session is over: no new sync token for it.
    const laptopRetry = await t.request('POST', '/api/sync-tokens', {
      token: laptopAccess,
      body: { bookId: books[0]!.id },
    });
    expect(laptopRetry.status).toBe(401);

    // The phone does what the app does after a 4401: fetch a fresh token until the server takes it (a
    // token from the same second as the change is still refused, iat being whole seconds).
    const docName = chapterOf(books[0]!);
    let phoneToken = '';
    await vi.waitFor(
      async () => {
        phoneToken = await stack.syncToken(member.accessToken, books[0]!.id);
        expect(await admits(docName, phoneToken)).toBe(true);
      },
      { ...WAIT, interval: 250 },
    );
    const phoneSide = stack.open(docName, phoneToken);
    await vi.waitFor(() => expect(phoneSide.provider.synced).toBe(true), WAIT);
    phoneSide.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('from the phone')]);
    await vi.waitFor(() => expect(phoneSide.persisted.at(-1)).toBe(2), WAIT);
    expect(bystanderSide.closes).toEqual([]);
  });
});
