/**
 * The pane for one action of a run (or its trigger): status and times, the error, each retry, loop repetitions,
 * inputs, outputs and tracked properties. Secret values arrive already redacted by the server and are shown as sent.
 */
import { ActionButton } from '../../components/ActionButton';
import { InlineAlert } from '../../components/InlineAlert';
import { SidePane } from '../../components/SidePane';
import { StatusBadge } from '../../components/StatusBadge';
import type { Outline, OutlineItem } from './definition-outline';
import { Fact } from './RunFact';
import type { ActionProperties, Repetition, RetryAttempt, RunAction, RunError, RunResource } from './run-api';
import { durationBetween, formatTime } from './run-format';

export type Selection =
  | { readonly kind: 'trigger'; readonly name: string }
  | { readonly kind: 'action'; readonly action: RunAction }
  /** An action of the definition the run has no result for (not run yet, or a container still running). */
  | { readonly kind: 'pending'; readonly name: string };

export interface ActionDetailPaneProps {
  readonly selection: Selection;
  readonly run: RunResource;
  readonly outline: Outline;
  /** The trigger and actions in the order the run page lists them, for Previous and Next. */
  readonly order: readonly string[];
  readonly onSelect: (name: string) => void;
  readonly onClose: () => void;
}

export function ActionDetailPane({ selection, run, outline, order, onSelect, onClose }: ActionDetailPaneProps) {
  const name = selection.kind === 'action' ? selection.action.name : selection.name;
  const item = outline.actions.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  // One pane whatever is shown, so Previous and Next keep it (and the focus in it) in place.
  const subtitle =
    selection.kind === 'trigger'
      ? `Trigger${outline.trigger?.type ? ` · ${outline.trigger.type}` : ''}`
      : selection.kind === 'pending'
        ? (item?.type ?? 'Action')
        : `${selection.action.properties.type ?? item?.type ?? 'Action'} · ${selection.action.properties.status}`;
  return (
    <SidePane title={name} subtitle={subtitle} onClose={onClose} footer={<ActionButton onClick={onClose}>Close</ActionButton>}>
      <PaneNav name={name} order={order} onSelect={onSelect} />
      {selection.kind === 'trigger' ? (
        <>
          <dl className="runs-facts runs-facts-pane">
            <Fact label="Status">
              <StatusBadge status="Succeeded" />
            </Fact>
            <Fact label="Fired">{formatTime(run.properties.createdTime)}</Fact>
          </dl>
          <JsonSection title="Outputs" value={run.properties.trigger?.outputs} empty="The trigger has no outputs." />
        </>
      ) : selection.kind === 'pending' ? (
        <>
          <p className="muted">This action has no result in this run yet: it has not run, or it is a container that is still running.</p>
          <TrackedSection declared={item?.trackedProperties} recorded={undefined} />
        </>
      ) : (
        <ActionBody properties={selection.action.properties} item={item} />
      )}
    </SidePane>
  );
}

function ActionBody({ properties, item }: { readonly properties: ActionProperties; readonly item: OutlineItem | undefined }) {
  return (
    <>
      <dl className="runs-facts runs-facts-pane">
        <Fact label="Status">
          <StatusBadge status={properties.status} />
        </Fact>
        <Fact label="Start">{formatTime(properties.startTime)}</Fact>
        <Fact label="End">{formatTime(properties.endTime)}</Fact>
        <Fact label="Duration">{durationBetween(properties.startTime, properties.endTime) ?? '—'}</Fact>
        {properties.code === undefined ? null : (
          <Fact label="Code">
            <span className="runs-mono">{properties.code}</span>
          </Fact>
        )}
        {item?.parent === undefined ? null : <Fact label="Inside">{item.branch === undefined ? item.parent : `${item.parent} (${item.branch})`}</Fact>}
      </dl>
      <ErrorView error={properties.error} />
      <RetrySection history={properties.retryHistory} />
      {properties.repetitions === undefined ? null : <RepetitionSection repetitions={properties.repetitions} />}
      <JsonSection title="Inputs" value={properties.inputs} empty="No inputs were recorded." />
      <JsonSection title="Outputs" value={properties.outputs} empty="No outputs were recorded." />
      <TrackedSection declared={item?.trackedProperties} recorded={properties.trackedProperties} />
    </>
  );
}

