import { BookStatusChangedDataSchema } from '@galley/shared/events/domainEvents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import type { AppError } from '../errors.ts';
import { listBookOutbox } from '../events/outboxStore.ts';
import { buildBook, ifMatch, registeredUser } from '../routes/books/bookTestKit.ts';
import { getBook } from '../store/booksRepo.ts';
import type { GuardedBook } from './bookGuard.ts';
import { changeBookStatus, StatusChangeRefusedError } from './bookStatusChanger.ts';

describe('changeBookStatus: the status, the version and its event in one write', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof registeredUser>>;
  beforeAll(async () => {
    t = await buildTestApp();
    owner = await registeredUser(t);
  });
  afterAll(() => t.close());

  /** The book as the workflow would hold it after loading it for the owner. */
  async function guarded(bookId: string): Promise<GuardedBook> {
    const book = await getBook(t.deps, bookId, { consistent: true });
    if (!book) throw new Error('book missing');
    return { book, memberRole: 'owner', access: 'edit', actorId: owner.user.id };
  }

  const statusEvents = async (bookId: string) =>
    (await listBookOutbox(t.deps, bookId))
      .map((r) => r.event)
      .filter((e) => e.type === 'book.status_changed');

  it('moves the book, bumps its version and writes book.status_changed naming the actor and the transition', async () => {
    const created = await buildBook(t, owner.user.id);
    const saved = await changeBookStatus(t.deps, await guarded(created.id), {
      to: 'submitted',
      transition: 'submit',
      expectedVersion: created.version,
    });
    expect(saved).toMatchObject({ status: 'submitted', version: created.version + 1 });

    const res = await t.request('GET', `/api/books/${created.id}`, { token: owner.token });
    expect(res.body).toMatchObject({ status: 'submitted', version: created.version + 1 });
    const [event, ...more] = await statusEvents(created.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actorId: owner.user.id, bookId: created.id });
    expect(BookStatusChangedDataSchema.parse(event?.data)).toEqual({
      from: 'draft',
      to: 'submitted',
      transition: 'submit',
      version: created.version + 1,
    });
  });

  it('refuses a transition decided on an old version with the 409 of every book write, and changes nothing', async () => {
    const created = await buildBook(t, owner.user.id);
    const stale = await guarded(created.id);
    const patched = await t.request('PATCH', `/api/books/${created.id}`, {
      token: owner.token,
      headers: ifMatch(created.version),
      body: { title: 'Renamed meanwhile' },
    });
    expect(patched.status).toBe(200);

    const refused = changeBookStatus(t.deps, stale, {
      to: 'submitted',
      transition: 'submit',
      expectedVersion: stale.book.version,
    });
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'conflict' });
    const error = (await refused.catch((e: unknown) => e)) as AppError;
    expect(error.details).toMatchObject({ current: { title: 'Renamed meanwhile', status: 'draft' } });

    expect(await getBook(t.deps, created.id, { consistent: true })).toMatchObject({
      status: 'draft',
      version: patched.body.version,
    });
    expect(await statusEvents(created.id)).toEqual([]);
  });

  it('of two transitions decided on the same version, exactly one happens and emits', async () => {
    const created = await buildBook(t, owner.user.id);
    const holder = await guarded(created.id);
    const results = await Promise.allSettled([
      changeBookStatus(t.deps, holder, { to: 'submitted', transition: 'submit', expectedVersion: 1 }),
      changeBookStatus(t.deps, holder, { to: 'in_review', transition: 'start_review', expectedVersion: 1 }),
    ]);
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(['conflict']);
    const events = await statusEvents(created.id);
    expect(events.map((e) => e.data.to)).toEqual([won[0]?.status]);
  });

  it("commits the workflow's own writes with the change, and changes nothing when one of their conditions fails", async () => {
    const created = await buildBook(t, owner.user.id);
    const record = { PK: `WORKFLOW#${created.id}`, SK: 'TEST' };
    const refused = changeBookStatus(t.deps, await guarded(created.id), {
      to: 'submitted',
      transition: 'submit',
      expectedVersion: created.version,
      also: [
        {
          Update: {
            TableName: t.deps.table,
            Key: record,
            UpdateExpression: 'SET step = :s',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':s': 'submitted' },
          },
        },
      ],
    });
    await expect(refused).rejects.toBeInstanceOf(StatusChangeRefusedError);
    await expect(refused.catch((e: StatusChangeRefusedError) => e.failed)).resolves.toEqual([0]);
    expect(await getBook(t.deps, created.id, { consistent: true })).toMatchObject({
      status: 'draft',
      version: created.version,
    });
    expect(await statusEvents(created.id)).toEqual([]);

    await changeBookStatus(t.deps, await guarded(created.id), {
      to: 'submitted',
      transition: 'submit',
      expectedVersion: created.version,
      also: [{ Put: { TableName: t.deps.table, Item: { ...record, step: 'submitted' } } }],
    });
    expect(await getBook(t.deps, created.id, { consistent: true })).toMatchObject({ status: 'submitted' });
    expect(await statusEvents(created.id)).toHaveLength(1);
  });
});
