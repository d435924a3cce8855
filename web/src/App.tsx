/**
 * The routes. Each area of the app lives in its own folder under pages/ and is one import here, so areas can be
 * built independently; an area's index.tsx may hold nested routes of its own (`path="area/*"`).
 */
import { Navigate, Route, Routes } from 'react-router-dom';
import { SessionProvider } from './api/session';
import { ToastProvider } from './components/Toasts';
import { Layout } from './layout/Layout';
import { RequireSession } from './layout/RequireSession';
import AccessArea from './pages/access';
import AlertsArea from './pages/alerts';
import AutomationsArea from './pages/automations';
import ComplianceArea from './pages/compliance';
import { NotFound } from './pages/NotFound';
import PolicyArea from './pages/policy';
import RecommendationsArea from './pages/recommendations';
import RunsArea from './pages/runs';
import SchemasArea from './pages/schemas';
import { SignInPage } from './pages/SignInPage';
import WorkflowsArea from './pages/workflows';

export function App() {
  return (
    <SessionProvider>
      <ToastProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<Navigate to="/automations" replace />} />
            <Route path="automations/*" element={<AutomationsArea />} />
            <Route path="workflows/*" element={<WorkflowsArea />} />
            <Route path="runs/*" element={<RunsArea />} />
            <Route path="alerts/*" element={<AlertsArea />} />
            <Route path="recommendations/*" element={<RecommendationsArea />} />
            <Route path="compliance/*" element={<ComplianceArea />} />
            <Route path="policy/*" element={<PolicyArea />} />
            <Route path="access/*" element={<AccessArea />} />
            <Route path="schemas/*" element={<SchemasArea />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </ToastProvider>
    </SessionProvider>
  );
}
