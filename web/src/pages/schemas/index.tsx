/** The Event schemas area: the list at /schemas, one schema at /schemas/{name}. */
import { Route, Routes } from 'react-router-dom';
import { SchemaListPage } from './SchemaListPage';
import { SchemaPage } from './SchemaPage';

export default function SchemasArea() {
  return (
    <Routes>
      <Route index element={<SchemaListPage />} />
      <Route path=":name" element={<SchemaPage />} />
    </Routes>
  );
}
