import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookMemberRoleSchema } from './api/books.ts';
import { chapterAccessFor } from './bookAccess.ts';
import { BOOK_ACTIONS, can } from './permissions.ts';
import { ROLES } from './roles.ts';

const actorArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 }),
  mfa: fc.boolean(),
});
const memberRoleArb = fc.option(fc.constantFrom(...BookMemberRoleSchema.options), { nil: null });
const WRITE_ACTIONS = ['update', 'editChapters'] as const;
const OWNER_ACTIONS = ['delete', 'restore', 'readDeleted', 'manageMembers'] as const;

describe('book permissions', () => {
  it('lets only owners and co-authors change the book and its chapters, whatever their platform roles', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, (actor, memberRole) => {
        const writer = memberRole === 'owner' || memberRole === 'co_author';
        for (const action of WRITE_ACTIONS) expect(can(actor, action, 'book', { memberRole })).toBe(writer);
      }),
    );
  });

  it('keeps the bin and the member list with the owner, admins included', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, (actor, memberRole) => {
        const owner = memberRole === 'owner';
        for (const action of OWNER_ACTIONS) expect(can(actor, action, 'book', { memberRole })).toBe(owner);
      }),
    );
  });

  it('never lets anyone change a book they may not read', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, fc.constantFrom(...BOOK_ACTIONS), (actor, memberRole, action) => {
        if (action === 'create' || action === 'list') return;
        if (can(actor, action, 'book', { memberRole })) {
          expect(can(actor, 'read', 'book', { memberRole })).toBe(true);
        }
      }),
    );
  });

  it('gives chapter edit rights exactly to those whose sync token carries edit access, admins included', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, (actor, memberRole) => {
        const editsChapters = can(actor, 'editChapters', 'book', { memberRole });
        expect(editsChapters).toBe(chapterAccessFor(memberRole, actor.roles) === 'edit');
      }),
    );
  });

  it('refuses an editor or reviewer on the book, and a publisher outside it', () => {
    const actor = (roles: ('author' | 'editor' | 'publisher')[]) => ({ id: 'a', roles, mfa: false });
    expect(can(actor(['editor']), 'update', 'book', { memberRole: 'editor' })).toBe(false);
    expect(can(actor(['author']), 'update', 'book', { memberRole: 'reviewer' })).toBe(false);
    expect(can(actor(['publisher']), 'editChapters', 'book', { memberRole: null })).toBe(false);
    expect(can(actor(['author']), 'manageMembers', 'book', { memberRole: 'co_author' })).toBe(false);
    expect(can(actor(['author']), 'update', 'book', { memberRole: 'co_author' })).toBe(true);
  });
});
