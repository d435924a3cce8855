/**
 * The Runs area: `/runs` (run history, `?workflow=<workflow id>` for one workflow) and
 * `/runs/{subscription}/{resource group}/{workflow}/{run}` (one run; build links with `runPath` from run-links.ts).
 * `/runs?workflow=<workflow id>&run=<run name>` goes to that run's page.
 */
import { Navigate, Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { NotFound } from '../NotFound';
import { RunDetailPage } from './RunDetailPage';
import { RunListPage } from './RunListPage';
import { runPath } from './run-links';

export default function RunsArea() {
  return (
    <Routes>
      <Route index element={<RunListRoute />} />
      <Route path=":sub/:rg/:workflow/:run" element={<RunDetailRoute />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** A fresh page per run, so nothing of the previous run (its pane, its data) shows while the next one loads. */
function RunDetailRoute() {
  const { sub, rg, workflow, run } = useParams();
  return <RunDetailPage key={[sub, rg, workflow, run].join('/')} />;
}

/** The run history, or the page of the run named by `?workflow=…&run=…`. */
function RunListRoute() {
  const [params] = useSearchParams();
  const workflow = params.get('workflow');
  const run = params.get('run');
  if (workflow !== null && run !== null && run !== '') return <Navigate to={runPath(workflow, run)} replace />;
  return <RunListPage />;
}
