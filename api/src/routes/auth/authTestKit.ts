import type { TestApp } from '../../../../tests/support/testApp.ts';
import type { CaughtMail } from '../../mail/devMailbox.ts';

/** Factories and helpers shared by the auth and me route tests (imported by *.test.ts only). */

type RequestingApp = Pick<TestApp, 'request' | 'mailTo'>;

let sequence = 0;
const runTag = Math.random().toString(36).slice(2, 8);

export const GOOD_PASSWORD = 'lantern-orchard-quietly-47';

export function uniqueEmail(label = 'user'): string {
  sequence += 1;
  return `${label}.${runTag}.${sequence}@example.test`;
}

/** A fresh client address per test user, so one test's failures never throttle another's requests. */
export function nextIp(): string {
  sequence += 1;
  return `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`;
}

export interface TestUser {
  email: string;
  password: string;
  ip: string;
  id: string;
  accessToken: string;
  refreshToken: string;
}

export async function buildUser(
  t: RequestingApp,
  overrides: { email?: string; password?: string; displayName?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? GOOD_PASSWORD;
  const ip = nextIp();
  const res = await t.request('POST', '/api/auth/register', {
    body: { email, password, displayName: overrides.displayName ?? 'Test Writer' },
    ip,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    email,
    password,
    ip,
    id: res.body.user.id,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

/** Mail arrives through real SMTP a moment after the request; poll for it rather than guess a delay. */
export async function waitForMail(
  t: RequestingApp,
  to: string,
  subjectIncludes: string,
  count = 1,
): Promise<CaughtMail[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mails = (await t.mailTo(to)).filter((m) => m.subject.includes(subjectIncludes));
    if (mails.length >= count) return mails;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail "${subjectIncludes}" to ${to}`);
}

/** The token from a `${PUBLIC_URL}${path}?token=…` link in a mail body. */
export function tokenFromMail(mail: CaughtMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in mail`);
  return decodeURIComponent(match[1]);
}
