/**
 * The Riposte side of the job, as resources: a workflow with the Defender alert trigger that posts the alert to the
 * sink, and automations (event source Alerts) pointing at workflows. "If its severity is High" is tested either by
 * the automation's rule, as Defender's workflow automation selects alerts by severity, or by an `If` in the workflow.
 */

/** The Defender alert trigger, as the public templates declare it. */
export const ALERT_TRIGGER = {
  When_an_Azure_Security_Center_Alert_is_created_or_triggered: {
    type: 'ApiConnectionWebhook',
    inputs: {
      host: { connection: { name: "@parameters('$connections')['ascalert']['connectionId']" } },
      body: { callback_url: '@{listCallbackUrl()}' },
      path: '/Microsoft.Security/Alert/subscribe',
    },
  },
};

function workflowBody(actions: Record<string, unknown>): Record<string, unknown> {
  return {
    location: 'westeurope',
    properties: {
      state: 'Enabled',
      definition: {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: { $connections: { type: 'Object', defaultValue: {} } },
        triggers: ALERT_TRIGGER,
        actions,
      },
    },
  };
}

/**
 * Where the job tests "severity is High": the automation's rule (only High alerts start a run) or the workflow's
 * `If` (every alert starts a run; a Low one ends in the empty `else`).
 */
export type SeverityTest = 'automation-rule' | 'workflow-if';

/** The job: POST the whole alert to the sink, inside an `If` on its severity when the workflow is to test it. */
export function forwardingWorkflow(sinkUrl: string, severityTest: SeverityTest): Record<string, unknown> {
  const post = {
    type: 'Http',
    inputs: { method: 'POST', uri: new URL('/alerts', sinkUrl).href, headers: { 'Content-Type': 'application/json' }, body: '@triggerBody()' },
  };
  if (severityTest === 'automation-rule') return workflowBody({ Post_to_sink: { ...post, runAfter: {} } });
  return workflowBody({
    If_severity_is_High: {
      type: 'If',
      expression: { and: [{ equals: ["@triggerBody()?['Severity']", 'High'] }] },
      actions: { Post_to_sink: post },
      else: { actions: {} },
      runAfter: {},
    },
  });
}

/** A workflow that is never started in the bench: the target of automations that match no alert. */
export function idleWorkflow(): Record<string, unknown> {
  return workflowBody({ Note: { type: 'Compose', inputs: "@triggerBody()?['AlertDisplayName']", runAfter: {} } });
}

export const workflowPath = (subscription: string, name: string) =>
  `/subscriptions/${subscription}/resourceGroups/rg1/providers/Microsoft.Logic/workflows/${name}`;
export const automationPath = (subscription: string, name: string) =>
  `/subscriptions/${subscription}/resourceGroups/rg1/providers/Microsoft.Security/automations/${name}`;

/** An automation rule: the alert's string property at `path` equals `value`. */
export const equalsRule = (path: string, value: string) => ({ propertyJPath: path, propertyType: 'String', expectedValue: value, operator: 'Equals' });

/**
 * An automation on the subscription's alerts, starting the workflow for those matching every one of `rules` (with
 * none, every alert of the subscription).
 */
export function alertAutomation(subscription: string, workflowId: string, rules: readonly ReturnType<typeof equalsRule>[] = []): Record<string, unknown> {
  const ruleSets = rules.length === 0 ? {} : { ruleSets: [{ rules }] };
  return {
    location: 'westeurope',
    properties: {
      isEnabled: true,
      scopes: [{ description: 'the subscription', scopePath: `/subscriptions/${subscription}` }],
      sources: [{ eventSource: 'Alerts', ...ruleSets }],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: workflowId }],
    },
  };
}
