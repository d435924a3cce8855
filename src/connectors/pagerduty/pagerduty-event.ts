/** Builds the Events API v2 event from either input shape: dedup key, severity names and the routing key settled. */
import { createHash } from 'node:crypto';
import { ConnectorInputError } from '../validate-inputs.js';
import {
  type AlertReferenceInputs,
  DEFENDER_SEVERITY,
  type EnqueueInputs,
  type PagerDutySeverity,
  type TriggerInputs,
} from './pagerduty-inputs.js';

export type EventAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: EventAction;
  readonly dedup_key?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly client?: string;
  readonly client_url?: string;
  readonly links?: readonly unknown[];
}

const MAX_DEDUP_KEY = 255;
const MAX_SUMMARY = 1024;
const DEDUP_PREFIX = 'riposte-';

/**
 * The dedup key: the one given, else `riposte-<alertId>` so every event about one Defender alert lands on one
 * PagerDuty alert. An alert id too long for PagerDuty's 255 characters (a long resource id) is hashed instead.
 */
export function dedupKeyFor(given: string | undefined, alertId: string | undefined): string | undefined {
  if (given !== undefined) return given;
  if (alertId === undefined) return undefined;
  const key = DEDUP_PREFIX + alertId;
  return key.length <= MAX_DEDUP_KEY ? key : `${DEDUP_PREFIX}sha256-${createHash('sha256').update(alertId).digest('hex')}`;
}

/** PagerDuty's severity for a PagerDuty or Defender severity name (the schema admits only those). */
export function pagerDutySeverity(severity: string): PagerDutySeverity {
  return DEFENDER_SEVERITY[severity] ?? (severity as PagerDutySeverity);
}

function withoutUndefined(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function summaryOf(summary: string): string {
  return summary.length <= MAX_SUMMARY ? summary : `${summary.slice(0, MAX_SUMMARY - 1)}…`;
}

function event(routingKey: string, action: EventAction, dedupKey: string | undefined, fields: Record<string, unknown>): PagerDutyEvent {
  if (action !== 'trigger' && dedupKey === undefined) {
    throw new ConnectorInputError(`To ${action} an alert, give its 'dedup_key' (or 'dedupKey'), or the 'alertId' it was triggered with.`);
  }
  // The routing key goes last: whatever the workflow sent, events only ever reach the connection's service.
  return withoutUndefined({ ...fields, event_action: action, dedup_key: dedupKey, routing_key: routingKey }) as unknown as PagerDutyEvent;
}

/** From the Events API shape (`POST /v2/enqueue`). */
export function eventFromEnqueue(routingKey: string, inputs: EnqueueInputs): PagerDutyEvent {
  // Only the fields PagerDuty defines are copied, never a workflow's own `routing_key`.
  const { event_action: action, dedup_key, alertId, payload, client, client_url, links } = inputs;
  if (action === 'trigger' && payload === undefined) {
    throw new ConnectorInputError("The input 'body.payload' is required to trigger an alert.");
  }
  const fields = {
    client,
    client_url,
    links,
    ...(action === 'trigger' && payload !== undefined
      ? { payload: { ...payload, summary: summaryOf(payload.summary), severity: pagerDutySeverity(payload.severity) } }
      : {}),
  };
  return event(routingKey, action, dedupKeyFor(dedup_key, alertId), fields);
}

/** From the flat shape of `POST /trigger`. */
export function eventFromTrigger(routingKey: string, inputs: TriggerInputs): PagerDutyEvent {
  const payload = withoutUndefined({
    summary: summaryOf(inputs.summary),
    source: inputs.source,
    severity: pagerDutySeverity(inputs.severity),
    component: inputs.component,
    group: inputs.group,
    class: inputs.class,
    custom_details: inputs.customDetails,
  });
  return event(routingKey, 'trigger', dedupKeyFor(inputs.dedupKey, inputs.alertId), { payload, links: inputs.links });
}

/** From the flat shape of `POST /acknowledge` and `POST /resolve`. */
export function eventFromReference(routingKey: string, action: 'acknowledge' | 'resolve', inputs: AlertReferenceInputs): PagerDutyEvent {
  return event(routingKey, action, dedupKeyFor(inputs.dedupKey, inputs.alertId), {});
}
