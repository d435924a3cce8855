/** The signed-in frame: top bar (product, user, sign out), left navigation, and the page. */
import { NavLink, Outlet } from 'react-router-dom';
import { useMe, useSession } from '../api/session';
import { Icon } from '../components/Icon';
import { navItems } from './nav-items';

export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <NavLink to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          Riposte
        </NavLink>
        <span className="top-bar-tagline">Security workflow automation</span>
        <div className="top-bar-user">
          <span className="user-name" title={`${me.principal.type} ${me.principal.id}`}>
            <span className="avatar" aria-hidden="true">
              {me.principal.name.slice(0, 1).toUpperCase()}
            </span>
            <span>
              <span className="visually-hidden">Signed in as </span>
              {me.principal.name}
            </span>
          </span>
          <button type="button" className="button button-on-dark" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="side-nav" aria-label="Main">
        <ul>
          {navItems.map((item) => (
            <li key={item.path}>
              <NavLink to={item.path} className={({ isActive }) => `nav-link${isActive ? ' nav-link-active' : ''}`}>
                <span className="nav-glyph">
                  <Icon name={item.icon} />
                </span>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
