import { type Actor, can, type NavDestination, navFor } from '@galley/shared/permissions';

export interface NavItem {
  to: string;
  label: string;
}

/** Where each destination of the shared permission rules lives in the client. */
const DESTINATIONS: Record<NavDestination, NavItem> = {
  myBooks: { to: '/books', label: 'My books' },
  assignments: { to: '/assignments', label: 'Assignments' },
  dashboard: { to: '/dashboard', label: 'Dashboard' },
  users: { to: '/admin/users', label: 'Users' },
  audit: { to: '/admin/audit', label: 'Audit' },
};

/** Search is for everyone signed in: the api only ever searches the books the caller may read. */
const SEARCH: NavItem = { to: '/search', label: 'Search' };

/**
 * The sections a user sees, decided by the same `can` rules the api enforces, then Search. The api
 * still checks every call; this only keeps people from being shown doors that would refuse them.
 */
export function navigationFor(actor: Actor): NavItem[] {
  return [...navFor(actor).map((destination) => DESTINATIONS[destination]), SEARCH];
}

/** Where "/" leads: the user's first section, or their account when they have none yet. */
export function homePathFor(actor: Actor): string {
  return navFor(actor).map((destination) => DESTINATIONS[destination])[0]?.to ?? '/account';
}

/** Whether a path belongs to a section this user may open (a deep link to another section is refused). */
export function mayOpen(actor: Actor, pathname: string): boolean {
  const entry = (Object.entries(DESTINATIONS) as Array<[NavDestination, NavItem]>).find(
    ([, item]) => pathname === item.to || pathname.startsWith(`${item.to}/`),
  );
  return !entry || can(actor, 'view', 'nav', entry[0]);
}

/** Where to go after signing in: back to the page that asked (router state `from`), never off-site. */
export function returnPath(state: unknown): string {
  const from = state && typeof state === 'object' && 'from' in state ? state.from : null;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}
