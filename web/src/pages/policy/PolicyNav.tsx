/** The Policy area's sections, as links styled like tabs. */
import { NavLink } from 'react-router-dom';

const sections = [
  { to: '/policy', label: 'Assignments', end: true },
  { to: '/policy/definitions', label: 'Definitions', end: false },
  { to: '/policy/remediations', label: 'Remediation', end: false },
  { to: '/policy/hierarchy', label: 'Management groups', end: false },
] as const;

export function PolicyNav() {
  return (
    <nav className="area-nav" aria-label="Policy sections">
      {sections.map((section) => (
        <NavLink key={section.to} to={section.to} end={section.end} className={({ isActive }) => `area-nav-link${isActive ? ' area-nav-link-active' : ''}`}>
          {section.label}
        </NavLink>
      ))}
    </nav>
  );
}
