import type { Role } from '@galley/shared/roles';
import { describe, expect, it } from 'vitest';
import { homePathFor, mayOpen, navigationFor, returnPath } from './navigation.ts';

const actor = (...roles: Role[]) => ({ id: 'user-1', roles, mfa: false });

describe('navigation per role', () => {
  it('shows each role its own sections', () => {
    expect(navigationFor(actor('author')).map((i) => i.to)).toEqual(['/books', '/search']);
    expect(navigationFor(actor('editor')).map((i) => i.to)).toEqual(['/assignments', '/search']);
    expect(navigationFor(actor('publisher')).map((i) => i.to)).toEqual(['/dashboard', '/search']);
    expect(navigationFor(actor('admin')).map((i) => i.label)).toEqual(['Users', 'Audit', 'Search']);
    expect(navigationFor(actor('author', 'editor')).map((i) => i.label)).toEqual([
      'My books',
      'Assignments',
      'Search',
    ]);
    expect(navigationFor(actor()).map((i) => i.to)).toEqual(['/search']);
  });

  it('sends "/" to the first section, or to the account without any', () => {
    expect(homePathFor(actor('publisher', 'author'))).toBe('/books');
    expect(homePathFor(actor())).toBe('/account');
  });

  it('refuses deep links into sections of other roles but allows shared pages', () => {
    expect(mayOpen(actor('author'), '/books/abc')).toBe(true);
    expect(mayOpen(actor('author'), '/admin/users')).toBe(false);
    expect(mayOpen(actor('author'), '/dashboard')).toBe(false);
    expect(mayOpen(actor('author'), '/account/security')).toBe(true);
    expect(mayOpen(actor('author'), '/bookshelf')).toBe(true);
    expect(mayOpen(actor(), '/search')).toBe(true);
  });

  it('returns only to paths on this site after sign-in', () => {
    expect(returnPath({ from: '/books/1?x=1' })).toBe('/books/1?x=1');
    expect(returnPath({ from: '//evil.example/' })).toBe('/');
    expect(returnPath({ from: 'https://evil.example/' })).toBe('/');
    expect(returnPath(null)).toBe('/');
  });
});
