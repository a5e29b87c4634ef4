import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { readMailbox } from '@galley/api/mail/devMailbox';
import { ensureClientBuilt } from '@galley/infra/clientBuild';
import { TOTP } from 'otpauth';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer } from '../support/testServer.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  // Builds client/dist when it is missing or older than the client, service worker or shared sources.
  ensureClientBuilt(ROOT, () => undefined);
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function uniqueEmail(): string {
  return `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** What an authenticator app shows for this secret, `offsetSteps` periods from now. */
function totpCode(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/** The path and query of the newest link to `path` mailed to `to` (the mail names the configured public URL). */
async function mailedLink(to: string, path: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const mail of await readMailbox(inject('mailboxDir'), 500)) {
      if (!mail.to.includes(to)) continue;
      const match = new RegExp(`https?://[^\\s]+(${path}\\?token=[^\\s]+)`).exec(mail.text);
      if (match?.[1]) return match[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail with ${path} reached ${to}`);
}

function focusedInputType(page: Page): Promise<unknown> {
  return page.evaluate('document.activeElement && document.activeElement.getAttribute("type")');
}

async function newPage(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: server.url });
  return context.newPage();
}

describe('signing up, enrolling TOTP and signing in with a code', () => {
  it('takes a new author from registration through two-step sign-in to the app frame', async () => {
    const page = await newPage();
    const email = uniqueEmail();
    const password = 'plum orchard tide lantern';

    await page.goto('/register');
    await page.getByLabel('Display name').fill('Ada E2E');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    // A new account is an author: it lands on its books, with the verify-email banner showing.
    await page.waitForURL((url) => url.pathname === '/books');
    await page.getByRole('heading', { name: 'My books' }).waitFor();
    await page.getByText('You have no books yet.').waitFor();
    await page.getByRole('button', { name: 'Resend the email' }).waitFor();

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code from your app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();

    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    expect(await codes.first().textContent()).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('Signing in asks for a code from your authenticator app.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();

    // A wrong code is announced and keeps the user on the code step.
    await page.getByLabel('Verification code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // The enrolment spent the current step; the app's next code is inside the server's window.
    await page.getByLabel('Verification code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname === '/books');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My books' }).waitFor();
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('puts registration errors on their fields and moves focus there, the api’s included', async () => {
    const taken = uniqueEmail();
    const existing = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: taken, password: 'plum orchard tide lantern', displayName: 'First' }),
    });
    expect(existing.status).toBe(201);

    const page = await newPage();
    await page.goto('/register');
    await page.getByLabel('Display name').fill('Second');
    await page.getByLabel('Email').fill(taken);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').waitFor();
    expect(await focusedInputType(page)).toBe('password');
    expect(await password.getAttribute('aria-invalid')).toBe('true');

    // The hints are satisfied, so only the api can object: the address is taken.
    await password.fill('another long passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText('already exists').waitFor();
    expect(await focusedInputType(page)).toBe('email');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/register');
    await page.context().close();
  }, 30_000);
});

describe('layout', () => {
  it('has no horizontal scroll on /sign-in at 375 px wide', async () => {
    const page = await newPage(375, 740);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Strings, not functions: this file is type-checked without the DOM library.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  }, 30_000);

  it('collapses the navigation behind a Menu button on a phone and opens it by keyboard', async () => {
    const email = uniqueEmail();
    const password = 'plum orchard tide lantern';
    const created = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'Phone User' }),
    });
    expect(created.status).toBe(201);

    const page = await newPage(375, 740);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL((url) => url.pathname === '/books');

    const menu = page.getByRole('button', { name: 'Menu' });
    const myBooks = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My books' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await myBooks.isVisible()).toBe(false);
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await myBooks.waitFor({ state: 'visible' });
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  }, 30_000);
});

describe('accessibility and offline shell', () => {
  it('has no serious accessibility violations on the signed-out screens', async () => {
    const page = await newPage();
    for (const path of ['/sign-in', '/register', '/forgot-password']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${path}: ${v.id} (${v.nodes.length})`);
      expect(serious).toEqual([]);
    }
    await page.context().close();
  }, 90_000);

  it('installs a service worker that opens app deep links with no network', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Resolves once the worker is active, which is after the shell was precached.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.context().setOffline(true);
    await page.goto('/books/some-book');
    // Signed out, so the cached app redirects to its own sign-in screen, with no server involved.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.context().close();
  }, 30_000);

  it('verifies the email from the mailed link, and the banner goes away', async () => {
    const page = await newPage();
    const email = uniqueEmail();
    await page.goto('/register');
    await page.getByLabel('Display name').fill('Verifying Vera');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('plum orchard tide lantern');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Resend the email' }).click();
    await page.getByText('We sent a new link.').waitFor();

    await page.goto(await mailedLink(email, '/verify-email'));
    await page.getByText('Your email address is verified.').waitFor();
    await page.getByRole('link', { name: 'Continue to Galley' }).click();
    await page.getByRole('heading', { name: 'My books' }).waitFor();
    await page.getByRole('region', { name: 'Email verification' }).waitFor({ state: 'detached' });
    await page.context().close();
  }, 60_000);

  it('signs out every open tab when one tab signs out', async () => {
    const email = uniqueEmail();
    const password = 'plum orchard tide lantern';
    const created = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'Two Tabs' }),
    });
    expect(created.status).toBe(201);
    const first = await newPage();
    await first.goto('/sign-in');
    await first.getByLabel('Email').fill(email);
    await first.getByLabel('Password').fill(password);
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.getByRole('heading', { name: 'My books' }).waitFor();

    // Same browser profile: the second tab opens signed in from the stored session.
    const second = await first.context().newPage();
    await second.goto('/account');
    await second.getByRole('heading', { name: 'Profile' }).waitFor();

    await first.getByRole('button', { name: 'Sign out' }).click();
    await second.getByRole('heading', { name: 'Sign in' }).waitFor();
    await first.context().close();
  }, 60_000);
});

describe('keeping the session through refreshes', () => {
  it('stays signed in when the answer to a refresh is lost and the page reloads', async () => {
    const email = uniqueEmail();
    const password = 'plum orchard tide lantern';
    const created = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'Lost Answer' }),
    });
    expect(created.status).toBe(201);
    // No service worker, so every api request passes page.route.
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My books' }).waitFor();

    // A reload leaves only the refresh token; the refresh it triggers reaches the server, which rotates
    // the token and answers, but the answer is dropped on the way back, so the page keeps the old one.
    let droppedAnswer: (status: number) => void = () => undefined;
    const dropped = new Promise<number>((resolve) => {
      droppedAnswer = resolve;
    });
    await page.route(
      '**/api/auth/refresh',
      async (route) => {
        const answered = await route.fetch();
        await route.abort('connectionreset');
        droppedAnswer(answered.status());
      },
      { times: 1 },
    );
    await page.reload();
    expect(await dropped).toBe(200);

    // The next refresh presents the token the server already replaced: recovered, not taken for theft.
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/refresh', {
      timeout: 30_000,
    });
    await page.reload();
    expect((await refreshed).status()).toBe(200);
    await page.getByRole('heading', { name: 'My books' }).waitFor();
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await context.close();
  }, 90_000);
});
