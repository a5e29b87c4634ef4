import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { EmailTakenError } from '../auth/authErrors.ts';
import { registerUser } from '../domain/userRegistrar.ts';
import { ConflictError } from '../errors.ts';
import { uniqueEmail } from '../routes/auth/authTestKit.ts';
import { keys } from './keys.ts';
import { getUserByEmail, getUserById, mutateUser, saveUser } from './usersRepo.ts';

describe('usersRepo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const input = (email = uniqueEmail('repo')) => ({
    email,
    password: 'lantern-orchard-quietly-47',
    displayName: 'Repo',
  });

  it('registers with default roles and finds the user by id and by email in any case', async () => {
    const user = await registerUser(t.deps, input());
    expect(user.roles).toEqual(['author']);
    expect(await getUserById(t.deps, user.id)).toEqual(user);
    expect((await getUserByEmail(t.deps, user.email.toUpperCase()))?.id).toBe(user.id);
  });

  it('lets the seed choose roles and a verified email', async () => {
    const user = await registerUser(t.deps, {
      ...input(),
      roles: ['editor', 'publisher'],
      emailVerified: true,
    });
    expect(await getUserById(t.deps, user.id)).toMatchObject({
      roles: ['editor', 'publisher'],
      emailVerified: true,
    });
  });

  it('lets exactly one of two concurrent sign-ups with the same email win, leaving one user', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      registerUser(t.deps, input(email)),
      registerUser(t.deps, input(email)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(EmailTakenError);
    const guard = await t.deps.ddb.send(new GetCommand({ TableName: t.deps.table, Key: keys.email(email) }));
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value;
    expect(guard.Item?.userId).toBe(winner.id);
  });

  it('refuses a save against a stale version', async () => {
    const user = await registerUser(t.deps, input());
    const saved = await saveUser(t.deps, { ...user, displayName: 'First' }, user.version);
    expect(saved.version).toBe(user.version + 1);
    await expect(saveUser(t.deps, { ...user, displayName: 'Stale' }, user.version)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await getUserById(t.deps, user.id))?.displayName).toBe('First');
  });

  it('loses no update when many writers mutate the same user at once', async () => {
    const user = await registerUser(t.deps, input());
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((key) =>
        mutateUser(t.deps, user.id, (u) => ({
          ...u,
          preferences: { ...u.preferences, notifications: { ...u.preferences.notifications, [key]: true } },
        })),
      ),
    );
    const stored = await getUserById(t.deps, user.id);
    expect(stored?.preferences.notifications).toEqual({ a: true, b: true, c: true, d: true });
    expect(stored?.version).toBe(user.version + 4);
  });
});
