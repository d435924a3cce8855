/** A plain, accessible table with loading, error and empty states. */
import type { ReactNode } from 'react';
import { InlineAlert } from './InlineAlert';

export interface Column<T> {
  readonly key: string;
  readonly header: ReactNode;
  readonly render: (row: T) => ReactNode;
  /** Extra class for the column's cells (`cell-actions`, `cell-nowrap`, …). */
  readonly className?: string;
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  readonly label: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly loading?: boolean;
  readonly error?: string;
  /** Shown instead of the rows when there are none (say what to do next). */
  readonly empty?: ReactNode;
}

export function DataTable<T>({ label, columns, rows, rowKey, loading = false, error, empty }: DataTableProps<T>) {
  return (
    <div className="table-wrap">
      {error === undefined ? null : <InlineAlert kind="error">{error}</InlineAlert>}
      <table className="data-table" aria-label={label} aria-busy={loading || undefined}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {loading && rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-message">
                <span className="spinner" aria-hidden="true" /> Loading…
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.className}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && error === undefined && rows.length === 0 ? empty : null}
    </div>
  );
}
