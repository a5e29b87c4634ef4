import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { AccessClaimsSchema } from '@galley/shared/api/auth';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { keys } from '../../store/keys.ts';
import { getUserByEmail } from '../../store/usersRepo.ts';
import { buildUser, GOOD_PASSWORD, nextIp, tokenFromMail, uniqueEmail, waitForMail } from './authTestKit.ts';

describe('POST /api/auth/register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const emailItem = (email: string) =>
    t.deps.ddb.send(new GetCommand({ TableName: t.deps.table, Key: keys.email(email) }));

  it('creates the account, signs in with an access token per AccessClaimsSchema and hides the hash', async () => {
    const email = uniqueEmail('Reg');
    const res = await t.request('POST', '/api/auth/register', {
      body: { email: email.toUpperCase(), password: GOOD_PASSWORD, displayName: '  Ada  ' },
      ip: nextIp(),
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      email: email.toLowerCase(),
      displayName: 'Ada',
      roles: ['author'],
      emailVerified: false,
      mfaEnabled: false,
    });
    expect(JSON.stringify(res.body)).not.toContain('argon2');
    expect(res.body.expiresIn).toBe(t.deps.env.ACCESS_TOKEN_TTL_SECONDS);
    const claims = decodeJwt(res.body.accessToken);
    expect(AccessClaimsSchema.parse(claims)).toMatchObject({
      sub: res.body.user.id,
      amr: ['pwd'],
      mfa: false,
    });
    expect(res.body.refreshToken).toMatch(/^[0-9A-Z]{26}\.[A-Za-z0-9_-]{43}$/);
    const stored = await getUserByEmail(t.deps, email);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('sends a verification mail whose link verifies the email once', async () => {
    const user = await buildUser(t);
    const [mail] = await waitForMail(t, user.email, 'Confirm your email');
    expect(mail!.text).toContain(`${t.deps.env.PUBLIC_URL}/verify-email?token=`);
    const token = tokenFromMail(mail!, '/verify-email');
    const first = await t.request('POST', '/api/auth/verify-email', { body: { token }, ip: user.ip });
    expect(first.status).toBe(200);
    expect(first.body.emailVerified).toBe(true);
    const again = await t.request('POST', '/api/auth/verify-email', { body: { token }, ip: user.ip });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_token');
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.body.emailVerified).toBe(true);
  });

  it('refuses a taken email with 409 email_taken, whatever its case', async () => {
    const user = await buildUser(t);
    const res = await t.request('POST', '/api/auth/register', {
      body: { email: user.email.toUpperCase(), password: GOOD_PASSWORD, displayName: 'Copy' },
      ip: nextIp(),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
  });

  it.each([
    ['too short', () => 'short-pass1', 'min_length'],
    ['too common (any case)', () => 'LeaveMeAlone', 'common_password'],
    [
      'containing the email',
      (email: string) => `my-${email.split('@')[0]!.toUpperCase()}-pw`,
      'contains_email',
    ],
  ])(
    'rejects a password %s with weak_password and leaves nothing behind',
    async (_label, makePassword, rule) => {
      const email = uniqueEmail('weakling');
      const password = makePassword(email);
      const res = await t.request('POST', '/api/auth/register', {
        body: { email, password, displayName: 'Weak' },
        ip: nextIp(),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('weak_password');
      expect(res.body.error.details).toMatchObject({ field: 'password', rule });
      expect((await emailItem(email)).Item).toBeUndefined();
      expect(await getUserByEmail(t.deps, email)).toBeNull();
    },
  );

  it('rejects malformed JSON, wrong types, unknown fields, bad emails and oversized bodies', async () => {
    const ip = nextIp();
    const malformed = await t.request('POST', '/api/auth/register', {
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
      ip,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const wrongType = await t.request('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: 123456789012, displayName: 'X' },
      ip,
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('validation_failed');
    expect(wrongType.body.error.details.issues[0].path).toBe('password');

    const unknown = await t.request('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: GOOD_PASSWORD, displayName: 'X', roles: ['admin'] },
      ip,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].path).toBe('roles');

    const badEmail = await t.request('POST', '/api/auth/register', {
      body: { email: 'not-an-email', password: GOOD_PASSWORD, displayName: 'X' },
      ip,
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.details.issues[0].path).toBe('email');

    const huge = await t.request('POST', '/api/auth/register', {
      body: { email: uniqueEmail(), password: GOOD_PASSWORD, displayName: 'x'.repeat(1024 * 1024 + 10) },
      ip,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('limits sign-ups per IP with 429 rate_limited', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.request('POST', '/api/auth/register', {
        body: { email: uniqueEmail('bulk'), password: 'x', displayName: 'Bulk' },
        ip,
      });
      statuses.push(res.status);
    }
    // The limit applies before validation, so even rejected sign-ups count.
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('declares every auth route in the OpenAPI document, bearer where authenticated', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    const paths = doc.body.paths;
    for (const path of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/login/mfa',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/auth/step-up',
      '/api/auth/verify-email',
      '/api/auth/password-reset/request',
      '/api/auth/password-reset/confirm',
    ]) {
      expect(paths[path]?.post, path).toBeDefined();
    }
    expect(paths['/api/auth/step-up'].post.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/auth/login'].post.security).toBeUndefined();
    const meOperations = [
      paths['/api/me']?.get,
      paths['/api/me']?.patch,
      paths['/api/me/password']?.post,
      paths['/api/me/verify-email/resend']?.post,
      paths['/api/me/sessions']?.get,
      paths['/api/me/sessions/{id}']?.delete,
      paths['/api/me/mfa/totp/setup']?.post,
      paths['/api/me/mfa/totp/enable']?.post,
      paths['/api/me/mfa/disable']?.post,
      paths['/api/me/mfa/recovery-codes']?.post,
    ];
    for (const op of meOperations) expect(op?.security).toEqual([{ bearer: [] }]);
  });
});