/** Previous and next action, so the run can be read action by action without closing the pane. */
function PaneNav({ name, order, onSelect }: { readonly name: string; readonly order: readonly string[]; readonly onSelect: (name: string) => void }) {
  const index = order.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const previous = index > 0 ? order[index - 1] : undefined;
  const next = index >= 0 && index < order.length - 1 ? order[index + 1] : undefined;
  return (
    <nav className="runs-pane-nav" aria-label="Actions of the run">
      <button type="button" className="button button-subtle" disabled={previous === undefined} onClick={() => previous !== undefined && onSelect(previous)}>
        ‹ {previous === undefined ? 'Previous' : `Previous: ${previous}`}
      </button>
      <span className="muted small">{index < 0 ? '' : `${index + 1} of ${order.length}`}</span>
      <button type="button" className="button button-subtle" disabled={next === undefined} onClick={() => next !== undefined && onSelect(next)}>
        {next === undefined ? 'Next' : `Next: ${next}`} ›
      </button>
    </nav>
  );
}

function ErrorView({ error }: { readonly error: RunError | undefined }) {
  if (error === undefined) return null;
  return (
    <InlineAlert kind="error" title={error.code ?? 'Error'}>
      {error.message ?? JSON.stringify(error)}
    </InlineAlert>
  );
}

function RetrySection({ history }: { readonly history: readonly RetryAttempt[] | undefined }) {
  return (
    <section className="runs-pane-section" aria-label="Retry history">
      <h3>Retry history</h3>
      {history === undefined || history.length === 0 ? (
        <p className="muted">No retries.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Retry history">
            <thead>
              <tr>
                <th scope="col">Try</th>
                <th scope="col">Start</th>
                <th scope="col">Duration</th>
                <th scope="col">Code</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {history.map((attempt, index) => (
                <tr key={index}>
                  <td>{index + 1}</td>
                  <td className="cell-nowrap">{formatTime(attempt.startTime)}</td>
                  <td className="cell-nowrap">{durationBetween(attempt.startTime, attempt.endTime) ?? '—'}</td>
                  <td className="runs-mono">{attempt.code ?? '—'}</td>
                  <td className="runs-break">{attempt.error?.message ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function iterationLabel(repetition: Repetition, index: number): string {
  const path = repetition.iteration ?? [];
  return path.length === 0 ? `#${index + 1}` : path.map((step) => `${step.loop}[${step.index}]`).join(' / ');
}

function RepetitionSection({ repetitions }: { readonly repetitions: readonly Repetition[] }) {
  return (
    <section className="runs-pane-section" aria-label="Repetitions">
      <h3>Repetitions ({repetitions.length})</h3>
      <ol className="runs-repetitions">
        {repetitions.map((repetition, index) => (
          <li key={index}>
            <details>
              <summary>
                <span className="runs-mono">{iterationLabel(repetition, index)}</span> <StatusBadge status={repetition.status} />{' '}
                <span className="muted">{durationBetween(repetition.startTime, repetition.endTime) ?? ''}</span>
              </summary>
              <ErrorView error={repetition.error} />
              <RetrySection history={repetition.retryHistory} />
              <JsonSection title="Inputs" value={repetition.inputs} empty="No inputs were recorded." />
              <JsonSection title="Outputs" value={repetition.outputs} empty="No outputs were recorded." />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}

function JsonSection({ title, value, empty }: { readonly title: string; readonly value: unknown; readonly empty: string }) {
  return (
    <section className="runs-pane-section" aria-label={title}>
      <h3>{title}</h3>
      {value === undefined ? <p className="muted">{empty}</p> : <pre className="runs-json" tabIndex={0}>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>}
    </section>
  );
}

/** The values the server recorded, else what the definition declares (the expressions, not yet evaluated). */
function TrackedSection({ declared, recorded }: { readonly declared: unknown; readonly recorded: unknown }) {
  if (recorded !== undefined) return <JsonSection title="Tracked properties" value={recorded} empty="" />;
  return (
    <section className="runs-pane-section" aria-label="Tracked properties">
      <h3>Tracked properties</h3>
      {declared === undefined ? (
        <p className="muted">None declared for this action.</p>
      ) : (
        <>
          <p className="muted small">Declared in the definition; the run record does not hold their values.</p>
          <pre className="runs-json" tabIndex={0}>
            {JSON.stringify(declared, null, 2)}
          </pre>
        </>
      )}
    </section>
  );
}
