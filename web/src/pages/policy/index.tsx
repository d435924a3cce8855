/**
 * The Policy area: assignments (with compliance), the built-in definitions, the assignment wizard, remediation tasks
 * with live progress, and the management group tree assignments live in. Ids contain slashes, so a single item is
 * addressed with `?id=`.
 */
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../NotFound';
import { AssignmentDetailPage } from './AssignmentDetailPage';
import { AssignmentsPage } from './AssignmentsPage';
import { AssignWizardPage } from './AssignWizardPage';
import { DefinitionsPage } from './DefinitionsPage';
import { HierarchyPage } from './HierarchyPage';
import { RemediationDetailPage } from './RemediationDetailPage';
import { RemediationsPage } from './RemediationsPage';
import '../../styles/policy.css';

export default function PolicyArea() {
  return (
    <Routes>
      <Route index element={<AssignmentsPage />} />
      <Route path="definitions" element={<DefinitionsPage />} />
      <Route path="assign" element={<AssignWizardPage />} />
      <Route path="assignment" element={<AssignmentDetailPage />} />
      <Route path="remediations" element={<RemediationsPage />} />
      <Route path="remediation" element={<RemediationDetailPage />} />
      <Route path="hierarchy" element={<HierarchyPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
