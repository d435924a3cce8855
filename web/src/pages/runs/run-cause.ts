/**
 * What started a run, from its correlation (`automationId`, `eventId`, `clientTrackingId`) and trigger outputs:
 * a workflow automation and the event it matched, a "Trigger logic app" by hand on an event, a resubmission, or a
 * request to the workflow's trigger.
 */
import { parseArmId } from '../../api/arm-id';
import { isObject } from '../../api/json-object';
import type { RunResource } from './run-api';

export type EventKind = 'Alert' | 'Recommendation' | 'Sub-assessment' | 'Regulatory compliance';

export interface RunEvent {
  readonly kind: EventKind;
  readonly id: string;
  /** The alert's or recommendation's display name, when the trigger outputs carry it. */
  readonly title?: string;
  /** Where the UI shows the event. */
  readonly href: string;
}

export interface RunCause {
  readonly kind: 'automation' | 'manual' | 'resubmitted' | 'request';
  /** "Workflow automation high-alerts", "Triggered by hand", … */
  readonly label: string;
  readonly automation?: { readonly id: string; readonly name: string; readonly href: string };
  readonly event?: RunEvent;
  /** For a resubmission: the first run of the chain (its client tracking id). */
  readonly originalRun?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The event kind an id names, by the resource type after its last `/providers/Microsoft.Security/`. */
export function eventKindOf(id: string): EventKind | undefined {
  const lower = id.toLowerCase();
  const at = lower.lastIndexOf('/providers/microsoft.security/');
  if (at < 0) return undefined;
  const path = lower.slice(at);
  if (path.includes('/regulatorycomplianceassessments/')) return 'Regulatory compliance';
  if (path.includes('/subassessments/')) return 'Sub-assessment';
  if (path.includes('/assessments/')) return 'Recommendation';
  if (path.includes('/alerts/')) return 'Alert';
  return undefined;
}

const EVENT_PAGES: Readonly<Record<EventKind, string>> = {
  Alert: '/alerts',
  Recommendation: '/recommendations',
  'Sub-assessment': '/recommendations',
  'Regulatory compliance': '/compliance',
};

/** The page that lists events of the kind, opened on this one. */
export function eventHref(kind: EventKind, id: string): string {
  return `${EVENT_PAGES[kind]}?open=${encodeURIComponent(id)}`;
}

/** The event's display name from the trigger body: flat alerts (v3 schema), ARM alerts, assessments, compliance. */
function eventTitle(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const properties = isObject(body.properties) ? body.properties : {};
  return text(body.AlertDisplayName) ?? text(properties.alertDisplayName) ?? text(properties.displayName) ?? text(properties.description) ?? text(body.displayName);
}

export function runCause(run: RunResource): RunCause {
  const correlation = run.properties.correlation ?? {};
  const body = isObject(run.properties.trigger?.outputs) ? run.properties.trigger.outputs.body : undefined;
  const eventId = text(correlation.eventId);
  const kind = eventId === undefined ? undefined : eventKindOf(eventId);
  const title = eventTitle(body);
  const event: RunEvent | undefined =
    eventId === undefined ? undefined : { kind: kind ?? 'Alert', id: eventId, ...(title === undefined ? {} : { title }), href: eventHref(kind ?? 'Alert', eventId) };
  const automationId = text(correlation.automationId);
  if (automationId !== undefined) {
    const { name, subscriptionId = '' } = parseArmId(automationId);
    return {
      kind: 'automation',
      label: `Workflow automation ${name}`,
      automation: { id: automationId, name, href: `/automations?subscription=${encodeURIComponent(subscriptionId)}` },
      ...(event === undefined ? {} : { event }),
    };
  }
  if (event !== undefined) return { kind: 'manual', label: 'Triggered by hand', event };
  const tracking = text(correlation.clientTrackingId);
  if (tracking !== undefined && tracking.toLowerCase() !== run.name.toLowerCase()) return { kind: 'resubmitted', label: 'Resubmitted', originalRun: tracking };
  return { kind: 'request', label: 'Request to the trigger' };
}
