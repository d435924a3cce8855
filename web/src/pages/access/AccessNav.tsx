/** The Access control area's sections, as links styled like tabs. */
import { NavLink } from 'react-router-dom';

export function AccessNav() {
  return (
    <nav className="area-nav" aria-label="Access control sections">
      <NavLink to="/access" end className={({ isActive }) => `area-nav-link${isActive ? ' area-nav-link-active' : ''}`}>
        Role assignments
      </NavLink>
      <NavLink to="/access/principals" className={({ isActive }) => `area-nav-link${isActive ? ' area-nav-link-active' : ''}`}>
        Principals and tokens
      </NavLink>
    </nav>
  );
}
