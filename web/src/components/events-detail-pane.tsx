/**
 * The detail pane of an alert, recommendation or compliance assessment: its main fields, Trigger workflow, and the
 * raw event as a workflow receives it (collapsed). The event is read again by id (`GET /api{id}`) so the pane shows
 * the current version; the list's copy fills it meanwhile.
 */
import { useId } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { type Check, deniedReason } from '../api/permissions';
import type { Subscription } from '../api/subscriptions';
import { useLoad } from '../api/use-load';
import { InlineAlert } from './InlineAlert';
import { SidePane } from './SidePane';
import { StatusBadge } from './StatusBadge';
import { type EventKind, READ_ACTION, type SecurityEvent, getEvent } from './events-api';
import { summarize } from './events-fields';
import { JsonView } from './events-json';
import { TriggerWorkflow } from './events-trigger';

const KIND_LABEL: Readonly<Record<EventKind, string>> = {
  Alert: 'Security alert',
  Assessment: 'Recommendation',
  RegulatoryComplianceAssessment: 'Regulatory compliance assessment',
};

export interface EventDetailPaneProps {
  readonly kind: EventKind;
  readonly id: string;
  /** The list's copy, shown until the event is read. */
  readonly initial?: SecurityEvent;
  readonly subscriptions: readonly Subscription[];
  readonly onClose: () => void;
}

export function EventDetailPane({ kind, id, initial, subscriptions, onClose }: EventDetailPaneProps) {
  // The failure is kept as thrown (not only its message): a 403 is the reason Run is disabled.
  const loaded = useLoad(() => getEvent(id).then((found): Read => ({ event: found }), (error: unknown): Read => ({ error })), [id]);
  const read = loaded.data?.event;
  const event = read ?? initial;
  const failure = loaded.data?.error === undefined ? loaded.error : errorMessage(loaded.data.error);
  const readCheck = readCheckOf(kind, id, loaded.loading && loaded.data === undefined, read !== undefined, loaded.data?.error);
  const summary = event === undefined ? undefined : summarize(kind, event);
  const triggerId = useId();
  const showTrigger = event !== undefined || failure !== undefined;
  // The pane focuses its first control on opening: this one, at the top, so the fields are in view first.
  const goToTrigger = () => document.getElementById(triggerId)?.querySelector<HTMLElement>('[data-trigger-workflow]')?.focus();

  return (
    <SidePane title={summary?.title ?? KIND_LABEL[kind]} subtitle={KIND_LABEL[kind]} onClose={onClose}>
      <div className="events-detail">
        {failure === undefined ? null : <InlineAlert kind="error" title={`Could not read this ${KIND_LABEL[kind].toLowerCase()}`}>{failure}</InlineAlert>}
        {summary === undefined ? (
          loaded.loading ? (
            <p className="muted">
              <span className="spinner" aria-hidden="true" /> Loading…
            </p>
          ) : null
        ) : (
          <>
            <div className="events-pane-top">
              <div className="events-badges">
                {summary.severity === undefined ? null : <StatusBadge status={summary.severity} label={`${summary.severity} severity`} />}
                <StatusBadge status={summary.status} />
              </div>
              {showTrigger ? (
                <button type="button" className="button button-subtle" onClick={goToTrigger}>
                  Go to Trigger workflow
                </button>
              ) : null}
            </div>
            {summary.description === undefined || kind === 'RegulatoryComplianceAssessment' ? null : <p className="events-description">{summary.description}</p>}
            <dl className="events-fields">
              {summary.details.map((item) => (
                <div key={item.label} className="events-field">
                  <dt>{item.label}</dt>
                  <dd className={item.code === true ? 'events-code' : undefined}>{item.value}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {showTrigger ? (
          <div id={triggerId}>
            <TriggerWorkflow kind={kind} eventId={id} readCheck={readCheck} subscriptions={subscriptions} />
          </div>
        ) : null}
        {event === undefined ? null : (
          <details className="events-raw">
            <summary>Raw JSON (what a workflow receives as the trigger body)</summary>
            <JsonView value={event} label="The event as JSON" />
          </details>
        )}
      </div>
    </SidePane>
  );
}

type Read = { readonly event: SecurityEvent; readonly error?: undefined } | { readonly event?: undefined; readonly error: unknown };

/**
 * Read on the event, which running a workflow with it also needs: allowed once the event was read by its id (the
 * server checked exactly that), denied with the reason when it refused. The permissions API cannot be asked at
 * every event id (a recommendation's id nests a second `/providers/` segment), so the read itself is the check.
 */
function readCheckOf(kind: EventKind, id: string, loading: boolean, read: boolean, error: unknown): Check {
  if (read) return { state: 'allowed' };
  if (loading) return { state: 'checking', reason: 'Reading the event…' };
  if (error instanceof ApiError && error.status === 403) return { state: 'denied', reason: deniedReason(READ_ACTION[kind], [id]) };
  return { state: 'denied', reason: `Could not read the event: ${errorMessage(error)}` };
}
