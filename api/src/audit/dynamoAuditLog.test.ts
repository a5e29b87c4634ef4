import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { keys } from '../store/keys.ts';
import { GENESIS_HASH } from './auditHash.ts';
import type { AuditEntryInput } from './auditLog.ts';
import { createDynamoAuditLog } from './dynamoAuditLog.ts';

function buildAuditInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    action: 'auth.login.success',
    outcome: 'success',
    actorId: 'user-1',
    targetId: null,
    ip: '203.0.113.9',
    userAgent: 'vitest',
    details: { method: 'pwd' },
    ...overrides,
  };
}

// Each test gets its own table: the chain is global to a table, so tests must not share one.
describe('dynamo audit log', () => {
  let t: TestApp;
  const apps: TestApp[] = [];
  beforeEach(async () => {
    t = await buildTestApp();
    apps.push(t);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  it('chains entries from the genesis hash and verifies them', async () => {
    const first = await t.deps.audit.record(buildAuditInput());
    const second = await t.deps.audit.record(buildAuditInput({ action: 'auth.logout' }));
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.deps.audit.verify()).toEqual({ ok: true, checked: 2, brokenAt: null, reason: null });
  });

  it('verifies an empty trail', async () => {
    expect(await t.deps.audit.verify()).toEqual({ ok: true, checked: 0, brokenAt: null, reason: null });
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    const entries = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.deps.audit.record(buildAuditInput({ actorId: `user-${i}` }))),
    );
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(new Set(entries.map((e) => e.prevHash)).size).toBe(12);
    const verification = await t.deps.audit.verify();
    expect(verification).toMatchObject({ ok: true, checked: 12 });
  });

  it('keeps one chain when two api nodes (separate clients) append at the same time', async () => {
    const { createAwsClients } = await import('../store/clients.ts');
    const { ddb } = createAwsClients({
      region: t.deps.env.AWS_REGION,
      dynamoEndpoint: t.deps.env.DYNAMODB_ENDPOINT,
    });
    try {
      const otherNode = createDynamoAuditLog({ ddb, table: t.deps.table, now: Date.now });
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? otherNode : t.deps.audit).record(buildAuditInput())),
      );
      expect(await t.deps.audit.verify()).toMatchObject({ ok: true, checked: 10 });
    } finally {
      ddb.destroy();
    }
  });

  it('detects an entry edited after the fact, at its seq', async () => {
    for (let i = 0; i < 5; i++) await t.deps.audit.record(buildAuditInput({ details: { n: i } }));
    await t.deps.ddb.send(
      new UpdateCommand({
        TableName: t.deps.table,
        Key: keys.auditEntry(3),
        UpdateExpression: 'SET outcome = :o',
        ExpressionAttributeValues: { ':o': 'failure' },
      }),
    );
    expect(await t.deps.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });
  });

  it('detects an edit even when the attacker recomputes nothing but the details', async () => {
    for (let i = 0; i < 3; i++) await t.deps.audit.record(buildAuditInput());
    await t.deps.ddb.send(
      new UpdateCommand({
        TableName: t.deps.table,
        Key: keys.auditEntry(1),
        UpdateExpression: 'SET details.#m = :m',
        ExpressionAttributeNames: { '#m': 'method' },
        ExpressionAttributeValues: { ':m': 'otp' },
      }),
    );
    expect(await t.deps.audit.verify()).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('detects a deleted entry in the middle and at the end', async () => {
    for (let i = 0; i < 4; i++) await t.deps.audit.record(buildAuditInput());
    await t.deps.ddb.send(new DeleteCommand({ TableName: t.deps.table, Key: keys.auditEntry(2) }));
    expect(await t.deps.audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: 'entry is missing' });

    const other = await buildTestApp();
    apps.push(other);
    for (let i = 0; i < 3; i++) await other.deps.audit.record(buildAuditInput());
    await other.deps.ddb.send(new DeleteCommand({ TableName: other.deps.table, Key: keys.auditEntry(3) }));
    const verification = await other.deps.audit.verify();
    expect(verification).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });
    expect(verification.reason).toContain('head points past');
  });

  it('commits the caller items with the entry, or neither', async () => {
    const item = { PK: 'TEST#thing', SK: 'TEST', version: 1 };
    const conditioned = (version: number) => ({
      Update: {
        TableName: t.deps.table,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: 'SET version = :next',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':next': version + 1, ':expected': version },
      },
    });
    await t.deps.ddb.send(new PutCommand({ TableName: t.deps.table, Item: item }));
    await t.deps.audit.record(buildAuditInput({ action: 'user.roles_changed' }), { with: [conditioned(1)] });
    await expect(
      t.deps.audit.record(buildAuditInput({ action: 'user.roles_changed' }), { with: [conditioned(1)] }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });

    const stored = await t.deps.ddb.send(
      new GetCommand({ TableName: t.deps.table, Key: { PK: item.PK, SK: item.SK } }),
    );
    expect(stored.Item?.version).toBe(2);
    const missing = await t.deps.ddb.send(
      new GetCommand({ TableName: t.deps.table, Key: keys.auditEntry(2) }),
    );
    expect(missing.Item).toBeUndefined();
    expect(await t.deps.audit.verify()).toMatchObject({ ok: true, checked: 1 });
  });

  it('caps the size of details and user agent', async () => {
    const entry = await t.deps.audit.record(
      buildAuditInput({ userAgent: 'x'.repeat(5000), details: { blob: 'y'.repeat(10_000) } }),
    );
    expect(entry.userAgent.length).toBe(512);
    expect(entry.details.truncated).toBe(true);
    expect(JSON.stringify(entry.details).length).toBeLessThan(4200);
    expect(await t.deps.audit.verify()).toMatchObject({ ok: true });
  });

  it('lists newest first, by actor or action, across pages', async () => {
    for (let i = 0; i < 5; i++) await t.deps.audit.record(buildAuditInput({ actorId: 'alice' }));
    for (let i = 0; i < 3; i++) {
      await t.deps.audit.record(buildAuditInput({ actorId: 'bob', action: 'auth.logout' }));
    }
    await t.deps.audit.record(buildAuditInput({ actorId: null, action: 'auth.login.failure' }));

    const all = await t.deps.audit.list({ limit: 100 });
    expect(all.items.map((e) => e.seq)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);

    const first = await t.deps.audit.list({ actorId: 'alice', limit: 3 });
    expect(first.items.map((e) => e.seq)).toEqual([5, 4, 3]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await t.deps.audit.list({ actorId: 'alice', limit: 3, cursor: first.nextCursor ?? '' });
    expect(rest.items.map((e) => e.seq)).toEqual([2, 1]);

    const logouts = await t.deps.audit.list({ action: 'auth.logout', limit: 10 });
    expect(logouts.items.map((e) => e.seq)).toEqual([8, 7, 6]);
    const bobLogouts = await t.deps.audit.list({ actorId: 'bob', action: 'auth.logout', limit: 10 });
    expect(bobLogouts.items.every((e) => e.actorId === 'bob')).toBe(true);
    expect(bobLogouts.items).toHaveLength(3);
  });

  it('rejects a forged or foreign cursor as a 400 naming cursor', async () => {
    for (let i = 0; i < 2; i++) await t.deps.audit.record(buildAuditInput({ actorId: 'alice' }));
    const page = await t.deps.audit.list({ actorId: 'alice', limit: 1 });
    const expectBadCursor = (cursor: string, filter: { actorId?: string } = {}) =>
      expect(t.deps.audit.list({ ...filter, limit: 1, cursor })).rejects.toMatchObject({
        status: 400,
        details: { issues: [{ path: 'cursor' }] },
      });
    await expectBadCursor('not base64!');
    await expectBadCursor(Buffer.from('{"PK":1}').toString('base64url'));
    // Alice's cursor cannot be replayed against another actor's partition.
    await expectBadCursor(page.nextCursor ?? '', { actorId: 'mallory' });
  });
});
