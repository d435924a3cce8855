/** The Access control area: role assignments at any scope, and principals with their tokens. */
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../NotFound';
import { PrincipalsPage } from './PrincipalsPage';
import { RoleAssignmentsPage } from './RoleAssignmentsPage';
import '../../styles/policy.css';

export default function AccessArea() {
  return (
    <Routes>
      <Route index element={<RoleAssignmentsPage />} />
      <Route path="principals" element={<PrincipalsPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
