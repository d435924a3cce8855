/**
 * Building blocks for the server suites: Defender-style workflow definitions (as the public templates write them),
 * automation bodies, security events with chosen fields, and polling helpers that read only the public API.
 */
import { randomUUID } from 'node:crypto';
import type { ApiClient } from './riposte-server.js';

export const ALERT_TRIGGER = 'When_an_Azure_Security_Center_Alert_is_created_or_triggered';
export const ASSESSMENT_TRIGGER = 'When_an_Azure_Security_Center_Recommendation_is_created_or_triggered';
export const COMPLIANCE_TRIGGER = 'When_a_regulatory_compliance_assessment_is_created_or_triggered';
export const LEGACY_TRIGGER = 'When_a_response_to_an_Azure_Security_Center_alert_is_triggered';

/** A fresh subscription per test keeps automations of one test from seeing another test's events. */
export const newSubscription = (): string => randomUUID();

export const workflowId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;
export const automationId = (sub: string, rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Security/automations/${name}`;
export const api = (id: string) => `/api${id}`;

type Connector = 'ascalert' | 'ascassessment';

/** The trigger exactly as the public templates write it: an ApiConnectionWebhook on a Defender connector. */
function webhookTrigger(connector: string, path: string) {
  return {
    type: 'ApiConnectionWebhook',
    inputs: {
      body: { callback_url: '@{listCallbackUrl()}' },
      host: { connection: { name: `@parameters('$connections')['${connector}']['connectionId']` } },
      path,
    },
  };
}

export function defenderDefinition(triggerName: string, trigger: unknown, actions: Record<string, unknown>) {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { $connections: { defaultValue: {}, type: 'Object' } },
    triggers: { [triggerName]: trigger },
    actions,
    outputs: {},
  };
}

export const alertDefinition = (actions: Record<string, unknown>, triggerName = ALERT_TRIGGER) =>
  defenderDefinition(triggerName, webhookTrigger('ascalert', '/Microsoft.Security/Alert/subscribe'), actions);
export const assessmentDefinition = (actions: Record<string, unknown>) =>
  defenderDefinition(ASSESSMENT_TRIGGER, webhookTrigger('ascassessment', '/Microsoft.Security/Assessment/subscribe'), actions);
export const complianceDefinition = (actions: Record<string, unknown>) =>
  defenderDefinition(COMPLIANCE_TRIGGER, webhookTrigger('ascassessment', '/Microsoft.Security/RegulatoryComplianceAssessment/subscribe'), actions);

/** The workflow resource's `$connections` value, as the templates deploy it (never configured in Riposte). */
export function templateConnections(sub: string, rg: string, name: string, connectors: readonly Connector[]) {
  const value: Record<string, unknown> = {};
  for (const connector of connectors) {
    value[connector] = {
      connectionId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${connector}-${name}`,
      connectionName: `${connector}-${name}`,
      id: `/subscriptions/${sub}/providers/Microsoft.Web/locations/westeurope/managedApis/${connector}`,
    };
  }
  return { $connections: { value } };
}

/** An Http action POSTing a JSON body to the sink. */
export const httpPost = (uri: string, body: unknown, runAfter: Record<string, string[]> = {}) => ({
  type: 'Http',
  inputs: { method: 'POST', uri, headers: { 'Content-Type': 'application/json' }, body },
  runAfter,
});

export interface Rule {
  readonly propertyJPath: string;
  readonly propertyType: string;
  readonly expectedValue: string;
  readonly operator: string;
}

export const rule = (propertyJPath: string, operator: string, expectedValue: string, propertyType = 'String'): Rule => ({
  propertyJPath,
  propertyType,
  expectedValue,
  operator,
});

export interface AutomationOptions {
  readonly eventSource: string;
  readonly workflowIds: readonly string[];
  /** Each inner list is one ruleSet (AND); the ruleSets are ORed. Undefined: no ruleSets at all. */
  readonly ruleSets?: readonly (readonly Rule[])[];
  readonly scopes?: readonly string[];
  readonly isEnabled?: boolean;
}

export function automationBody(options: AutomationOptions) {
  return {
    location: 'westeurope',
    properties: {
      description: 'integration test automation',
      isEnabled: options.isEnabled ?? true,
      scopes: (options.scopes ?? []).map((scopePath) => ({ description: `scope ${scopePath}`, scopePath })),
      sources: [
        {
          eventSource: options.eventSource,
          ...(options.ruleSets === undefined ? {} : { ruleSets: options.ruleSets.map((rules) => ({ rules })) }),
        },
      ],
      actions: options.workflowIds.map((logicAppResourceId) => ({ actionType: 'LogicApp', logicAppResourceId })),
    },
  };
}

export interface AlertOptions {
  readonly sub: string;
  readonly rg?: string;
  readonly id?: string;
  readonly severity?: string;
  readonly status?: string;
  readonly alertType?: string;
  readonly displayName?: string;
  readonly vm?: string;
}

