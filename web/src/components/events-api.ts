/**
 * Security events (alerts, recommendations, regulatory compliance assessments) over the public API: the lists per
 * subscription with the server's filters, one event by id, the workflows that can receive one, "Trigger logic app"
 * (`POST /api{event id}/triggerWorkflow`) and the run it starts.
 */
import { apiPath } from '../api/arm-id';
import { ApiError, api, get, getAll } from '../api/client';
import { listInEachSubscription } from '../api/each-subscription';
import { type WorkflowChoice, listWorkflowChoices } from '../api/workflow-choices';
import { triggerAccepts } from '../api/workflow-trigger';

/** The kinds the pages show (as the server names them in `riposte.kind`). */
export type EventKind = 'Alert' | 'Assessment' | 'RegulatoryComplianceAssessment';

/** `GET /api{event id}` and the list items: the event as a workflow receives it in `properties`. */
export interface SecurityEvent {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: unknown;
  readonly riposte?: { readonly kind: string; readonly version: number; readonly firstSeen: string; readonly lastSeen: string };
}

/** The server's vocabularies (src/events/enums.ts), in the order the portal shows them. */
export const SEVERITY_VALUES = ['High', 'Medium', 'Low', 'Informational'] as const;
export const ALERT_STATUS_VALUES = ['Active', 'InProgress', 'Resolved', 'Dismissed'] as const;
export const ASSESSMENT_STATUS_VALUES = ['Unhealthy', 'Healthy', 'NotApplicable'] as const;
export const COMPLIANCE_STATE_VALUES = ['Failed', 'Passed', 'Skipped', 'Unsupported'] as const;

/** The automation event source whose workflows can receive an event of `kind` (as workflow-trigger.ts names them). */
export const EVENT_SOURCE: Readonly<Record<EventKind, string>> = {
  Alert: 'Alerts',
  Assessment: 'Assessments',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
};

/** What reading an event of `kind` needs (src/auth/event-actions.ts). */
export const READ_ACTION: Readonly<Record<EventKind, string>> = {
  Alert: 'Microsoft.Security/alerts/read',
  Assessment: 'Microsoft.Security/assessments/read',
  RegulatoryComplianceAssessment: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments/read',
};

export const RUN_ACTION = 'Microsoft.Logic/workflows/triggers/run/action';

/** The list route of each kind under `/api/subscriptions/{sub}/providers/Microsoft.Security/`. */
const LIST_PATH: Readonly<Record<EventKind, string>> = {
  Alert: 'alerts',
  Assessment: 'assessments',
  // Not served yet (see RegulatoryComplianceListMissing): the flat list the page asks for, like the other two.
  RegulatoryComplianceAssessment: 'regulatoryComplianceAssessments',
};

export interface ListFilter {
  /** Sent as `severity=` (the server matches the stored severity). */
  readonly severity?: string;
  /** Sent as `status=`. */
  readonly status?: string;
}

/** The server has no list of this kind: it answered "No route matches" (404) for the list path. */
export class ListNotServed extends Error {
  override readonly name = 'ListNotServed';
}

export function listPath(kind: EventKind, subscriptionId: string, filter: ListFilter = {}): string {
  const query = new URLSearchParams({ $top: '1000' });
  if (filter.severity !== undefined) query.set('severity', filter.severity);
  if (filter.status !== undefined) query.set('status', filter.status);
  return `/api/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/${LIST_PATH[kind]}?${query.toString()}`;
}

/**
 * Every event of `kind` in the given subscriptions, newest first. A subscription the user may not list (403) is
 * left out rather than failing the page; a list the server does not serve is `ListNotServed`.
 */
export async function listEvents(kind: EventKind, subscriptionIds: readonly string[], filter: ListFilter = {}): Promise<SecurityEvent[]> {
  try {
    return (await listInEachSubscription(subscriptionIds, (id) => getAll<SecurityEvent>(listPath(kind, id, filter)))).sort(newestFirst);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'NotFound' && error.message.startsWith('No route')) throw new ListNotServed(error.message);
    throw error;
  }
}

function newestFirst(a: SecurityEvent, b: SecurityEvent): number {
  const at = (event: SecurityEvent) => event.riposte?.lastSeen ?? '';
  return at(b).localeCompare(at(a)) || a.id.localeCompare(b.id);
}

export function getEvent(id: string): Promise<SecurityEvent> {
  return get<SecurityEvent>(apiPath(id));
}

export interface TriggeredRun {
  /** The run's name (`…/workflows/{name}/runs/{runId}`). */
  readonly runId: string;
  readonly workflowId: string;
}

/** "Trigger logic app": runs the workflow with the event as its trigger body; answers the new run. */
export function triggerWorkflow(eventId: string, workflowId: string): Promise<TriggeredRun> {
  return api<TriggeredRun>('POST', apiPath(eventId, '/triggerWorkflow'), { workflowId });
}

export type { WorkflowChoice };

/** The subscription's workflows by name. */
export async function listWorkflows(subscriptionId: string): Promise<WorkflowChoice[]> {
  return (await listWorkflowChoices(subscriptionId)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Why a workflow cannot run for an event of `kind` (the server would refuse it), or undefined when it can. */
export function ineligibility(workflow: WorkflowChoice, kind: EventKind): string | undefined {
  if (!triggerAccepts(workflow.trigger.kind, EVENT_SOURCE[kind])) return 'its trigger cannot receive this kind of event';
  if (workflow.state !== 'Enabled') return 'it is disabled';
  return undefined;
}

export interface RunSummary {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly status: string; readonly startTime?: string; readonly endTime?: string; readonly error?: { readonly message?: string } };
}

export function getRun(workflowId: string, runId: string): Promise<RunSummary> {
  return get<RunSummary>(apiPath(workflowId, `/runs/${encodeURIComponent(runId)}`));
}

export const UNFINISHED_RUN = ['Queued', 'Running', 'Waiting'] as const;

export function isUnfinished(status: string): boolean {
  return (UNFINISHED_RUN as readonly string[]).includes(status);
}
