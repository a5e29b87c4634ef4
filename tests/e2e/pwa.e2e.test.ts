import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  CHROMIUM_ARGS,
  callApi,
  registerUser,
  signInThroughForm,
  waitForServiceWorker,
} from './support/browserKit.ts';

const suite = browserSuite();

async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('the installable app', () => {
  it('passes Chromium’s installability checks: manifest, icons, a service worker with a fetch handler', async () => {
    // Chromium never offers to install from an incognito profile, which every newContext() is.
    const profile = await mkdtemp(join(tmpdir(), 'galley-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      baseURL: suite.server.url,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/sign-in');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);

    const manifest = await (await fetch(`${suite.server.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: 'Galley', short_name: 'Galley', display: 'standalone' });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    expect(manifest.shortcuts.map((s: { name: string }) => s.name)).toEqual(['New chapter', 'Dashboard']);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('has no serious or critical accessibility problems on the library, a book and the device page, at 375 px and on a desktop', async () => {
    const author = await registerUser(suite.server.url, 'Axe Author');
    const book = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'Lamp Oil',
      chapters: [{ title: 'Wick' }],
    });
    const problems: string[] = [];
    for (const viewport of [
      { width: 375, height: 740 },
      { width: 1280, height: 860 },
    ]) {
      const context = await suite.browser.newContext({ baseURL: suite.server.url, viewport });
      const page = await context.newPage();
      await signInThroughForm(page, author.email);
      problems.push(...(await seriousViolations(page, `${viewport.width} library`)));
      await page.goto(`/books/${book.body.id}`);
      await page.getByRole('heading', { name: 'Lamp Oil' }).waitFor();
      await page.getByRole('button', { name: 'Check book' }).click();
      await page.getByText('“Wick” has no text.').waitFor();
      problems.push(...(await seriousViolations(page, `${viewport.width} book`)));
      await page.goto('/account/device');
      await page.getByRole('heading', { name: 'This device' }).waitFor();
      problems.push(...(await seriousViolations(page, `${viewport.width} device`)));
      // Nothing is wider than a phone screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${viewport.width} horizontal overflow`).toBeLessThanOrEqual(0);
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
