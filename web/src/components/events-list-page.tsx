/**
 * The list page shared by Alerts, Recommendations and Regulatory compliance: filters (subscription, severity,
 * status or state, name), the table with the portal's columns for the kind, and the detail pane of the event named
 * by `?open=` (so a detail can be linked to, and Back closes it). Filters live in the URL too.
 */
import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseArmId, sameId } from '../api/arm-id';
import { listSubscriptions } from '../api/subscriptions';
import { useLoad } from '../api/use-load';
import { ActionButton } from './ActionButton';
import { type Column, DataTable } from './DataTable';
import { EmptyState } from './EmptyState';
import { InlineAlert } from './InlineAlert';
import { CountSummary, SearchFilter, SelectFilter, SubscriptionFilter } from './list-filters';
import { LoadError } from './LoadError';
import { PageHeader } from './PageHeader';
import { RefreshButton } from './RefreshButton';
import { StatusBadge } from './StatusBadge';
import { type EventKind, ListNotServed, type SecurityEvent, listEvents } from './events-api';
import { EventDetailPane } from './events-detail-pane';
import { type EventSummary, shortTime, summarize } from './events-fields';
import '../styles/events.css';

export interface EventRow {
  readonly event: SecurityEvent;
  readonly summary: EventSummary;
}

export interface EventListConfig {
  readonly kind: EventKind;
  readonly title: string;
  readonly description: ReactNode;
  /** Singular and plural nouns ("alert", "alerts"). */
  readonly noun: readonly [string, string];
  /** Whether the kind has a severity to filter by. */
  readonly severities?: readonly string[];
  /** "Status" or "State", and its values. */
  readonly statusLabel: string;
  readonly statuses: readonly string[];
  /** `server`: sent as `status=`; `client`: matched here (alerts: an absent status or `New` counts as Active). */
  readonly statusFilter: 'server' | 'client';
  /** The table's columns after the name column; `name` renders the button that opens the detail. */
  readonly columns: (name: (row: EventRow) => ReactNode) => readonly Column<EventRow>[];
  /** What to do when there are none at all. */
  readonly empty: ReactNode;
  /** What to say when the server does not serve the list (instead of an error). */
  readonly notServed?: ReactNode;
}

const ALL = '';

interface Listed {
  readonly events: readonly SecurityEvent[];
  /** The server has no list of this kind. */
  readonly notServed?: boolean;
}

export function EventListPage({ config }: { readonly config: EventListConfig }) {
  const { kind, noun } = config;
  const [params, setParams] = useSearchParams();
  const selected = params.get('subscription') ?? ALL;
  const severity = params.get('severity') ?? ALL;
  const status = params.get('status') ?? ALL;
  const openId = params.get('open') ?? undefined;
  const [nameFilter, setNameFilter] = useState('');
  const filterId = useId();

  const setParam = (name: string, value: string | undefined, replace = true) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === ALL) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace });
  };

  const subscriptions = useLoad(listSubscriptions, []);
  const shownIds = (subscriptions.data ?? [])
    .filter((subscription) => selected === ALL || sameId(subscription.subscriptionId, selected))
    .map((subscription) => subscription.subscriptionId)
    .join(',');
  const serverStatus = config.statusFilter === 'server' && status !== ALL ? status : undefined;
  const loaded = useLoad(
    () =>
      subscriptions.data === undefined || shownIds === ''
        ? Promise.resolve<Listed>({ events: [] })
        : listEvents(kind, shownIds.split(','), { ...(severity === ALL ? {} : { severity }), ...(serverStatus === undefined ? {} : { status: serverStatus }) }).then(
            (found): Listed => ({ events: found }),
            (error: unknown): Listed => {
              if (error instanceof ListNotServed && config.notServed !== undefined) return { events: [], notServed: true };
              throw error;
            },
          ),
    [kind, subscriptions.data, shownIds, severity, serverStatus],
  );
  const events = { ...loaded, data: loaded.data?.events };
  const notServed = loaded.data?.notServed === true;

  const rows = useMemo(() => (events.data ?? []).map((event) => ({ event, summary: summarize(kind, event) })), [events.data, kind]);
  const wanted = nameFilter.trim().toLowerCase();
  const filtered = rows.filter(
    (row) =>
      (config.statusFilter === 'server' || status === ALL || row.summary.status.toLowerCase() === status.toLowerCase()) &&
      (wanted === '' || row.summary.title.toLowerCase().includes(wanted) || (row.summary.resourceId ?? '').toLowerCase().includes(wanted)),
  );
  const filtering = wanted !== '' || severity !== ALL || status !== ALL;
  const openRow = openId === undefined ? undefined : rows.find((row) => sameId(row.event.id, openId));

  const name = (row: EventRow) => (
    <button type="button" className="link-button events-open" onClick={() => setParam('open', row.event.id, false)} aria-haspopup="dialog">
      {row.summary.title}
    </button>
  );
  const columns = config.columns(name);

  return (
    <>
      <PageHeader title={config.title} description={config.description}>
        <RefreshButton loads={[subscriptions, events]} shows={events} />
      </PageHeader>

      <div className="filters" role="search" aria-label={`Filter ${noun[1]}`}>
        <SubscriptionFilter id={`${filterId}-subscription`} value={selected} subscriptions={subscriptions.data} onChange={(value) => setParam('subscription', value)} />
        {config.severities === undefined ? null : (
          <SelectFilter
            id={`${filterId}-severity`}
            label="Severity"
            value={severity}
            all="All severities"
            options={config.severities.map((value) => ({ value, label: value }))}
            narrow
            onChange={(value) => setParam('severity', value)}
          />
        )}
        <SelectFilter
          id={`${filterId}-status`}
          label={config.statusLabel}
          value={status}
          all={`All ${plural(config.statusLabel.toLowerCase())}`}
          options={config.statuses.map((value) => ({ value, label: spaced(value) }))}
          narrow
          onChange={(value) => setParam('status', value)}
        />
        <SearchFilter id={`${filterId}-name`} label="Name or resource" placeholder="Filter by name or resource" value={nameFilter} onChange={setNameFilter} />
        {events.data === undefined || notServed ? null : <CountSummary count={filtered.length} noun={noun[0]} plural={noun[1]} />}
      </div>

      <LoadError what="list subscriptions" error={subscriptions.error} />
      {subscriptions.data !== undefined && subscriptions.data.length === 0 ? (
        <EmptyState title="No subscriptions yet">
          <p>
            A subscription appears when an event, workflow or automation first names it. Post {noun[1]} with <code>POST /api/events</code> (see the Event schemas page
            for their shape) and they are listed here.
          </p>
        </EmptyState>
      ) : notServed ? (
        <NotServed kind={kind} onOpen={(id) => setParam('open', id, false)}>
          {config.notServed}
        </NotServed>
      ) : (
        <DataTable
          label={config.title}
          columns={columns}
          rows={filtered}
          rowKey={(row) => row.event.id}
          loading={subscriptions.loading || events.loading}
          {...(events.error === undefined ? {} : { error: `Could not list ${noun[1]}: ${events.error}` })}
          empty={
            filtering ? (
              <EmptyState title={`No ${noun[1]} match the filters`}>
                <p>
                  {(events.data ?? []).length > 0
                    ? `Clear the filters to see all ${events.data?.length} ${noun[1]}.`
                    : `Choose another severity or ${config.statusLabel.toLowerCase()}, or clear the filters.`}
                </p>
              </EmptyState>
            ) : (
              <EmptyState title={`No ${noun[1]} yet`}>{config.empty}</EmptyState>
            )
          }
        />
      )}

      {openId === undefined || subscriptions.data === undefined ? null : (
        <EventDetailPane
          key={openId}
          kind={kind}
          id={openId}
          {...(openRow === undefined ? {} : { initial: openRow.event })}
          subscriptions={subscriptions.data}
          onClose={() => setParam('open', undefined)}
        />
      )}
    </>
  );
}

