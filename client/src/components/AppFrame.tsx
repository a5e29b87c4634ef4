import { useEffect, useId, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { actorOf } from '../auth/actor.ts';
import { navigationFor } from '../auth/navigation.ts';
import { useUser } from '../auth/session.tsx';
import { OutboxProvider } from '../offline/OutboxProvider.tsx';
import { usePendingImageQueue } from '../offline/usePendingImageQueue.ts';
import { EmailVerificationBanner } from './EmailVerificationBanner.tsx';
import { OutboxStatus } from './OutboxStatus.tsx';
import { SignOutButton } from './SignOutButton.tsx';

/** Header, role-based navigation and the signed-in screens. The nav collapses behind a button on phones. */
export function AppFrame() {
  const user = useUser();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const items = navigationFor(actorOf(user));
  // Images placed offline upload wherever the user is, not only inside their chapter.
  usePendingImageQueue();

  // A chosen link closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <OutboxProvider>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <Link to="/" className="brand">
            Galley
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls={navId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <nav id={navId} className={menuOpen ? 'app-nav open' : 'app-nav'} aria-label="Main">
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/account" end={false}>
                  Account
                </NavLink>
              </li>
              <li>
                <SignOutButton />
              </li>
            </ul>
          </nav>
          <span className="user-name" title={user.email}>
            {user.displayName}
          </span>
        </header>
        {user.emailVerified ? null : <EmailVerificationBanner email={user.email} />}
        <OutboxStatus />
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </OutboxProvider>
  );
}
