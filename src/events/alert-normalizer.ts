/**
 * Alerts, whichever shape they were posted in, become the flat workflow-automation alert (what templates read
 * with `triggerBody()?['AlertDisplayName']`), routed by the subscription of the affected resource.
 */
import type { JsonObject, Value } from '../expressions/values.js';
import { AlertStatus, canonicalOf, Severity } from './enums.js';
import { type EventError, EventErrorCode, eventError } from './event-error.js';
import { EventKind } from './event-kind.js';
import { setProperty, textAt } from './json-value.js';
import { accepted, type ParseEventOptions, type ParseEventResult, refused } from './normalized-event.js';
import { isSubscriptionId, locationOfAlertUri, type ResourceScope, scopeOf } from './resource-scope.js';
import { RESOURCE_ID_PATTERN } from './schemas/schema-helpers.js';

/** The DINE policies match workflow-automation alerts with `Version` Contains `3.`. */
export const ALERT_VERSION = '3.0';
/** Flat alerts carry no region; the ARM id needs one. */
export const DEFAULT_ALERT_LOCATION = 'centralus';

const RESOURCE_ID = new RegExp(RESOURCE_ID_PATTERN);

export interface AlertInput {
  /** The alert in the flat shape: validated against SecurityAlertSchema, or mapped from the ARM shape. */
  readonly flat: JsonObject;
  /** The ARM id, when the alert was posted in the ARM shape. */
  readonly armId?: string;
  /** Where errors about the affected resource point, in the shape that was posted. */
  readonly resourceTarget: string;
}

function identifierOfType(identifiers: Value | undefined, type: string): JsonObject | undefined {
  if (!Array.isArray(identifiers)) return undefined;
  const wanted = type.toLowerCase();
  for (const item of identifiers) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const itemType = textAt(item as JsonObject, 'type') ?? textAt(item as JsonObject, 'Type');
    if (itemType?.toLowerCase() === wanted) return item as JsonObject;
  }
  return undefined;
}

/** An identifier's field in either spelling (`azureResourceId` in the ARM API, `AzureResourceId` in some flat events). */
function identifierField(identifier: JsonObject | undefined, camelName: string): string | undefined {
  return textAt(identifier, camelName) ?? textAt(identifier, camelName.charAt(0).toUpperCase() + camelName.slice(1));
}

function alertId(scope: ResourceScope, location: string, systemAlertId: string): string {
  const group = scope.resourceGroup === undefined ? '' : `/resourceGroups/${scope.resourceGroup}`;
  return `/subscriptions/${scope.subscriptionId.toLowerCase()}${group}/providers/Microsoft.Security/locations/${location}/alerts/${systemAlertId}`;
}

interface AlertResource {
  readonly resourceId: string;
  readonly scope: ResourceScope;
  readonly givenSubscription?: string;
}

/** The affected resource and the subscription/resource group it routes to. */
function resourceOf(input: AlertInput): AlertResource | EventError {
  const { flat, armId, resourceTarget } = input;
  const azureIdentifier = identifierOfType(flat.ResourceIdentifiers, 'AzureResource');
  const resourceId = textAt(flat, 'AzureResourceId') ?? identifierField(azureIdentifier, 'azureResourceId');
  if (resourceId === undefined) {
    return eventError(
      EventErrorCode.InvalidEvent,
      resourceTarget,
      armId === undefined
        ? 'is required: an alert names its resource in AzureResourceId or in a ResourceIdentifiers entry of type AzureResource'
        : 'must include an entry of type AzureResource with azureResourceId',
    );
  }
  const resourceScope = scopeOf(resourceId);
  const givenSubscription = textAt(flat, 'AzureResourceSubscriptionId');
  if (givenSubscription !== undefined) {
    if (!isSubscriptionId(givenSubscription)) {
      return eventError(EventErrorCode.InvalidEvent, 'AzureResourceSubscriptionId', 'must be a subscription id');
    }
    if (resourceScope !== undefined && resourceScope.subscriptionId.toLowerCase() !== givenSubscription.toLowerCase()) {
      const reason = `must be the subscription of the alert's resource (${resourceScope.subscriptionId})`;
      return eventError(EventErrorCode.InvalidEvent, 'AzureResourceSubscriptionId', reason);
    }
  }
  // A resource outside subscriptions (an Entra tenant) routes by the subscription the alert names, or its ARM id's.
  const scope =
    resourceScope ??
    (givenSubscription !== undefined ? { subscriptionId: givenSubscription } : armId === undefined ? undefined : scopeOf(armId));
  if (scope === undefined) {
    const reason = 'must name a resource under /subscriptions/{subscriptionId} (or give AzureResourceSubscriptionId)';
    return eventError(EventErrorCode.InvalidEvent, resourceTarget, reason);
  }
  return { resourceId, scope, ...(givenSubscription === undefined ? {} : { givenSubscription }) };
}

