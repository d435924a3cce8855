/**
 * One table for both alert shapes: the flat workflow-automation names (PascalCase, `SecurityAlert.schema.json`)
 * and the ARM alerts API names (camelCase `properties.*`, api 2022-01-01). Both schemas and the ARM → flat
 * mapping are derived from it, so they cannot disagree.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { AlertStatus, Severity } from '../enums.js';
import { MAX_ALERT_ENTITIES, MAX_ALERT_LIST_ITEMS, MAX_SYSTEM_ALERT_ID_LENGTH } from '../limits.js';
import { OneOf, Text } from './schema-helpers.js';

export interface AlertField {
  /** The name in the flat shape, which is also the name a workflow reads (`triggerBody()?['Severity']`). */
  readonly flat: string;
  /** The name under `properties` in the ARM shape; absent for fields only the flat shape has. */
  readonly arm?: string;
  readonly required?: boolean;
  readonly schema: TSchema;
}

const Timestamp = (what: string) => Text(`${what} (ISO 8601, UTC).`);

const Strings = (description: string) =>
  Type.Array(Type.String(), { description, maxItems: MAX_ALERT_LIST_ITEMS });

const Objects = (description: string, maxItems = MAX_ALERT_LIST_ITEMS) =>
  Type.Array(Type.Object({}), { description, maxItems });

/** Identifier items are camelCase in the ARM API and have been seen PascalCase in flat events: type both. */
const identifierFields: readonly (readonly [string, string])[] = [
  ['type', 'AzureResource or LogAnalytics.'],
  ['azureResourceId', 'The affected Azure resource (type AzureResource).'],
  ['workspaceId', 'Log Analytics workspace id (type LogAnalytics).'],
  ['workspaceSubscriptionId', 'Subscription of the workspace (type LogAnalytics).'],
  ['workspaceResourceGroup', 'Resource group of the workspace (type LogAnalytics).'],
  ['agentId', 'Log Analytics agent id (type LogAnalytics).'],
];

const ResourceIdentifier = Type.Object(
  Object.fromEntries(
    identifierFields.flatMap(([name, description]) => [
      [name, Type.Optional(Text(description))],
      [name.charAt(0).toUpperCase() + name.slice(1), Type.Optional(Text(`${description} PascalCase spelling.`))],
    ]),
  ),
  { description: 'A resource the alert is about.' },
);

