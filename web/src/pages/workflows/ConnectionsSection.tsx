/**
 * The connections a workflow uses (`$connections`): for each connector key, the connection it points at with that
 * connection's status, and a picker to point it at another connection of the same API (saved with the workflow).
 */
import { parseArmId } from '../../api/arm-id';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { StatusBadge } from '../../components/StatusBadge';
import { ConnectionPicker } from './ConnectionPicker';
import { type ConnectionResource, getConnection, listConnections } from './workflow-api';
import { type ConnectionReference, apiNameOf } from './workflow-draft';

/** Defender connectors' triggers are started by Riposte itself: no connection behind them is needed. */
const BUILT_IN = new Set(['ascalert', 'ascassessment']);

interface ConnectionsSectionProps {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** Keys of `$connections` the definition reads, and those stored. */
  readonly keys: readonly string[];
  readonly value: Readonly<Record<string, ConnectionReference>>;
  readonly onChange: (key: string, reference: ConnectionReference) => void;
  readonly readOnly: boolean;
  /** Why it is read only (the user's missing permission), shown on the disabled buttons. */
  readonly readOnlyReason?: string;
}

export function ConnectionsSection({ subscriptionId, resourceGroup, keys, value, onChange, readOnly, readOnlyReason }: ConnectionsSectionProps) {
  const connections = useLoad(() => listConnections(subscriptionId), [subscriptionId]);
  const external = keys.filter((key) => !BUILT_IN.has(key.toLowerCase()));
  const builtIn = keys.filter((key) => BUILT_IN.has(key.toLowerCase()));
  if (keys.length === 0) {
    return <p className="muted">This workflow calls no connector, so it needs no connection. Actions of type ApiConnection name theirs in <code>$connections</code>.</p>;
  }
  return (
    <div className="wf-connections">
      {connections.error === undefined ? null : <p className="field-error">{`Could not list this subscription's connections: ${connections.error}`}</p>}
      {external.map((key) => {
        const reference = value[key];
        const apiName = apiNameOf(key, reference);
        return (
          <div key={key} className="wf-connection-row">
            <ConnectionStatus reference={reference} listed={connections.data} />
            <ConnectionPicker
              connector={key}
              apiName={apiName}
              connections={connections.data ?? []}
              loading={connections.loading}
              value={reference?.connectionId ?? ''}
              disabled={readOnly}
              {...(readOnlyReason === undefined ? {} : { disabledReason: readOnlyReason })}
              createIn={{ subscriptionId, resourceGroup }}
              onChange={(id) => {
                const chosen = (connections.data ?? []).find((connection) => connection.id === id);
                onChange(key, { ...reference, connectionId: id, connectionName: chosen?.name ?? parseArmId(id).name, id: reference?.id ?? `/providers/Microsoft.Web/managedApis/${apiName}` });
              }}
              onCreated={(connection) => {
                connections.reload();
                onChange(key, { ...reference, connectionId: connection.id, connectionName: connection.name, id: reference?.id ?? `/providers/Microsoft.Web/managedApis/${apiName}` });
              }}
            />
          </div>
        );
      })}
      {builtIn.length === 0 ? null : (
        <p className="field-hint">
          {builtIn.join(', ')}: the Defender for Cloud trigger&apos;s connector. Riposte delivers Defender events itself, so no connection is needed.
        </p>
      )}
    </div>
  );
}

/** The status of the connection a key points at: from the subscription's list, else read on its own (another subscription). */
function ConnectionStatus({ reference, listed }: { readonly reference: ConnectionReference | undefined; readonly listed: readonly ConnectionResource[] | undefined }) {
  const id = reference?.connectionId;
  const inList = id === undefined ? undefined : listed?.find((connection) => connection.id.toLowerCase() === id.toLowerCase());
  const single = useLoad(async (): Promise<ConnectionResource | 'missing' | 'forbidden' | undefined> => {
    if (id === undefined || listed === undefined || inList !== undefined) return undefined;
    try {
      return await getConnection(id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return 'missing';
      if (error instanceof ApiError && error.status === 403) return 'forbidden';
      throw error;
    }
  }, [id, listed === undefined, inList === undefined]);
  if (id === undefined) return <StatusBadge status="Failed" label="No connection set" />;
  const connection = inList ?? (typeof single.data === 'object' ? single.data : undefined);
  if (single.data === 'missing') return <StatusBadge status="Failed" label="Connection not found" />;
  if (single.data === 'forbidden') return <StatusBadge status="Disabled" label="No access to the connection" />;
  if (connection === undefined) return <StatusBadge status="Waiting" label="Checking…" />;
  const status = connection.properties.overallStatus ?? 'Unknown';
  const message = connection.properties.statuses?.find((item) => item.message !== undefined)?.message;
  return (
    <span className="wf-connection-status" title={message}>
      <StatusBadge status={status === 'Connected' ? 'Succeeded' : status === 'Error' ? 'Failed' : 'Skipped'} label={`${connection.name}: ${status}`} />
    </span>
  );
}
