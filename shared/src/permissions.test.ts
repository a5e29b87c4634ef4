import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookMemberRoleSchema } from './api/books.ts';
import { type Actor, can, NAV_DESTINATIONS, navFor } from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

const roleSet = fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 });
const actorArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  roles: roleSet,
  mfa: fc.boolean(),
});
const nonAdminArb = actorArb.map((a) => ({ ...a, roles: a.roles.filter((r) => r !== 'admin') }));
const adminArb = actorArb.map((a) => ({ ...a, roles: [...new Set<Role>([...a.roles, 'admin'])] }));
const memberRoleArb = fc.option(fc.constantFrom(...BookMemberRoleSchema.options), { nil: null });

function buildActor(roles: Role[], overrides: Partial<Actor> = {}): Actor {
  return { id: 'actor-1', roles, mfa: true, ...overrides };
}

describe('permissions', () => {
  it('never lets an actor without admin manage users or read the audit trail', () => {
    fc.assert(
      fc.property(nonAdminArb, roleSet, fc.string(), (actor, nextRoles, targetId) => {
        expect(can(actor, 'admin.assignRoles', 'user', { id: targetId, roles: nextRoles })).toBe(false);
        expect(can(actor, 'admin.assignRoles', 'user')).toBe(false);
        expect(can(actor, 'admin.list', 'user')).toBe(false);
        expect(can(actor, 'read', 'audit')).toBe(false);
        expect(can(actor, 'verify', 'audit')).toBe(false);
      }),
    );
  });

  it('never lets an admin strip their own admin role, but lets them change others', () => {
    fc.assert(
      fc.property(adminArb, roleSet, (admin, nextRoles) => {
        const withoutAdmin = nextRoles.filter((r) => r !== 'admin');
        expect(can(admin, 'admin.assignRoles', 'user', { id: admin.id, roles: withoutAdmin })).toBe(false);
        expect(
          can(admin, 'admin.assignRoles', 'user', { id: admin.id, roles: [...withoutAdmin, 'admin'] }),
        ).toBe(true);
        expect(
          can(admin, 'admin.assignRoles', 'user', { id: `${admin.id}-other`, roles: withoutAdmin }),
        ).toBe(true);
      }),
    );
  });

  it('is deterministic: the same question always gets the same answer', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, (actor, memberRole) => {
        const ask = () => [
          can(actor, 'read', 'book', { memberRole }),
          can(actor, 'create', 'book'),
          can(actor, 'read', 'audit'),
          navFor(actor).join(','),
        ];
        expect(ask()).toEqual(ask());
      }),
    );
  });

  it('shows a book to its members and to publishers and admins only', () => {
    fc.assert(
      fc.property(actorArb, memberRoleArb, (actor, memberRole) => {
        const oversees = actor.roles.includes('publisher') || actor.roles.includes('admin');
        expect(can(actor, 'read', 'book', { memberRole })).toBe(oversees || memberRole !== null);
        expect(can(actor, 'list', 'book', { memberRole })).toBe(oversees || memberRole !== null);
      }),
    );
    expect(can(buildActor(['editor']), 'read', 'book', { memberRole: null })).toBe(false);
    expect(can(buildActor(['author']), 'read', 'book', { memberRole: 'co_author' })).toBe(true);
  });

  it('lets authors and admins create books', () => {
    expect(can(buildActor(['author']), 'create', 'book')).toBe(true);
    expect(can(buildActor(['admin']), 'create', 'book')).toBe(true);
    expect(can(buildActor(['editor', 'publisher']), 'create', 'book')).toBe(false);
  });

  it('builds the menu from the roles', () => {
    expect(navFor(buildActor(['author']))).toEqual(['myBooks']);
    expect(navFor(buildActor(['editor']))).toEqual(['assignments']);
    expect(navFor(buildActor(['publisher']))).toEqual(['dashboard']);
    expect(navFor(buildActor(['admin']))).toEqual(['users', 'audit']);
    expect(navFor(buildActor(['author', 'editor', 'publisher', 'admin']))).toEqual([...NAV_DESTINATIONS]);
    expect(can(buildActor(['author']), 'view', 'nav', 'users')).toBe(false);
  });

  it('denies everything to nobody', () => {
    expect(can(null, 'read', 'book', { memberRole: 'owner' })).toBe(false);
    expect(navFor(undefined)).toEqual([]);
  });
});
