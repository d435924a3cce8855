/** A run's actions in definition order (nested ones indented under their container), each opening its details. */
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { StatusBadge } from '../../components/StatusBadge';
import type { Outline } from './definition-outline';
import type { RunAction } from './run-api';
import { durationBetween, formatTime } from './run-format';

interface Row {
  readonly name: string;
  readonly type: string;
  readonly depth: number;
  readonly container?: string;
  readonly action?: RunAction;
}

/** The definition's actions with the run's results; results for actions the definition no longer has come last. */
function rowsOf(actions: readonly RunAction[], outline: Outline): Row[] {
  const byName = new Map(actions.map((action) => [action.name.toLowerCase(), action]));
  const rows: Row[] = outline.actions.map((item) => {
    const action = byName.get(item.name.toLowerCase());
    byName.delete(item.name.toLowerCase());
    const container = item.parent === undefined ? undefined : item.branch === undefined ? item.parent : `${item.parent}, ${item.branch}`;
    return { name: item.name, type: item.type, depth: item.depth, ...(container === undefined ? {} : { container }), ...(action === undefined ? {} : { action }) };
  });
  for (const action of byName.values()) rows.push({ name: action.name, type: action.properties.type ?? '', depth: 0, action });
  return rows;
}

export interface RunActionsTableProps {
  readonly actions: readonly RunAction[];
  readonly outline: Outline;
  readonly loading: boolean;
  readonly error?: string;
  /** The run is still going: actions without a result have not run yet. */
  readonly active: boolean;
  readonly onOpen: (name: string) => void;
}

export function RunActionsTable({ actions, outline, loading, error, active, onOpen }: RunActionsTableProps) {
  const rows = rowsOf(actions, outline);
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: 'Action',
      render: (row) => (
        <div className="cell-stack runs-action-name" style={{ paddingLeft: `${row.depth * 18}px` }}>
          <button type="button" className="link-button runs-link-button runs-break" onClick={() => onOpen(row.name)} aria-label={`${row.name}: details`}>
            {row.name}
          </button>
          <span className="cell-secondary">
            {row.type}
            {row.container === undefined ? null : ` · in ${row.container}`}
          </span>
        </div>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      className: 'cell-nowrap',
      render: (row) => (row.action === undefined ? <span className="muted">{active ? 'Not run yet' : 'No result'}</span> : <StatusBadge status={row.action.properties.status} />),
    },
    { key: 'start', header: 'Start', className: 'cell-nowrap', render: (row) => (row.action?.properties.startTime === undefined ? '—' : formatTime(row.action.properties.startTime)) },
    {
      key: 'duration',
      header: 'Duration',
      className: 'cell-nowrap',
      render: (row) => durationBetween(row.action?.properties.startTime, row.action?.properties.endTime) ?? '—',
    },
    {
      key: 'tries',
      header: 'Retries',
      className: 'cell-nowrap',
      render: (row) => {
        const retries = row.action?.properties.retryHistory?.length ?? 0;
        const repetitions = row.action?.properties.repetitionCount ?? row.action?.properties.repetitions?.length;
        return (
          <>
            {retries === 0 ? <span className="muted">0</span> : retries}
            {repetitions === undefined ? null : <span className="cell-secondary"> · {repetitions} repetition{repetitions === 1 ? '' : 's'}</span>}
          </>
        );
      },
    },
  ];
  return (
    <DataTable
      label="Actions of the run"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.name}
      loading={loading}
      {...(error === undefined ? {} : { error: `Could not read the run's actions: ${error}` })}
      empty={
        <EmptyState title={active ? 'No action has finished yet' : 'This workflow has no actions'}>
          <p>{active ? 'Actions appear here as they finish; the page updates when the run ends.' : 'Add actions to the workflow on the Workflows page, then resubmit this run.'}</p>
        </EmptyState>
      }
    />
  );
}
