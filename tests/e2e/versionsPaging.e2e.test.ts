import { changeBookStatus } from '@galley/api/domain/bookStatusChanger';
import { getBook } from '@galley/api/store/booksRepo';
import { describe, expect, it, vi } from 'vitest';
import { browserSuite, callApi, registerUser, signInThroughForm } from './support/browserKit.ts';

const suite = browserSuite();

describe('versions page: automatic versions and older pages', () => {
  it('labels the version a transition took, and loads older versions a page at a time', async () => {
    const author = await registerUser(suite.server.url, 'Author');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'Long Road',
      chapters: [{ title: 'Dawn' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    // 21 named versions, then a transition: 22 in all, one more than the page's 20.
    for (let n = 1; n <= 21; n++) {
      const res = await callApi(suite.server.url, author.token, 'POST', `/api/books/${bookId}/versions`, {
        name: `Draft ${n}`,
      });
      expect(res.status).toBe(201);
    }
    // The workflow's write (no route makes it yet); the server's consumer takes the version.
    const me = await callApi(suite.server.url, author.token, 'GET', '/api/me');
    const book = await getBook(suite.server.deps, bookId, { consistent: true });
    if (!book) throw new Error('book missing');
    await changeBookStatus(
      suite.server.deps,
      { book, memberRole: 'owner', access: 'edit', actorId: me.body.id },
      { to: 'submitted', transition: 'submit', expectedVersion: book.version },
    );
    await vi.waitFor(
      async () => {
        const res = await callApi(
          suite.server.url,
          author.token,
          'GET',
          `/api/books/${bookId}/versions?limit=1`,
        );
        expect(res.body.items[0]?.name).toBe('Draft → Submitted');
      },
      { timeout: 15_000, interval: 500 },
    );

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}/versions`);
    const list = page.locator('ul.versions');
    const automatic = list.locator('li', { hasText: 'Draft → Submitted' });
    await automatic.waitFor();
    expect(await automatic.locator('.badge').textContent()).toContain('automatic');
    expect(await automatic.locator('.badge').getAttribute('title')).toBe(
      'Taken automatically when the book went from Draft to Submitted',
    );
    expect(await list.locator('li .badge').count()).toBe(1);
    await list.locator('li', { hasText: 'Draft 3' }).waitFor();
    expect(await list.locator('li').count()).toBe(20);
    expect(await list.getByText('Draft 1', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Load older versions' }).click();
    await list.getByText('Draft 1', { exact: true }).waitFor();
    expect(await list.locator('li').count()).toBe(22);
    await page.getByRole('button', { name: 'Load older versions' }).waitFor({ state: 'detached' });
    await context.close();
  });
});
