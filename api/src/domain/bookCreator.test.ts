import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { keys } from '../store/keys.ts';
import { createBook } from './bookCreator.ts';

describe('createBook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('writes a draft book, its chapters in order and the owner membership', async () => {
    const detail = await createBook(t.deps, {
      ownerId: 'owner-1',
      title: '  The Salt Road ',
      subtitle: 'A novel',
      chapters: [{ title: 'Dawn' }, { title: 'Noon' }, { title: 'Dusk' }],
    });
    expect(detail).toMatchObject({
      title: 'The Salt Road',
      subtitle: 'A novel',
      status: 'draft',
      role: 'owner',
    });
    expect(detail.chapters.map((c) => [c.title, c.order])).toEqual([
      ['Dawn', 1],
      ['Noon', 2],
      ['Dusk', 3],
    ]);
    const meta = await t.deps.ddb.send(
      new GetCommand({ TableName: t.deps.table, Key: keys.book(detail.id) }),
    );
    expect(meta.Item).toMatchObject({ status: 'draft', version: 1, ownerId: 'owner-1' });
    const owned = await t.deps.ddb.send(
      new QueryCommand({
        TableName: t.deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.userBooksPartition('owner-1') },
      }),
    );
    expect(owned.Items).toEqual([expect.objectContaining({ bookId: detail.id, role: 'owner' })]);
  });

  it('handles the largest allowed book in one transaction', async () => {
    const chapters = Array.from({ length: 50 }, (_, i) => ({ title: `Chapter ${i + 1}` }));
    const detail = await createBook(t.deps, { ownerId: 'owner-2', title: 'Long', chapters });
    expect(detail.chapters).toHaveLength(50);
    expect(detail.chapters.at(-1)?.order).toBe(50);
  });

  it('rejects invalid input before writing anything', async () => {
    await expect(createBook(t.deps, { ownerId: 'owner-3', title: '   ' })).rejects.toMatchObject({
      status: 400,
      details: { issues: [{ path: 'title' }] },
    });
    const tooMany = Array.from({ length: 51 }, () => ({ title: 'x' }));
    await expect(
      createBook(t.deps, { ownerId: 'owner-3', title: 'T', chapters: tooMany }),
    ).rejects.toMatchObject({
      status: 400,
      details: { issues: [{ path: 'chapters' }] },
    });
    const owned = await t.deps.ddb.send(
      new QueryCommand({
        TableName: t.deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.userBooksPartition('owner-3') },
      }),
    );
    expect(owned.Items).toEqual([]);
  });
});
