import { describe, expect, it } from 'vitest';
import { memorySessionStore, type SessionStore, withMemoryFallback } from './sessionStore.ts';

const user = {
  id: 'user-fallback',
  email: 'fallback@example.com',
  emailVerified: true,
  displayName: 'Fallback',
  roles: ['author' as const],
  mfaEnabled: false,
  profile: { bio: '', avatarUrl: null, locale: 'en', timeZone: 'UTC' },
  preferences: { theme: 'system' as const, editorFont: 'serif' as const, notifications: {} },
  createdAt: new Date(0).toISOString(),
};

describe('withMemoryFallback', () => {
  it('uses the primary store while it works', async () => {
    const primary = memorySessionStore();
    const store = withMemoryFallback(primary);
    await store.save({ refreshToken: 'r1', user });
    expect((await primary.load())?.refreshToken).toBe('r1');
  });

  it('keeps the session in memory once the primary store fails, and says so once', async () => {
    const failures: unknown[] = [];
    const broken: SessionStore = {
      load: () => Promise.reject(new Error('IndexedDB refused')),
      save: () => Promise.reject(new Error('IndexedDB refused')),
      clear: () => Promise.reject(new Error('IndexedDB refused')),
    };
    const store = withMemoryFallback(broken, (error) => failures.push(error));
    await store.save({ refreshToken: 'r2', user });
    expect((await store.load())?.refreshToken).toBe('r2');
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(failures).toHaveLength(1);
  });
});