/** A flat (workflow-automation shape) alert about a VM in `sub`/`rg`. */
export function flatAlert(options: AlertOptions): Record<string, unknown> {
  const rg = options.rg ?? 'rg1';
  const vm = options.vm ?? 'vm1';
  const resourceId = `/subscriptions/${options.sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`;
  return {
    VendorName: 'Microsoft',
    AlertType: options.alertType ?? 'VM_EICAR',
    StartTimeUtc: '2024-05-01T10:00:00.000Z',
    EndTimeUtc: '2024-05-01T10:05:00.000Z',
    TimeGenerated: '2024-05-01T10:06:00.000Z',
    IsIncident: false,
    Severity: options.severity ?? 'High',
    ...(options.status === undefined ? {} : { Status: options.status }),
    ProductName: 'Microsoft Defender for Cloud',
    SystemAlertId: options.id ?? randomUUID(),
    AzureResourceId: resourceId,
    AzureResourceSubscriptionId: options.sub,
    CompromisedEntity: vm,
    Intent: 'Execution',
    AlertDisplayName: options.displayName ?? 'Test alert',
    Description: 'A test alert.',
    RemediationSteps: ['Nothing to do.'],
    ExtendedProperties: { 'Process Path': 'c:\\temp\\eicar.exe' },
    Entities: [{ $id: '1', HostName: vm, Type: 'host' }],
    ResourceIdentifiers: [{ AzureResourceId: resourceId, Type: 'AzureResource' }],
  };
}

export interface AssessmentOptions {
  readonly sub: string;
  readonly rg?: string;
  readonly key?: string;
  readonly code?: string;
  readonly severity?: string;
  readonly vm?: string;
}

export const vmId = (sub: string, rg: string, vm: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`;

/** A recommendation (assessment) on a VM; its id is `<vm>/providers/Microsoft.Security/assessments/<key>`. */
export function assessment(options: AssessmentOptions): Record<string, unknown> {
  const resource = vmId(options.sub, options.rg ?? 'rg1', options.vm ?? 'vm1');
  const key = options.key ?? randomUUID();
  return {
    id: `${resource}/providers/Microsoft.Security/assessments/${key}`,
    name: key,
    type: 'Microsoft.Security/assessments',
    properties: {
      resourceDetails: { source: 'Azure', id: resource },
      displayName: 'Machines should have vulnerability findings resolved',
      status: { code: options.code ?? 'Unhealthy', cause: '', description: '' },
      metadata: {
        displayName: 'Machines should have vulnerability findings resolved',
        assessmentType: 'BuiltIn',
        severity: options.severity ?? 'High',
        description: 'Resolve the findings.',
      },
      links: { azurePortal: `https://portal.azure.com/#blade/Microsoft_Azure_Security/RecommendationsBlade/assessmentKey/${key}` },
    },
  };
}

/** A finding of the assessment `parent` (an assessment id) with its own status. */
export function subAssessment(parent: string, finding: string, code = 'Unhealthy', severity = 'High'): Record<string, unknown> {
  const resource = parent.slice(0, parent.toLowerCase().indexOf('/providers/microsoft.security/assessments/'));
  return {
    id: `${parent}/subAssessments/${finding}`,
    name: finding,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: {
      id: finding,
      displayName: `Finding ${finding}`,
      status: { code, cause: '', severity, description: '' },
      resourceDetails: { source: 'Azure', id: resource },
      remediation: 'Patch it.',
      impact: '3',
      category: 'Vulnerability',
      description: 'A vulnerability.',
      timeGenerated: '2024-05-01T10:00:00Z',
      additionalData: { assessedResourceType: 'ServerVulnerability' },
    },
  };
}

/** A regulatory compliance assessment of a subscription. */
export function complianceAssessment(sub: string, key: string, state: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Security/regulatoryComplianceStandards/PCI-DSS-3.2/regulatoryComplianceControls/1.1/regulatoryComplianceAssessments/${key}`,
    name: key,
    type: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
    properties: {
      description: 'Troubleshoot missing scan data on your machines',
      assessmentType: 'Assessment',
      state,
      passedResources: 7,
      failedResources: state.toLowerCase() === 'failed' ? 4 : 0,
      skippedResources: 0,
      unsupportedResources: 0,
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Every item of a list, following `nextLink` to the end. */
export async function listAll(client: ApiClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let link: string | undefined = path;
  for (let pages = 0; link !== undefined; pages++) {
    if (pages > 10_000) throw new Error(`${path}: nextLink never ends`);
    const response: any = await client.call('GET', link.startsWith('http') ? link.slice(client.url.length) : link);
    if (response.status !== 200) throw new Error(`GET ${link} answered ${response.status}: ${JSON.stringify(response.body)}`);
    items.push(...response.body.value);
    link = response.body.nextLink;
  }
  return items;
}

const unfinished = (run: any) => ['Queued', 'Running', 'Waiting'].includes(run.properties.status);

/** The runs of a workflow once none is queued or running (all pages). */
export async function settledRuns(client: ApiClient, workflow: string, timeoutMs = 10_000): Promise<any[]> {
  return eventually(
    `the runs of ${workflow} to finish`,
    async () => {
      const runs = await listAll(client, `${api(workflow)}/runs?$top=1000`);
      return runs.some(unfinished) ? undefined : runs;
    },
    timeoutMs,
  );
}

/** Waits until a workflow has exactly `count` finished runs, then a little longer to catch any extra run. */
export async function expectRuns(client: ApiClient, workflow: string, count: number, quietMs = 150): Promise<any[]> {
  await eventually(`${count} finished runs of ${workflow}`, async () => {
    const runs = await listAll(client, `${api(workflow)}/runs?$top=1000`);
    return runs.length >= count && !runs.some(unfinished) ? runs : undefined;
  });
  await sleep(quietMs);
  return settledRuns(client, workflow);
}
