import { describe, expect, it } from 'vitest';
import { parseSyncEnv } from './env.ts';
import { syncServerOptionsFromEnv } from './main.ts';
import { startSyncServer } from './server.ts';

describe('sync server from the environment', () => {
  it('has working defaults and starts on a free port', async () => {
    const env = parseSyncEnv({ SYNC_STORAGE: 'memory', SYNC_PORT: '0', LOG_LEVEL: 'silent' });
    expect(env.JWKS_URL).toBe('http://127.0.0.1:8080/api/.well-known/jwks.json');
    expect(env.SYNC_MAX_MESSAGE_BYTES).toBe(1024 * 1024);
    const server = await startSyncServer(syncServerOptionsFromEnv(env));
    try {
      expect(server.port).toBeGreaterThan(0);
      const ready = await fetch(`http://127.0.0.1:${server.port}/ready`);
      expect(await ready.json()).toEqual({ ready: true });
    } finally {
      await server.close();
    }
  });

  it('refuses a bad variable instead of guessing', () => {
    expect(() => parseSyncEnv({ SYNC_STORAGE: 'sqlite' })).toThrow();
    expect(() => parseSyncEnv({ JWKS_URL: 'not a url' })).toThrow();
    expect(() => parseSyncEnv({ METRICS_TOKEN: 'short' })).toThrow(/at least 32 characters/);
  });

  it('refuses to run in production without METRICS_TOKEN, and passes the token to the server', async () => {
    expect(() => parseSyncEnv({ NODE_ENV: 'production' })).toThrow(
      /METRICS_TOKEN[\s\S]*required when NODE_ENV=production/,
    );
    const token = 'x'.repeat(40);
    const env = parseSyncEnv({
      NODE_ENV: 'production',
      METRICS_TOKEN: token,
      SYNC_STORAGE: 'memory',
      SYNC_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const server = await startSyncServer(syncServerOptionsFromEnv(env));
    try {
      const base = `http://127.0.0.1:${server.port}/metrics`;
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(base, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
