/** The Workflows area: the list, the template gallery, and one page per workflow. */
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../NotFound';
import { TemplateGalleryPage } from './TemplateGalleryPage';
import { WorkflowDetailPage } from './WorkflowDetailPage';
import { WorkflowListPage } from './WorkflowListPage';

export default function WorkflowsArea() {
  return (
    <Routes>
      <Route index element={<WorkflowListPage />} />
      <Route path="gallery" element={<TemplateGalleryPage />} />
      <Route path=":sub/:rg/:name" element={<WorkflowDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
