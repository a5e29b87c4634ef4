import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, putUser, signedInUser, tokenFor, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { registerUser } from '../../domain/userRegistrar.ts';
import { keys } from '../../store/keys.ts';

describe('admin routes', () => {
  let t: TestApp;
  let adminToken: string;
  let adminId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    adminToken = admin.token;
    adminId = admin.user.id;
  });
  afterAll(() => t.close());

  describe('guards', () => {
    it('refuses anonymous callers, non-admins and admins without MFA', async () => {
      const author = await signedInUser(t, { roles: ['author', 'editor', 'publisher'], ...withMfa });
      const adminNoMfa = await signedInUser(t, { roles: ['admin'] });
      for (const path of ['/api/admin/users', '/api/admin/audit', '/api/admin/audit/verify']) {
        expect((await t.request('GET', path)).status).toBe(401);
        const forbidden = await t.request('GET', path, { token: author.token });
        expect(forbidden.status).toBe(403);
        expect(forbidden.body.error.code).toBe('forbidden');
        const noMfa = await t.request('GET', path, { token: adminNoMfa.token });
        expect(noMfa.status).toBe(403);
        expect(noMfa.body.error.code).toBe('mfa_enrollment_required');
      }
      const patch = await t.request('PATCH', `/api/admin/users/${author.user.id}/roles`, {
        token: author.token,
        body: { roles: ['admin'] },
      });
      expect(patch.status).toBe(403);
    });
  });

  it('documents every admin route in OpenAPI as bearer-protected', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    const operations = [
      ['/api/admin/users', 'get'],
      ['/api/admin/users/{id}/roles', 'patch'],
      ['/api/admin/audit', 'get'],
      ['/api/admin/audit/verify', 'get'],
    ] as const;
    for (const [path, method] of operations) {
      expect(doc.body.paths[path]?.[method]?.security, path).toEqual([{ bearer: [] }]);
    }
  });

  describe('GET /api/admin/users', () => {
    let local: TestApp;
    let token: string;
    beforeAll(async () => {
      local = await buildTestApp();
      const admin = await signedInUser(local, { roles: ['admin'], ...withMfa, displayName: 'Ada Admin' });
      token = admin.token;
      for (let i = 0; i < 6; i++) {
        await putUser(local, buildUser({ displayName: i % 2 === 0 ? `Zelda ${i}` : `Mario ${i}` }));
      }
    });
    afterAll(() => local.close());

    it('pages through every user newest first without repeats, with no secrets', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await local.request('GET', `/api/admin/users${query}`, { token });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        for (const user of res.body.items) {
          expect(user.passwordHash).toBeUndefined();
          expect(user.mfa).toBeUndefined();
          seen.push(user.createdAt);
        }
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen).toHaveLength(7);
      expect([...seen].sort().reverse()).toEqual(seen);
    });

    it('filters by a case-insensitive substring of name or email, across pages', async () => {
      const res = await local.request('GET', '/api/admin/users?q=zELDa&limit=2', { token });
      expect(res.status).toBe(200);
      expect(res.body.items.map((u: { displayName: string }) => u.displayName)).toEqual([
        'Zelda 4',
        'Zelda 2',
      ]);
      const next = await local.request(
        'GET',
        `/api/admin/users?q=zelda&limit=2&cursor=${res.body.nextCursor}`,
        {
          token,
        },
      );
      expect(next.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['Zelda 0']);
      expect(next.body.nextCursor).toBeNull();
      const byEmail = await local.request('GET', '/api/admin/users?q=@example.test&limit=100', { token });
      expect(byEmail.body.items).toHaveLength(7);
    });

    it('rejects a bad cursor, limit or unknown parameter naming the field', async () => {
      const cases: [string, string][] = [
        ['?cursor=garbage!', 'cursor'],
        [`?cursor=${Buffer.from('{"PK":"AUDIT","SK":"E#1"}').toString('base64url')}`, 'cursor'],
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?limit=abc', 'limit'],
        ['?sort=name', 'sort'],
      ];
      for (const [query, field] of cases) {
        const res = await local.request('GET', `/api/admin/users${query}`, { token });
        expect(res.status, query).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details.issues[0].path, query).toBe(field);
      }
    });
  });

  describe('PATCH /api/admin/users/{id}/roles', () => {
    it('changes the roles and records before/after in the same transaction', async () => {
      const target = await putUser(t, buildUser({ roles: ['author'] }));
      const res = await t.request('PATCH', `/api/admin/users/${target.id}/roles`, {
        token: adminToken,
        body: { roles: ['editor', 'author'] },
        headers: { 'user-agent': 'admin-console' },
      });
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual(['author', 'editor']);
      const stored = await t.deps.ddb.send(
        new GetCommand({ TableName: t.deps.table, Key: keys.user(target.id) }),
      );
      expect(stored.Item).toMatchObject({ roles: ['author', 'editor'], version: 2 });

      const audit = await t.request('GET', `/api/admin/audit?action=user.roles_changed&actorId=${adminId}`, {
        token: adminToken,
      });
      const entry = audit.body.items.find((e: { targetId: string }) => e.targetId === target.id);
      expect(entry).toMatchObject({
        actorId: adminId,
        outcome: 'success',
        userAgent: 'admin-console',
        details: { before: ['author'], after: ['author', 'editor'] },
      });
      expect((await t.request('GET', '/api/admin/audit/verify', { token: adminToken })).body.ok).toBe(true);
    });

    it('signs a demoted user out everywhere at once, and leaves a promoted one signed in', async () => {
      const password = 'lantern-orchard-quietly-47';
      const signIn = async (roles: ('author' | 'publisher')[]) => {
        const email = `roles-${roles.join('-')}-${Math.random().toString(36).slice(2)}@example.test`;
        const user = await registerUser(t.deps, { email, password, displayName: 'Role Holder', roles });
        const login = await t.request('POST', '/api/auth/login', {
          body: { email, password },
          ip: '198.51.100.20',
        });
        expect(login.status).toBe(200);
        return { id: user.id, token: login.body.accessToken as string };
      };
      const demoted = await signIn(['author', 'publisher']);
      const promoted = await signIn(['author']);
      for (const [who, roles] of [
        [demoted, ['author']],
        [promoted, ['author', 'publisher']],
      ] as const) {
        const res = await t.request('PATCH', `/api/admin/users/${who.id}/roles`, {
          token: adminToken,
          body: { roles },
        });
        expect(res.status).toBe(200);
      }
      const afterDemotion = await t.request('GET', '/api/me', { token: demoted.token });
      expect(afterDemotion.status).toBe(401);
      expect(afterDemotion.body.error.code).toBe('session_revoked');
      expect((await t.request('GET', '/api/me', { token: promoted.token })).status).toBe(200);
    });

    it('needs a recent sign-in (step-up)', async () => {
      const target = await putUser(t, buildUser());
      const admin = await putUser(t, buildUser({ roles: ['admin'], ...withMfa }));
      const stale = await tokenFor(t, admin, { authAgeSeconds: 3600 });
      const res = await t.request('PATCH', `/api/admin/users/${target.id}/roles`, {
        token: stale,
        body: { roles: ['editor'] },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('step_up_required');
    });

    it('never lets an admin remove their own admin role', async () => {
      const res = await t.request('PATCH', `/api/admin/users/${adminId}/roles`, {
        token: adminToken,
        body: { roles: ['author'] },
      });
      expect(res.status).toBe(403);
      const stored = await t.deps.ddb.send(
        new GetCommand({ TableName: t.deps.table, Key: keys.user(adminId) }),
      );
      expect(stored.Item?.roles).toEqual(['admin']);
    });

    it('answers 404 for an unknown user and 400 for bad roles', async () => {
      const missing = await t.request('PATCH', '/api/admin/users/01NOSUCHUSER0000000000000/roles', {
        token: adminToken,
        body: { roles: ['author'] },
      });
      expect(missing.status).toBe(404);
      const target = await putUser(t, buildUser());
      for (const body of [{ roles: [] }, { roles: ['overlord'] }, { roles: ['author'], extra: 1 }, {}]) {
        const res = await t.request('PATCH', `/api/admin/users/${target.id}/roles`, {
          token: adminToken,
          body,
        });
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });

    it('re-reads a user changed meanwhile and records the fresh before state', async () => {
      const target = await putUser(t, buildUser({ roles: ['author'] }));
      // Another writer bumps the version between our read and write: simulate with a concurrent pair.
      const [first, second] = await Promise.all([
        t.request('PATCH', `/api/admin/users/${target.id}/roles`, {
          token: adminToken,
          body: { roles: ['editor'] },
        }),
        t.request('PATCH', `/api/admin/users/${target.id}/roles`, {
          token: adminToken,
          body: { roles: ['publisher'] },
        }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const stored = await t.deps.ddb.send(
        new GetCommand({ TableName: t.deps.table, Key: keys.user(target.id) }),
      );
      const audit = await t.deps.audit.list({ action: 'user.roles_changed', limit: 100 });
      const entries = audit.items.filter((e) => e.targetId === target.id).reverse();
      // Every recorded change starts from the state the previous one left: no lost update.
      expect(entries[0]?.details.before).toEqual(['author']);
      for (let i = 1; i < entries.length; i++)
        expect(entries[i]?.details.before).toEqual(entries[i - 1]?.details.after);
      expect(entries.at(-1)?.details.after).toEqual(stored.Item?.roles);
      expect(stored.Item?.version).toBe(1 + entries.length);
    });
  });

  describe('GET /api/admin/audit', () => {
    it('lists entries newest first with cursor paging and rejects bad cursors', async () => {
      for (let i = 0; i < 3; i++) {
        await t.deps.audit.record({
          action: 'auth.logout',
          outcome: 'success',
          actorId: 'someone',
          ip: '1.2.3.4',
          userAgent: 'x',
        });
      }
      const first = await t.request('GET', '/api/admin/audit?actorId=someone&limit=2', { token: adminToken });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0].seq).toBeGreaterThan(first.body.items[1].seq);
      const second = await t.request(
        'GET',
        `/api/admin/audit?actorId=someone&limit=2&cursor=${first.body.nextCursor}`,
        {
          token: adminToken,
        },
      );
      expect(second.body.items).toHaveLength(1);
      const bad = await t.request('GET', '/api/admin/audit?cursor=eyJ4Ijoi', { token: adminToken });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe('cursor');
      const badAction = await t.request('GET', '/api/admin/audit?action=nope', { token: adminToken });
      expect(badAction.body.error.details.issues[0].path).toBe('action');
    });

    it('reports a tampered trail through /verify', async () => {
      const local = await buildTestApp();
      try {
        const admin = await signedInUser(local, { roles: ['admin'], ...withMfa });
        for (let i = 0; i < 3; i++) {
          await local.deps.audit.record({
            action: 'auth.logout',
            outcome: 'success',
            actorId: 'x',
            ip: '1.2.3.4',
            userAgent: 'x',
          });
        }
        expect((await local.request('GET', '/api/admin/audit/verify', { token: admin.token })).body).toEqual({
          ok: true,
          checked: 3,
          brokenAt: null,
          reason: null,
        });
        await local.deps.ddb.send(
          new UpdateCommand({
            TableName: local.deps.table,
            Key: keys.auditEntry(2),
            UpdateExpression: 'SET ip = :ip',
            ExpressionAttributeValues: { ':ip': '9.9.9.9' },
          }),
        );
        const res = await local.request('GET', '/api/admin/audit/verify', { token: admin.token });
        expect(res.body).toMatchObject({ ok: false, brokenAt: 2 });
      } finally {
        await local.close();
      }
    });
  });
});
