import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildBook } from '../books/bookTestKit.ts';

describe('dead letter admin routes', () => {
  let t: TestApp;
  let adminToken: string;
  let fixed = false;
  const handled: DomainEvent[] = [];
  beforeAll(async () => {
    t = await buildTestApp();
    adminToken = (await signedInUser(t, { roles: ['admin'], ...withMfa })).token;
    // A consumer that fails every book.created event until `fixed`: what an admin replays.
    t.deps.events.subscribe(
      'fragile',
      async (event) => {
        if (event.type === 'book.created' && !fixed) throw new Error('index unavailable');
        handled.push(event);
      },
      { maxAttempts: 2, backoffMs: 10 },
    );
    t.deps.events.start();
  });
  afterAll(() => t.close());

  const list = (query = '') => t.request('GET', `/api/admin/dead-letters${query}`, { token: adminToken });

  it('refuses anonymous callers, non-admins and admins without MFA', async () => {
    const author = await signedInUser(t, { roles: ['author', 'editor', 'publisher'], ...withMfa });
    const adminNoMfa = await signedInUser(t, { roles: ['admin'] });
    const routes = [
      ['GET', '/api/admin/dead-letters'],
      ['POST', '/api/admin/dead-letters/01J00000000000000000000000/replay'],
    ] as const;
    for (const [method, path] of routes) {
      expect((await t.request(method, path)).status).toBe(401);
      const forbidden = await t.request(method, path, { token: author.token });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      const noMfa = await t.request(method, path, { token: adminNoMfa.token });
      expect(noMfa.status).toBe(403);
      expect(noMfa.body.error.code).toBe('mfa_enrollment_required');
    }
  });

  it('lists what a consumer gave up on, pages through it, and replays it once the cause is fixed', async () => {
    const owner = await signedInUser(t);
    const books = [await buildBook(t, owner.user.id), await buildBook(t, owner.user.id)];
    const page = await vi.waitFor(async () => {
      const res = await list('?consumer=fragile');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      return res.body;
    });
    // Newest letter first. The two books' events sit on different outbox shards, so which one
    // is given up on first is not fixed: order by the letters' own (time-ordered) ids.
    const ids = page.items.map((letter: { id: string }) => letter.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(page.items.map((letter: { event: DomainEvent }) => letter.event.bookId).sort()).toEqual(
      books.map((book) => book?.id).sort(),
    );
    expect(page.items[0]).toMatchObject({
      consumer: 'fragile',
      event: { type: 'book.created', actorId: owner.user.id },
      attempts: 2,
      replayedAt: null,
    });
    expect(page.items[0].error).toContain('index unavailable');

    const first = await list('?consumer=fragile&limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await list(`?consumer=fragile&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBe(page.items[1].id);
    expect((await list('?consumer=nobody')).body.items).toEqual([]);
    const bad = await list('?consumer=Not%20A%20Name');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('consumer');

    fixed = true;
    const letter = page.items[0];
    const replayed = await t.request('POST', `/api/admin/dead-letters/${letter.id}/replay`, {
      token: adminToken,
    });
    expect(replayed.status).toBe(202);
    expect(replayed.body.replayedAt).not.toBeNull();
    await vi.waitFor(() => expect(handled.map((e) => e.id)).toContain(letter.event.id));
    const again = await t.request('POST', `/api/admin/dead-letters/${letter.id}/replay`, {
      token: adminToken,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('dead_letter_replayed');
    expect(handled.filter((e) => e.id === letter.event.id)).toHaveLength(1);

    // The replay is in the audit trail, once (the refused second click left no entry), and the
    // chain still verifies.
    const audit = await t.request('GET', '/api/admin/audit?action=dead_letter.replayed', {
      token: adminToken,
    });
    expect(audit.status).toBe(200);
    const entries = audit.body.items.filter((e: { targetId: string }) => e.targetId === letter.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'success',
      actorId: replayed.body.replayedBy,
      details: { consumer: 'fragile', eventId: letter.event.id, eventType: 'book.created' },
    });
    const verify = await t.request('GET', '/api/admin/audit/verify', { token: adminToken });
    expect(verify.body).toMatchObject({ ok: true, brokenAt: null });
  });

  it('answers 404 for an unknown dead letter and 409 when its consumer does not run here', async () => {
    const unknown = await t.request('POST', '/api/admin/dead-letters/01J00000000000000000000000/replay', {
      token: adminToken,
    });
    expect(unknown.status).toBe(404);
    const [event] = (await t.deps.events.ledger.listDeadLetters({ limit: 1 })).items.map((l) => l.event);
    const ghost = await t.deps.events.ledger.park('ghost', event as DomainEvent, new Error('gone'), 5);
    const res = await t.request('POST', `/api/admin/dead-letters/${ghost.id}/replay`, { token: adminToken });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('consumer_not_running');
    // Not marked: it can be replayed once the consumer runs.
    expect((await t.deps.events.ledger.getDeadLetter(ghost.id))?.replayedAt).toBeNull();
    // The trail shows the attempt and that it did not count (newest first), and still verifies.
    const audit = await t.deps.audit.list({ action: 'dead_letter.replayed', limit: 100 });
    const entries = audit.items.filter((e) => e.targetId === ghost.id);
    expect(entries.map((e) => [e.outcome, e.details.reason ?? null])).toEqual([
      ['failure', 'consumer_not_running'],
      ['success', null],
    ]);
    expect((await t.deps.audit.verify()).ok).toBe(true);
  });

  it('documents both routes in OpenAPI as bearer-protected', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    expect(doc.body.paths['/api/admin/dead-letters']?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/api/admin/dead-letters/{id}/replay']?.post?.security).toEqual([{ bearer: [] }]);
  });
});
