import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookMemberRoleSchema } from './api/books.ts';
import { accessAllowedFor, chapterAccessFor, defaultAccessFor } from './bookAccess.ts';
import { SYNC_ACCESS_LEVELS } from './sync/syncToken.ts';

const role = fc.constantFrom(...BookMemberRoleSchema.options);
const access = fc.constantFrom(...SYNC_ACCESS_LEVELS);
const platformRoles = fc.subarray(['author', 'editor', 'publisher', 'admin'] as const);

describe('access stored per membership', () => {
  it('is what a member gets, except that an owner always edits; without one the role decides', () => {
    fc.assert(
      fc.property(role, fc.option(access, { nil: undefined }), platformRoles, (memberRole, stored, roles) => {
        const got = chapterAccessFor(memberRole, roles, stored);
        if (memberRole === 'owner') expect(got).toBe('edit');
        else expect(got).toBe(stored ?? defaultAccessFor(memberRole));
        expect(got && accessAllowedFor(memberRole, got)).toBe(true);
      }),
    );
  });

  it('gives nothing stored to someone outside the book', () => {
    fc.assert(
      fc.property(access, platformRoles, (stored, roles) => {
        expect(chapterAccessFor(null, roles, stored)).toBe(chapterAccessFor(null, roles));
      }),
    );
  });
});
