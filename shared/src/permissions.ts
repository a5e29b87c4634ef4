import type { BookMemberRole } from './api/books.ts';
import type { Role } from './roles.ts';

/**
 * Who may do what, declared once and used on both sides: the api's `authorize` throws 403 when `can`
 * says no, and the client uses the same `can` to decide which menus and buttons to show. Everything is
 * denied unless a rule below allows it.
 */
export interface Actor {
  id: string;
  roles: readonly Role[];
  /** Whether the account has two-step verification on (admin routes also require it, see requireAdmin). */
  mfa: boolean;
}

/**
 * `update`: metadata; `editChapters`: create, rename, reorder, delete chapters; `delete`/`restore`: the
 * bin; `readDeleted`: open a book in the bin; `manageMembers`: add and remove members.
 */
export const BOOK_ACTIONS = [
  'list',
  'read',
  'create',
  'update',
  'editChapters',
  'delete',
  'restore',
  'readDeleted',
  'manageMembers',
] as const;
export type BookAction = (typeof BOOK_ACTIONS)[number];

export const NAV_DESTINATIONS = ['myBooks', 'assignments', 'dashboard', 'users', 'audit'] as const;
export type NavDestination = (typeof NAV_DESTINATIONS)[number];

/** Each entity: the actions it has and the resource a rule may look at. */
export interface PolicyEntities {
  /** `resource` is the user being changed and, for assignRoles, the roles they would end up with. */
  user: { action: 'admin.list' | 'admin.assignRoles'; resource: { id: string; roles?: readonly Role[] } };
  audit: { action: 'read' | 'verify'; resource: never };
  /** `memberRole` is the caller's membership in this book, null when they are not a member. */
  book: { action: BookAction; resource: { memberRole: BookMemberRole | null } };
  nav: { action: 'view'; resource: NavDestination };
}
export type PolicyEntity = keyof PolicyEntities;
export type PolicyAction<E extends PolicyEntity> = PolicyEntities[E]['action'];
export type PolicyResource<E extends PolicyEntity> = PolicyEntities[E]['resource'];
export type PolicyRule<E extends PolicyEntity> = (actor: Actor, resource?: PolicyResource<E>) => boolean;

const rules = new Map<string, PolicyRule<PolicyEntity>[]>();
const ruleKey = (entity: string, action: string) => `${entity}:${action}`;

/** Adds a rule; an action is allowed when any of its rules returns true. */
export function allow<E extends PolicyEntity>(action: PolicyAction<E>, entity: E, rule: PolicyRule<E>): void {
  const key = ruleKey(entity, action);
  const list = rules.get(key) ?? [];
  list.push(rule as PolicyRule<PolicyEntity>);
  rules.set(key, list);
}

export function can<E extends PolicyEntity>(
  actor: Actor | null | undefined,
  action: PolicyAction<E>,
  entity: E,
  resource?: PolicyResource<E>,
): boolean {
  if (!actor) return false;
  const list = rules.get(ruleKey(entity, action)) ?? [];
  return list.some((rule) => rule(actor, resource));
}

const has = (actor: Actor, role: Role) => actor.roles.includes(role);
const isAdmin = (actor: Actor) => has(actor, 'admin');

// Users (admin console).
allow('admin.list', 'user', isAdmin);
// An admin may not remove their own admin role: the last admin could otherwise lock everyone out.
allow(
  'admin.assignRoles',
  'user',
  (actor, target) =>
    isAdmin(actor) && !(target?.id === actor.id && target.roles && !target.roles.includes('admin')),
);

// Audit trail.
allow('read', 'audit', isAdmin);
allow('verify', 'audit', isAdmin);

// Books. Publishers and admins oversee every book; everyone else sees the books they are a member of.
const overseesBooks = (actor: Actor) => has(actor, 'publisher') || isAdmin(actor);
const memberOrOverseer: PolicyRule<'book'> = (actor, book) =>
  overseesBooks(actor) || (book !== undefined && book.memberRole !== null);
// Without a resource, `list` is "list my own books", which the query scopes to the caller's memberships.
allow('list', 'book', (actor, book) => book === undefined || memberOrOverseer(actor, book));
allow('read', 'book', memberOrOverseer);
allow('create', 'book', (actor) => has(actor, 'author') || isAdmin(actor));
// Writing the book is for its writers; editors, reviewers and publishers on it comment through the
// sync server instead. The platform role grants no write: admins administer accounts and the
// platform, and read a book they are not on; to change it (or who works on it) its owner makes
// them a member, whose role then decides, as for anyone.
const writesBook: PolicyRule<'book'> = (_actor, book) =>
  book?.memberRole === 'owner' || book?.memberRole === 'co_author';
const ownsBook: PolicyRule<'book'> = (_actor, book) => book?.memberRole === 'owner';
allow('update', 'book', writesBook);
allow('editChapters', 'book', writesBook);
// Binning, restoring and deciding who works on the book stay with the owner.
allow('delete', 'book', ownsBook);
allow('restore', 'book', ownsBook);
allow('readDeleted', 'book', ownsBook);
allow('manageMembers', 'book', ownsBook);

// Menu destinations per platform role.
const NAV_ROLE: Record<NavDestination, Role> = {
  myBooks: 'author',
  assignments: 'editor',
  dashboard: 'publisher',
  users: 'admin',
  audit: 'admin',
};
allow('view', 'nav', (actor, destination) => destination !== undefined && has(actor, NAV_ROLE[destination]));

/** The menu the client shows this actor, in a stable order. */
export function navFor(actor: Actor | null | undefined): NavDestination[] {
  return NAV_DESTINATIONS.filter((destination) => can(actor, 'view', 'nav', destination));
}
