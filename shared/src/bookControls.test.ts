import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookMemberRoleSchema } from './api/books.ts';
import { chapterAccessFor } from './bookAccess.ts';
import { chapterAccessOf, mayEditChapters, mayRestoreBook, mayRestoreChapter } from './bookControls.ts';
import { can } from './permissions.ts';
import { ROLES } from './roles.ts';
import { SyncAccessSchema } from './sync/syncToken.ts';

const memberRole = fc.option(fc.constantFrom(...BookMemberRoleSchema.options), { nil: null });
const platformRoles = fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 });
const stored = fc.option(fc.constantFrom(...SyncAccessSchema.options), { nil: undefined });
const actorWith = (roles: (typeof ROLES)[number][]) => ({ id: 'u', roles, mfa: false });
const rank = (access: string | null) =>
  access === null ? 0 : ['read', 'comment', 'edit'].indexOf(access) + 1;

describe('book controls', () => {
  it('chapter changes and restore are offered exactly when the api allows them: a writer with edit access', () => {
    fc.assert(
      fc.property(memberRole, platformRoles, stored, (role, roles, storedAccess) => {
        const actor = actorWith(roles);
        // What the server sends: chapterAccessFor over the stored membership access.
        const book = { role, access: chapterAccessFor(role, roles, storedAccess) };
        const writer = can(actor, 'editChapters', 'book', { memberRole: role });
        expect(mayEditChapters(actor, book)).toBe(writer && book.access === 'edit');
        expect(mayRestoreChapter(actor, book)).toBe(mayEditChapters(actor, book));
        expect(mayRestoreBook(actor, book)).toBe(mayRestoreChapter(actor, book));
      }),
    );
  });

  it('a copy cached without access never claims more than the server gives anyone who may open it', () => {
    fc.assert(
      fc.property(memberRole, platformRoles, stored, (role, roles, storedAccess) => {
        const actual = chapterAccessFor(role, roles, storedAccess);
        fc.pre(actual !== null);
        expect(rank(chapterAccessOf({ role }))).toBeLessThanOrEqual(rank(actual));
      }),
    );
    expect(chapterAccessOf({ role: 'owner' })).toBe('edit');
  });

  it('hides chapter changes and restore from a co-author set to comment or read, and from an admin outside the book', () => {
    const author = actorWith(['author']);
    expect(mayEditChapters(author, { role: 'co_author', access: 'comment' })).toBe(false);
    expect(mayEditChapters(author, { role: 'co_author', access: 'edit' })).toBe(true);
    expect(mayRestoreChapter(author, { role: 'co_author', access: 'comment' })).toBe(false);
    expect(mayRestoreBook(author, { role: 'co_author', access: 'read' })).toBe(false);
    expect(mayRestoreBook(author, { role: 'co_author', access: 'edit' })).toBe(true);
    expect(mayRestoreChapter(actorWith(['admin']), { role: null, access: 'read' })).toBe(false);
    expect(mayRestoreChapter(author, { role: 'co_author' })).toBe(false);
  });
});
