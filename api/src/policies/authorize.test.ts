import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../http/appEnv.ts';
import { authorize } from './authorize.ts';

function buildAuth(overrides: Partial<AuthContext> = {}): AuthContext {
  return {
    sub: 'u1',
    sid: 's1',
    roles: ['author'],
    auth_time: 0,
    amr: ['pwd'],
    mfa: false,
    token: 't',
    ...overrides,
  };
}

describe('authorize', () => {
  it('passes when the shared policy allows and throws 403 forbidden when it does not', () => {
    expect(() => authorize(buildAuth(), 'create', 'book')).not.toThrow();
    expect(() => authorize(buildAuth(), 'read', 'audit')).toThrow(
      expect.objectContaining({ status: 403, code: 'forbidden' }),
    );
  });

  it('applies the self-demotion rule to the caller', () => {
    const admin = buildAuth({ sub: 'a1', roles: ['admin'], mfa: true });
    expect(() => authorize(admin, 'admin.assignRoles', 'user', { id: 'a1', roles: ['author'] })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() =>
      authorize(admin, 'admin.assignRoles', 'user', { id: 'u2', roles: ['author'] }),
    ).not.toThrow();
  });
});