/** The flat alert as delivered: posted fields, canonical enums, and the fields workflows expect filled in. */
function payloadOf(flat: JsonObject, resource: AlertResource, id: string, options: ParseEventOptions): JsonObject {
  const payload: JsonObject = { Version: ALERT_VERSION };
  for (const [key, value] of Object.entries(flat)) if (key !== 'Version') setProperty(payload, key, value);
  const severity = textAt(flat, 'Severity');
  const status = textAt(flat, 'Status');
  if (severity !== undefined) payload.Severity = canonicalOf(Severity, severity) ?? severity;
  if (status !== undefined) payload.Status = canonicalOf(AlertStatus, status) ?? status;
  payload.AzureResourceId = resource.resourceId;
  payload.AzureResourceSubscriptionId = resource.givenSubscription ?? resource.scope.subscriptionId;
  const workspace = identifierOfType(flat.ResourceIdentifiers, 'LogAnalytics');
  for (const camel of ['workspaceId', 'workspaceSubscriptionId', 'workspaceResourceGroup', 'agentId']) {
    const name = camel.charAt(0).toUpperCase() + camel.slice(1);
    const value = identifierField(workspace, camel);
    if (textAt(payload, name) === undefined && value !== undefined) payload[name] = value;
  }
  payload.AlertUri = `${options.alertUriBase.replace(/\/+$/, '')}/api${id}`;
  return payload;
}

export function normalizeAlert(input: AlertInput, options: ParseEventOptions): ParseEventResult {
  const { flat, armId, resourceTarget } = input;
  const resource = resourceOf(input);
  if ('code' in resource) return refused(resource);
  const { scope } = resource;

  // The schema admitted these fields, in one of the listed spellings.
  const systemAlertId = textAt(flat, 'SystemAlertId') ?? '';
  const severity = canonicalOf(Severity, textAt(flat, 'Severity') ?? '') ?? Severity.Informational;
  const postedStatus = textAt(flat, 'Status');
  const status = postedStatus === undefined ? undefined : canonicalOf(AlertStatus, postedStatus);

  const location = locationOfAlertUri(textAt(flat, 'AlertUri') ?? '') ?? DEFAULT_ALERT_LOCATION;
  const id = armId ?? alertId(scope, location, systemAlertId);
  if (!RESOURCE_ID.test(id)) {
    return refused(eventError(EventErrorCode.InvalidEvent, resourceTarget, 'must be a resource id without spaces, ? or #'));
  }

  return accepted({
    kind: EventKind.Alert,
    id,
    key: systemAlertId.toLowerCase(),
    subscriptionId: scope.subscriptionId.toLowerCase(),
    ...(scope.resourceGroup === undefined ? {} : { resourceGroup: scope.resourceGroup.toLowerCase() }),
    resourceId: resource.resourceId,
    // Workflow automation says New where the alerts API says Active; re-posting one as the other is no change.
    firingState: status === undefined || status === AlertStatus.New ? AlertStatus.Active : status,
    displayName: textAt(flat, 'AlertDisplayName') ?? '',
    severity,
    ...(status === undefined ? {} : { status }),
    payload: payloadOf(flat, resource, id, options),
  });
}
