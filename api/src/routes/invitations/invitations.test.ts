import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildUser, signedInUser, tokenFor } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { getUserById } from '../../store/usersRepo.ts';
import { buildBook, putMember, registeredUser } from '../books/bookTestKit.ts';

const DAY = 24 * 3600 * 1000;

describe('invitations by email', () => {
  let t: TestApp;
  // The clock the api reads: tests move it forward to expire invitations without waiting 14 days.
  let clockOffset = 0;
  const events: DomainEvent[] = [];
  beforeAll(async () => {
    t = await buildTestApp({ now: () => Date.now() + clockOffset });
    t.deps.events.subscribe('invitations-test', async (event) => {
      events.push(event);
    });
    t.deps.events.start();
  });
  afterAll(async () => {
    await t.deps.events.stop();
    await t.close();
  });

  function inviteeEmail(label: string): string {
    return `invitee-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.test`;
  }

  /** The token of the newest invitation link mailed to `to`, read from the real SMTP catcher. */
  async function mailedToken(to: string, notThis?: string): Promise<string> {
    return vi.waitFor(
      async () => {
        for (const mail of await t.mailTo(to)) {
          const match = /\/invitations\/accept\?token=([^\s]+)/.exec(mail.text);
          const token = match?.[1] ? decodeURIComponent(match[1]) : null;
          if (token && token !== notThis) return token;
        }
        throw new Error(`no invitation mail for ${to} yet`);
      },
      { timeout: 10_000, interval: 100 },
    );
  }

  const invite = (token: string, bookId: string, body: unknown) =>
    t.request('POST', `/api/books/${bookId}/invitations`, { token, body });
  const accept = (token: string, invitationToken: string) =>
    t.request('POST', '/api/invitations/accept', { token, body: { token: invitationToken } });

  it('mails a link that makes the invited account a member with the chosen role and access, once', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const email = inviteeEmail('a');

    const created = await invite(owner.token, book.id, {
      email: email.toUpperCase(),
      role: 'editor',
      access: 'read',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: 'editor', access: 'read', invitedBy: owner.user.id });
    // Stored in whole seconds (it is also the TTL attribute).
    expect(
      Math.abs(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt) - 14 * DAY),
    ).toBeLessThan(1000);
    expect(JSON.stringify(created.body)).not.toMatch(/token/i);
    const listed = await t.request('GET', `/api/books/${book.id}/invitations`, { token: owner.token });
    expect(listed.body).toEqual({ items: [created.body], nextCursor: null });

    const link = await mailedToken(email);
    // They register afterwards with the address in another case; not yet verified.
    const invitee = await registeredUser(t, {
      email: email.replace('invitee', 'Invitee'),
      emailVerified: false,
    });
    const accepted = await accept(invitee.token, link);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      book: { id: book.id, title: book.title },
      member: { userId: invitee.user.id, role: 'editor', access: 'read' },
    });
    // The link reached their mailbox: that verifies the address, as the verify-email link would.
    expect((await getUserById(t.deps, invitee.user.id))?.emailVerified).toBe(true);

    const shelf = await t.request('GET', '/api/books', { token: invitee.token });
    expect(shelf.body.items).toEqual([expect.objectContaining({ id: book.id, role: 'editor' })]);
    const sync = await t.request('POST', '/api/sync-tokens', {
      token: invitee.token,
      body: { bookId: book.id },
    });
    expect(sync.body.access).toBe('read');

    // Both writes published their events (outbox, same transaction as the change).
    await vi.waitFor(() =>
      expect(events.filter((e) => e.bookId === book.id).map((e) => e.type)).toEqual(
        expect.arrayContaining(['invitation.created', 'invitation.accepted', 'member.added']),
      ),
    );
    const again = await accept(invitee.token, link);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('invalid_token');
    const after = await t.request('GET', `/api/books/${book.id}/invitations`, { token: owner.token });
    expect(after.body.items).toEqual([]);
    // Now a member: inviting the address again is a 409 with its own code.
    const member = await invite(owner.token, book.id, { email, role: 'reviewer' });
    expect(member.status).toBe(409);
    expect(member.body.error.code).toBe('already_member');
  });

  it('lets only the owner invite, list and revoke; one pending invitation per address', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const outsider = await registeredUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const email = inviteeEmail('b');

    expect((await invite(coAuthor.token, book.id, { email, role: 'editor' })).status).toBe(403);
    expect((await invite(outsider.token, book.id, { email, role: 'editor' })).status).toBe(404);
    const asOwner = await invite(owner.token, book.id, { email, role: 'owner' });
    expect(asOwner.status).toBe(400);
    expect(asOwner.body.error.details.issues[0].path).toBe('role');
    const badAccess = await invite(owner.token, book.id, { email, role: 'editor', access: 'admin' });
    expect(badAccess.body.error.details.issues[0].path).toBe('access');
    expect(
      (await t.request('GET', `/api/books/${book.id}/invitations`, { token: coAuthor.token })).status,
    ).toBe(403);
    expect((await t.mailTo(email)).length).toBe(0);

    const first = await invite(owner.token, book.id, { email, role: 'co_author' });
    expect(first.status).toBe(201);
    expect(first.body.access).toBe('edit');
    const second = await invite(owner.token, book.id, { email: email.toUpperCase(), role: 'editor' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('invitation_pending');
    const link = await mailedToken(email);

    const revoke = (token: string) =>
      t.request('DELETE', `/api/books/${book.id}/invitations/${first.body.id}`, { token });
    expect((await revoke(coAuthor.token)).status).toBe(403);
    expect((await revoke(owner.token)).status).toBe(204);
    expect((await revoke(owner.token)).status).toBe(404);
    const invitee = await registeredUser(t, { email });
    expect((await accept(invitee.token, link)).body.error.code).toBe('invalid_token');
    // Revoking frees the address for a new invitation.
    expect((await invite(owner.token, book.id, { email, role: 'reviewer' })).status).toBe(201);
  });

  it('refuses another account, an expired link and a binned book, leaving the invitation usable where it can be', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const email = inviteeEmail('c');
    const created = await invite(owner.token, book.id, { email, role: 'reviewer' });
    const link = await mailedToken(email);

    const stranger = await registeredUser(t);
    const wrong = await accept(stranger.token, link);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invitation_email_mismatch');
    expect(
      (await t.request('GET', `/api/books/${book.id}/members`, { token: owner.token })).body.items,
    ).toHaveLength(1);

    const unknown = await accept(stranger.token, 'x'.repeat(43));
    expect(unknown.status).toBe(404);
    expect((await accept(stranger.token, 'short')).body.error.details.issues[0].path).toBe('token');

    clockOffset += 14 * DAY + 1000;
    try {
      const invitee = buildUser({ email });
      await registeredUser(t, invitee);
      const expired = await accept(await tokenFor(t, invitee), link);
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe('invitation_expired');
      // An expired invitation no longer holds the address: a new one replaces it.
      const ownerToken = await tokenFor(t, owner.user);
      const renewed = await invite(ownerToken, book.id, { email, role: 'reviewer' });
      expect(renewed.status).toBe(201);
      const listed = await t.request('GET', `/api/books/${book.id}/invitations`, { token: ownerToken });
      expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([renewed.body.id]);
      expect(renewed.body.id).not.toBe(created.body.id);
      const newLink = await mailedToken(email, link);

      expect((await t.request('DELETE', `/api/books/${book.id}`, { token: ownerToken })).status).toBe(200);
      const binned = await accept(await tokenFor(t, invitee), newLink);
      expect(binned.status).toBe(404);
    } finally {
      clockOffset -= 14 * DAY + 1000;
    }
  });

  it('lets exactly one of two racing accepts of the same link through', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const email = inviteeEmail('d');
    await invite(owner.token, book.id, { email, role: 'editor' });
    const link = await mailedToken(email);
    const invitee = await registeredUser(t, { email });
    const results = await Promise.all([accept(invitee.token, link), accept(invitee.token, link)]);
    // The loser sees either the consumed link or the membership the winner created.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    const members = await t.request('GET', `/api/books/${book.id}/members`, { token: owner.token });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([
      owner.user.id,
      invitee.user.id,
    ]);
  });

  it('changes a member’s access, which their next sync token carries and their open sockets hear of', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const heard: unknown[] = [];
    const unsubscribe = await t.deps.revocations.subscribe((revocation) => heard.push(revocation));
    const change = (token: string, userId: string, body: unknown) =>
      t.request('PATCH', `/api/books/${book.id}/members/${userId}`, { token, body });
    const syncAccess = async () =>
      (await t.request('POST', '/api/sync-tokens', { token: coAuthor.token, body: { bookId: book.id } })).body
        .access;

    expect(await syncAccess()).toBe('edit');
    const lowered = await change(owner.token, coAuthor.user.id, { access: 'comment' });
    expect(lowered.status).toBe(200);
    expect(lowered.body).toMatchObject({ userId: coAuthor.user.id, role: 'co_author', access: 'comment' });
    expect(await syncAccess()).toBe('comment');
    await vi.waitFor(() =>
      expect(heard).toContainEqual(expect.objectContaining({ bookId: book.id, userId: coAuthor.user.id })),
    );
    // A new role without an access resets it to that role's default.
    expect((await change(owner.token, coAuthor.user.id, { role: 'reviewer' })).body.access).toBe('comment');
    expect((await change(owner.token, coAuthor.user.id, { role: 'co_author' })).body.access).toBe('edit');

    expect((await change(coAuthor.token, owner.user.id, { access: 'read' })).status).toBe(403);
    expect((await change(owner.token, owner.user.id, { access: 'read' })).status).toBe(409);
    expect((await change(owner.token, coAuthor.user.id, {})).status).toBe(400);
    const members = await t.request('GET', `/api/books/${book.id}/members`, { token: owner.token });
    expect(members.body.items.map((m: { access: string }) => m.access)).toEqual(['edit', 'edit']);
    unsubscribe();
  });
});
