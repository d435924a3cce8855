/** The Workflow automation area. */
import { AutomationListPage } from './AutomationListPage';

export default function AutomationsArea() {
  return <AutomationListPage />;
}
