/**
 * The fields the pages show, read from an event as a workflow receives it: alerts are flat (`AlertDisplayName`,
 * `Severity`, …), recommendations and compliance assessments ARM-shaped (`properties.status.code`, …). Events are
 * validated by the server, but every read is defensive: a missing field shows as absent, never as a crash.
 */
import { isObject } from '../api/json-object';
import type { EventKind, SecurityEvent } from './events-api';

/** The value at `path` (keys matched case-insensitively, as senders disagree on case). */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    const found = key in current ? key : Object.keys(current).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    current = found === undefined ? undefined : current[found];
  }
  return current;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** One row of the detail pane's field list. */
export interface Detail {
  readonly label: string;
  readonly value: string;
  /** Shown in a monospace font and allowed to break anywhere (ids). */
  readonly code?: boolean;
}

export interface EventSummary {
  readonly kind: EventKind;
  readonly title: string;
  readonly severity?: string;
  /** Alert status, recommendation status code or compliance state. */
  readonly status: string;
  /** The affected resource's id (alerts, recommendations). */
  readonly resourceId?: string;
  /** When the alert started (alerts) or when the status last changed (recommendations). */
  readonly time?: string;
  readonly standard?: string;
  readonly control?: string;
  readonly description?: string;
  readonly details: readonly Detail[];
}

const detail = (label: string, value: unknown, code = false): Detail[] => {
  const shown = Array.isArray(value) ? value.map(text).filter((item) => item !== undefined).join('\n') : text(value);
  return shown === undefined || shown === '' ? [] : [{ label, value: shown, ...(code ? { code } : {}) }];
};

/** The status an alert counts as: absent and `New` (workflow-automation spelling) are `Active`, as the server treats them. */
export function alertStatus(properties: unknown): string {
  const status = text(at(properties, 'Status'));
  return status === undefined || status.toLowerCase() === 'new' ? 'Active' : status;
}

function summarizeAlert(event: SecurityEvent): EventSummary {
  const p = event.properties;
  const resourceId = text(at(p, 'AzureResourceId'));
  const time = text(at(p, 'StartTimeUtc')) ?? text(at(p, 'TimeGenerated'));
  const severity = text(at(p, 'Severity'));
  const description = text(at(p, 'Description'));
  return {
    kind: 'Alert',
    title: text(at(p, 'AlertDisplayName')) ?? event.name,
    ...(severity === undefined ? {} : { severity }),
    status: alertStatus(p),
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(time === undefined ? {} : { time }),
    ...(description === undefined ? {} : { description }),
    details: [
      ...detail('Severity', severity),
      ...detail('Status', alertStatus(p)),
      ...detail('Affected resource', resourceId, true),
      ...detail('Compromised entity', at(p, 'CompromisedEntity')),
      ...detail('Start time (UTC)', at(p, 'StartTimeUtc')),
      ...detail('End time (UTC)', at(p, 'EndTimeUtc')),
      ...detail('Alert type', at(p, 'AlertType')),
      ...detail('MITRE ATT&CK tactic', at(p, 'Intent')),
      ...detail('Product', at(p, 'ProductName')),
      ...detail('Remediation steps', at(p, 'RemediationSteps')),
      ...detail('Alert id', at(p, 'SystemAlertId'), true),
    ],
  };
}

function summarizeAssessment(event: SecurityEvent): EventSummary {
  const p = event.properties;
  // Sub-assessments (findings, linked from their runs) carry their severity in `status`.
  const severity = text(at(p, 'metadata', 'severity')) ?? text(at(p, 'status', 'severity'));
  const status = text(at(p, 'status', 'code')) ?? 'Unknown';
  const resourceId = text(at(p, 'resourceDetails', 'id')) ?? text(at(p, 'resourceDetails', 'ResourceId'));
  const time = text(at(p, 'status', 'statusChangeDate')) ?? text(at(p, 'timeGenerated'));
  const description = text(at(p, 'metadata', 'description'));
  return {
    kind: 'Assessment',
    title: text(at(p, 'displayName')) ?? text(at(p, 'metadata', 'displayName')) ?? event.name,
    ...(severity === undefined ? {} : { severity }),
    status,
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(time === undefined ? {} : { time }),
    ...(description === undefined ? {} : { description }),
    details: [
      ...detail('Severity', severity),
      ...detail('Status', status),
      ...detail('Status description', at(p, 'status', 'description')),
      ...detail('Cause', at(p, 'status', 'cause')),
      ...detail('Resource', resourceId, true),
      ...detail('Remediation', at(p, 'metadata', 'remediationDescription')),
      ...detail('Categories', at(p, 'metadata', 'categories')),
      ...detail('Status changed', at(p, 'status', 'statusChangeDate')),
      ...detail('Assessment key', event.name, true),
    ],
  };
}

/** `…/regulatoryComplianceStandards/{standard}/regulatoryComplianceControls/{control}/…` → the two names. */
export function standardAndControl(id: string): { standard?: string; control?: string } {
  const segments = id.split('/');
  const after = (key: string) => {
    const index = segments.findIndex((segment) => segment.toLowerCase() === key);
    const value = index >= 0 ? segments[index + 1] : undefined;
    return value === undefined || value === '' ? undefined : decodeURIComponent(value);
  };
  const standard = after('regulatorycompliancestandards');
  const control = after('regulatorycompliancecontrols');
  return { ...(standard === undefined ? {} : { standard }), ...(control === undefined ? {} : { control }) };
}

function summarizeCompliance(event: SecurityEvent): EventSummary {
  const p = event.properties;
  const { standard, control } = standardAndControl(event.id);
  const state = text(at(p, 'state')) ?? 'Unknown';
  const description = text(at(p, 'description'));
  return {
    kind: 'RegulatoryComplianceAssessment',
    title: description ?? event.name,
    status: state,
    ...(standard === undefined ? {} : { standard }),
    ...(control === undefined ? {} : { control }),
    details: [
      ...detail('Standard', standard),
      ...detail('Control', control ?? text(at(p, 'controlName'))),
      ...detail('State', state),
      ...detail('Assessment type', at(p, 'assessmentType')),
      ...detail('Passed resources', at(p, 'passedResources')),
      ...detail('Failed resources', at(p, 'failedResources')),
      ...detail('Skipped resources', at(p, 'skippedResources')),
      ...detail('Unsupported resources', at(p, 'unsupportedResources')),
      ...detail('Assessment name', event.name, true),
    ],
  };
}

export function summarize(kind: EventKind, event: SecurityEvent): EventSummary {
  switch (kind) {
    case 'Alert':
      return summarizeAlert(event);
    case 'Assessment':
      return summarizeAssessment(event);
    case 'RegulatoryComplianceAssessment':
      return summarizeCompliance(event);
  }
}

/** A short local date and time for tables ("1 May 2024, 10:00"); the text itself when it is no date. */
export function shortTime(value: string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
