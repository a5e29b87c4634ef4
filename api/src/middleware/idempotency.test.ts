import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { buildBook } from '../routes/books/bookTestKit.ts';
import { keys } from '../store/keys.ts';

describe('Idempotency-Key on writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const newKey = () => `k-${Math.random().toString(36).slice(2, 14)}`;

  async function ownBook() {
    const author = await signedInUser(t);
    const book = await buildBook(t, author.user.id, { chapters: [] });
    return { token: author.token, book, userId: author.user.id };
  }

  it('creates a chapter once however many times the same request is sent, answering each with the same chapter', async () => {
    const { token, book } = await ownBook();
    const key = newKey();
    const send = () =>
      t.request('POST', `/api/books/${book.id}/chapters`, {
        token,
        body: { title: 'Written offline' },
        headers: { 'idempotency-key': key },
      });

    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const stored = await t.request('GET', `/api/books/${book.id}`, { token });
    expect(stored.body.chapters.map((c: { title: string }) => c.title)).toEqual(['Written offline']);
  });

  it('refuses the same key for a different request with 422, and changes nothing', async () => {
    const { token, book } = await ownBook();
    const key = newKey();
    const headers = { 'idempotency-key': key };
    await t.request('POST', `/api/books/${book.id}/chapters`, { token, body: { title: 'First' }, headers });
    const reused = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token,
      body: { title: 'Second' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const stored = await t.request('GET', `/api/books/${book.id}`, { token });
    expect(stored.body.chapters).toHaveLength(1);
  });

  it('treats the same edit on another version as another request (the precondition is part of it)', async () => {
    const { token, book } = await ownBook();
    const headers = { 'idempotency-key': newKey() };
    const stale = await t.request('PATCH', `/api/books/${book.id}`, {
      token,
      body: { title: 'Renamed' },
      headers: { ...headers, 'if-match': `"${book.version + 5}"` },
    });
    expect(stale.status).toBe(409);
    const moved = await t.request('PATCH', `/api/books/${book.id}`, {
      token,
      body: { title: 'Renamed' },
      headers: { ...headers, 'if-match': `"${book.version}"` },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.error.code).toBe('idempotency_key_reused');
  });

  it('keeps keys per user: the same key from someone else is their own request', async () => {
    const mine = await ownBook();
    const theirs = await ownBook();
    const headers = { 'idempotency-key': newKey() };
    const a = await t.request('POST', `/api/books/${mine.book.id}/chapters`, {
      token: mine.token,
      body: { title: 'Same' },
      headers,
    });
    const b = await t.request('POST', `/api/books/${theirs.book.id}/chapters`, {
      token: theirs.token,
      body: { title: 'Same' },
      headers,
    });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.chapter.id).not.toBe(a.body.chapter.id);
  });

  it('answers 409 with Retry-After while the first request still runs, and lets a retry through once its lease ran out', async () => {
    const { token, book, userId } = await ownBook();
    const key = newKey();
    const body = { title: 'Slow' };
    const send = () =>
      t.request('POST', `/api/books/${book.id}/chapters`, {
        token,
        body,
        headers: { 'idempotency-key': key },
      });
    const first = await send();
    // Turn the stored answer back into a claim in progress, as a request still running would leave it.
    const itemKey = keys.idempotencyKey(userId, key);
    const stored = (await t.deps.ddb.send(new GetCommand({ TableName: t.deps.table, Key: itemKey }))).Item!;
    const running = {
      ...itemKey,
      fingerprint: stored.fingerprint,
      state: 'in_progress',
      leaseUntil: t.deps.now() + 30_000,
    };
    await t.deps.ddb.send(new PutCommand({ TableName: t.deps.table, Item: running }));

    const busy = await send();
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('idempotency_in_progress');
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);

    // A claim whose holder crashed (lease expired) does not block the key forever.
    await t.deps.ddb.send(
      new PutCommand({ TableName: t.deps.table, Item: { ...running, leaseUntil: t.deps.now() - 1 } }),
    );
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.body.chapter.id).not.toBe(first.body.chapter.id);
  });

  it('does not keep failures that say nothing about the request, so the retry really runs', async () => {
    const { token, book } = await ownBook();
    const key = newKey();
    const unauthenticated = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token: `${token}x`,
      body: { title: 'Later' },
      headers: { 'idempotency-key': key },
    });
    expect(unauthenticated.status).toBe(401);
    const real = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token,
      body: { title: 'Later' },
      headers: { 'idempotency-key': key },
    });
    expect(real.status).toBe(201);
    expect(real.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects a malformed key with a 400 naming the header', async () => {
    const { token, book } = await ownBook();
    const bad = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token,
      body: { title: 'x' },
      headers: { 'idempotency-key': 'no spaces allowed' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toMatchObject({
      path: 'Idempotency-Key',
      code: 'invalid_idempotency_key',
    });
  });
});