function plural(word: string): string {
  return word.endsWith('s') ? `${word}es` : `${word}s`;
}

/** "NotApplicable" → "Not applicable", "InProgress" → "In progress". */
export function spaced(value: string): string {
  const words = value.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ');
  return words.map((word, index) => (index === 0 ? word : word.toLowerCase())).join(' ');
}

/** The affected resource: its name, with the resource group below; the whole id on hover. */
export function ResourceCell({ id }: { readonly id: string | undefined }) {
  if (id === undefined) return <span className="muted">—</span>;
  const { name, resourceGroup, subscriptionId } = parseArmId(id);
  return (
    <div className="cell-stack" title={id}>
      <span>{name}</span>
      <span className="cell-secondary">{resourceGroup === undefined ? `subscription ${subscriptionId ?? ''}` : resourceGroup}</span>
    </div>
  );
}

export function SeverityCell({ severity }: { readonly severity: string | undefined }) {
  return severity === undefined ? <span className="muted">—</span> : <StatusBadge status={severity} />;
}

export function StatusCell({ status }: { readonly status: string }) {
  return <StatusBadge status={status} label={spaced(status)} />;
}

export function TimeCell({ time }: { readonly time: string | undefined }) {
  return time === undefined ? <span className="muted">—</span> : <time dateTime={time}>{shortTime(time)}</time>;
}

/** When the server has no list of this kind: say so, and still let one be opened by its id. */
function NotServed({ kind, onOpen, children }: { readonly kind: EventKind; readonly onOpen: (id: string) => void; readonly children: ReactNode }) {
  const [id, setId] = useState('');
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim() !== '') onOpen(id.trim());
  };
  return (
    <div className="card events-not-served">
      <InlineAlert kind="info" title="This server cannot list them yet">
        {children}
      </InlineAlert>
      <form className="events-open-by-id" onSubmit={submit} aria-label="Open by id">
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {kind === 'RegulatoryComplianceAssessment' ? 'Assessment id' : 'Event id'}
          </label>
          <input
            id={inputId}
            className="input"
            value={id}
            placeholder="/subscriptions/{id}/providers/Microsoft.Security/regulatoryComplianceStandards/{standard}/regulatoryComplianceControls/{control}/regulatoryComplianceAssessments/{name}"
            onChange={(event) => setId(event.target.value)}
          />
        </div>
        <ActionButton type="submit" disabled={id.trim() === ''}>
          Open
        </ActionButton>
      </form>
    </div>
  );
}