export const ALERT_FIELDS: readonly AlertField[] = [
  {
    flat: 'SystemAlertId',
    arm: 'systemAlertId',
    required: true,
    schema: Type.String({
      description: 'Unique id of the alert; the last segment of its ARM id and the key alerts are deduplicated by.',
      pattern: '^(?!\\.\\.?$)[A-Za-z0-9_.-]+$',
      maxLength: MAX_SYSTEM_ALERT_ID_LENGTH,
      errorMessage: `must be 1-${MAX_SYSTEM_ALERT_ID_LENGTH} letters, digits, '_', '-' or '.'`,
    }),
  },
  { flat: 'AlertDisplayName', arm: 'alertDisplayName', required: true, schema: Text('Display name of the alert.', { minLength: 1 }) },
  { flat: 'Severity', arm: 'severity', required: true, schema: OneOf(Severity, 'Severity of the alert.') },
  { flat: 'Status', arm: 'status', schema: OneOf(AlertStatus, 'Life-cycle status of the alert.') },
  {
    flat: 'AzureResourceId',
    schema: Text('The affected Azure resource. When absent it is taken from the AzureResource entry of ResourceIdentifiers.'),
  },
  {
    flat: 'AzureResourceSubscriptionId',
    schema: Text('Subscription of the affected resource. When absent it is read from the resource id.'),
  },
  { flat: 'WorkspaceId', schema: Text('Log Analytics workspace id, from the LogAnalytics resource identifier.') },
  { flat: 'WorkspaceSubscriptionId', schema: Text('Subscription of the Log Analytics workspace.') },
  { flat: 'WorkspaceResourceGroup', schema: Text('Resource group of the Log Analytics workspace.') },
  { flat: 'AgentId', schema: Text('Log Analytics agent id.') },
  {
    flat: 'ResourceIdentifiers',
    arm: 'resourceIdentifiers',
    schema: Type.Array(ResourceIdentifier, { description: 'Resources the alert is about (AzureResource, LogAnalytics).', maxItems: MAX_ALERT_LIST_ITEMS }),
  },
  { flat: 'CompromisedEntity', arm: 'compromisedEntity', schema: Text('Display name of the resource most related to the alert.') },
  { flat: 'Description', arm: 'description', schema: Text('Description of the suspicious activity.') },
  { flat: 'AlertType', arm: 'alertType', schema: Text('Unique identifier of the detection logic, e.g. VM_EICAR.') },
  { flat: 'VendorName', arm: 'vendorName', schema: Text('Name of the vendor that raised the alert, e.g. Microsoft.') },
  { flat: 'ProductName', arm: 'productName', schema: Text('Name of the product that published the alert.') },
  { flat: 'ProductComponentName', arm: 'productComponentName', schema: Text('Name of the product component (Defender plan) that raised the alert.') },
  { flat: 'Intent', arm: 'intent', schema: Text('Kill-chain intent, e.g. Execution, PreAttack, Persistence.') },
  { flat: 'StartTimeUtc', arm: 'startTimeUtc', schema: Timestamp('Time of the first event or activity in the alert') },
  { flat: 'EndTimeUtc', arm: 'endTimeUtc', schema: Timestamp('Time of the last event or activity in the alert') },
  { flat: 'TimeGenerated', arm: 'timeGeneratedUtc', schema: Timestamp('Time the alert was generated') },
  { flat: 'ProcessingEndTime', arm: 'processingEndTimeUtc', schema: Timestamp('Time the alert became available') },
  { flat: 'ReportedSeverity', schema: Text('Severity as reported by the detecting product.') },
  { flat: 'IsIncident', arm: 'isIncident', schema: Type.Boolean({ description: 'True when the alert is an incident (a group of alerts).' }) },
  { flat: 'RemediationSteps', arm: 'remediationSteps', schema: Strings('Manual steps to remediate the threat.') },
  {
    flat: 'ExtendedProperties',
    arm: 'extendedProperties',
    schema: Type.Object({}, { description: 'Alert-specific details keyed by human-readable names, e.g. "Process Path".' }),
  },
  { flat: 'Entities', arm: 'entities', schema: Objects('Entities related to the alert ($id/$ref graph of ip, host, account, …).', MAX_ALERT_ENTITIES) },
  { flat: 'ExtendedLinks', arm: 'extendedLinks', schema: Objects('Links related to the alert ({Category, Label, Href, Type}).') },
  { flat: 'CorrelationKey', arm: 'correlationKey', schema: Text('Key for grouping related alerts.') },
  { flat: 'Techniques', arm: 'techniques', schema: Strings('MITRE ATT&CK technique ids, e.g. T1059.') },
  { flat: 'SubTechniques', arm: 'subTechniques', schema: Strings('MITRE ATT&CK sub-technique ids, e.g. T1059.001.') },
  { flat: 'SupportingEvidence', arm: 'supportingEvidence', schema: Type.Object({}, { description: 'Evidence supporting the alert.' }) },
  {
    flat: 'AlertUri',
    arm: 'alertUri',
    schema: Text('Link to the alert. On delivery it is replaced by this server\'s link: {publicUrl}/api{alert id}.'),
  },
  { flat: 'Version', schema: Text('Version of the workflow-automation alert format; delivered alerts say "3.0".') },
];

/** ARM property name → flat name. Exact case: only the spellings the schema checked are mapped. */
export const FLAT_NAME_OF_ARM: ReadonlyMap<string, string> = new Map(
  ALERT_FIELDS.flatMap((field) => (field.arm === undefined ? [] : [[field.arm, field.flat] as const])),
);

/** Flat names, lower-cased: an unknown ARM property is dropped rather than overwrite one of these. */
export const FLAT_NAMES: ReadonlySet<string> = new Set(ALERT_FIELDS.map((field) => field.flat.toLowerCase()));
