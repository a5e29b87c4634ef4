import { NavLink, Outlet } from 'react-router';

export default function AccountLayout() {
  return (
    <div className="account">
      <nav className="subnav" aria-label="Account">
        <ul>
          <li>
            <NavLink to="/account" end>
              Profile
            </NavLink>
          </li>
          <li>
            <NavLink to="/account/sessions">Sessions</NavLink>
          </li>
          <li>
            <NavLink to="/account/security">Security</NavLink>
          </li>
          <li>
            <NavLink to="/account/device">This device</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
