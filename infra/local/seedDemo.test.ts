import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../tests/support/testApp.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, SAMPLE_BOOK, seedDemo } from './seedDemo.ts';

describe('the demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('creates the four demo accounts and the author’s sample book once', async () => {
    expect(await seedDemo(t.deps)).toBe(true);
    expect(await seedDemo(t.deps)).toBe(false);

    for (const account of DEMO_ACCOUNTS) {
      const login = await t.request('POST', '/api/auth/login', {
        body: { email: account.email, password: DEMO_PASSWORD },
      });
      expect(login.status).toBe(200);
      expect(login.body.user.roles).toEqual([account.role]);
      expect(login.body.user.emailVerified).toBe(true);
    }

    const author = await t.request('POST', '/api/auth/login', {
      body: { email: 'author@galley.test', password: DEMO_PASSWORD },
    });
    const books = await t.request('GET', '/api/books', { token: author.body.accessToken });
    expect(books.body.items).toHaveLength(1);
    expect(books.body.items[0].title).toBe(SAMPLE_BOOK.title);
    const detail = await t.request('GET', `/api/books/${books.body.items[0].id}`, {
      token: author.body.accessToken,
    });
    expect(detail.body.chapters.map((c: { title: string; order: number }) => [c.order, c.title])).toEqual([
      [1, 'The Storm'],
      [2, 'Morning Light'],
    ]);

    // Enough to show: metadata a publisher needs, text in every chapter, an editor assigned.
    const token = author.body.accessToken;
    const report = await t.request('GET', `/api/books/${detail.body.id}/validation`, { token });
    expect(
      report.body.problems.map((p: { code: string; where: { field?: string } }) => p.where.field ?? p.code),
    ).toEqual(['isbn', 'cover']);
    const members = await t.request('GET', `/api/books/${detail.body.id}/members`, { token });
    expect(members.body.items.map((m: { email: string; role: string }) => [m.email, m.role])).toContainEqual([
      'editor@galley.test',
      'editor',
    ]);
  });
});
