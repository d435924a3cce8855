/** The left navigation: one entry per area of the app, in the order of the article's walk-through. */
import type { IconName } from '../components/Icon';

export interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly icon: IconName;
}

export const navItems: readonly NavItem[] = [
  { path: '/automations', label: 'Workflow automation', icon: 'automation' },
  { path: '/workflows', label: 'Workflows', icon: 'workflow' },
  { path: '/runs', label: 'Runs', icon: 'runs' },
  { path: '/alerts', label: 'Alerts', icon: 'alert' },
  { path: '/recommendations', label: 'Recommendations', icon: 'recommendation' },
  { path: '/compliance', label: 'Regulatory compliance', icon: 'compliance' },
  { path: '/policy', label: 'Policy', icon: 'policy' },
  { path: '/access', label: 'Access control', icon: 'access' },
  { path: '/schemas', label: 'Event schemas', icon: 'schemas' },
];
