import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookMemberRoleSchema } from './api/books.ts';
import { chapterAccessFor } from './bookAccess.ts';
import { ROLES } from './roles.ts';

const memberRole = fc.option(fc.constantFrom(...BookMemberRoleSchema.options), { nil: null });
const roles = fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 });

describe('chapter access', () => {
  it('only owners and co-authors may edit, whatever their platform roles', () => {
    fc.assert(
      fc.property(memberRole, roles, (member, platform) => {
        const access = chapterAccessFor(member, platform);
        expect(access === 'edit').toBe(member === 'owner' || member === 'co_author');
      }),
    );
  });

  it('outsiders get nothing unless they are publishers or admins, who may only read', () => {
    fc.assert(
      fc.property(roles, (platform) => {
        const access = chapterAccessFor(null, platform);
        const overseer = platform.includes('publisher') || platform.includes('admin');
        expect(access).toBe(overseer ? 'read' : null);
      }),
    );
  });

  it('gives editors on the book comment access', () => {
    expect(chapterAccessFor('editor', ['editor'])).toBe('comment');
  });
});
