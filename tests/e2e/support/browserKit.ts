import { fileURLToPath } from 'node:url';
import { ensureClientBuilt } from '@galley/infra/clientBuild';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { type RunningTestServer, startTestServer, type TestServerOptions } from '../../support/testServer.ts';

/**
 * Debian's Chromium, headless, with nothing phoning home: the flags this machine needs (no sandbox as
 * root, no GPU, no QUIC, no background services that would make tests depend on the internet).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const E2E_PASSWORD = 'plum orchard tide lantern';

export interface RegisteredUser {
  email: string;
  name: string;
  token: string;
}

/** A new account through the api, as the sign-up form makes it; its access token for api calls. */
export async function registerUser(baseUrl: string, name: string): Promise<RegisteredUser> {
  const slug = name.toLowerCase().replace(/[^a-z]/g, '');
  const email = `${slug}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: E2E_PASSWORD, displayName: name }),
  });
  expect(res.status).toBe(201);
  return { email, name, token: ((await res.json()) as { accessToken: string }).accessToken };
}

/** One api call as `token`; the JSON answer (or null) and the status, for setting up and checking. */
export async function callApi(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Signs in through the form and waits for the library. */
export async function signInThroughForm(page: Page, email: string, password = E2E_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My books' }).waitFor();
}

/**
 * The service worker is installed (the app shell is precached) and controls the page, so reloads and
 * fetches work with no network. Chromium's clients.claim() can miss a page whose navigation was under
 * way while the worker activated (seen in CI: worker "activated", page uncontrolled for 30 s); such a
 * page is controlled from its next load, as a person's would be, so the page is reloaded once and
 * `afterReload` waits for whatever the test needs on the page again.
 */
export async function waitForServiceWorker(
  page: Page,
  afterReload: () => Promise<void> = async () => undefined,
): Promise<void> {
  const activated = await page.evaluate(
    (ms) =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]),
    30_000,
  );
  if (!activated) throw new Error(`the service worker never activated: ${await workerState(page)}`);
  const controlled = () => navigator.serviceWorker.controller !== null;
  const isControlled = await page
    .waitForFunction(controlled, undefined, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (isControlled) return;
  await page.reload();
  try {
    await page.waitForFunction(controlled, undefined, { timeout: 30_000 });
  } catch (error) {
    throw new Error(`the service worker never took control: ${await workerState(page)}`, { cause: error });
  }
  await afterReload();
}

async function workerState(page: Page): Promise<string> {
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      url: location.href,
      registration: registration
        ? {
            installing: registration.installing?.state ?? null,
            waiting: registration.waiting?.state ?? null,
            active: registration.active?.state ?? null,
          }
        : null,
    };
  });
  return JSON.stringify(state);
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface BrowserSuite {
  readonly server: RunningTestServer;
  readonly browser: Browser;
}

/**
 * One server and one Chromium for a whole e2e file: builds the client if its sources changed, starts
 * them before the tests and stops them after. Browser journeys take many steps, so each test may take
 * up to two minutes on a busy 2-core machine.
 */
export function browserSuite(options: TestServerOptions = {}): BrowserSuite {
  let server: RunningTestServer | undefined;
  let browser: Browser | undefined;
  vi.setConfig({ testTimeout: 120_000 });
  beforeAll(async () => {
    ensureClientBuilt(ROOT, () => undefined);
    server = await startTestServer(options);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the suite has not started (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the suite has not started (use it inside a test)');
      return browser;
    },
  };
}

/**
 * Double-clicks `word` inside `container` (the first text node holding it), which selects it as a
 * person would, also in read-only text. Clicking the element itself would hit its centre, which for a
 * short line is empty space.
 */
export async function selectWord(container: Locator, word: string): Promise<void> {
  const point = await container.evaluate((element, target) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const start = (node as Text).data.indexOf(target);
      if (start === -1) continue;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + target.length);
      const { x, y, width, height } = range.getBoundingClientRect();
      return { x: x + width / 2, y: y + height / 2 };
    }
    throw new Error(`${target} is not in the element`);
  }, word);
  await container.page().mouse.dblclick(point.x, point.y);
}

/** The chapter's rows in the device's IndexedDB (Dexie database `galley`, table `docUpdates`). */
export function storedRows(page: Page, docName: string): Promise<Array<{ bytes: number; pending: number }>> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('galley');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result
            .transaction('docUpdates')
            .objectStore('docUpdates')
            .index('docName')
            .getAll(name);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            resolve(
              request.result.map((r: { update: Uint8Array; pending: number }) => ({
                bytes: r.update.byteLength,
                pending: r.pending,
              })),
            );
            open.result.close();
          };
        };
      }),
    docName,
  );
}
