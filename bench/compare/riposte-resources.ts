/**
 * The Riposte side of the job, as resources: a workflow with the Defender alert trigger whose `If` posts the alert
 * to the sink when its severity is High, and automations (event source Alerts) pointing at workflows.
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

/** The job: if the alert's severity is High, POST the whole alert to the sink. */
export function forwardingWorkflow(sinkUrl: string): Record<string, unknown> {
  return workflowBody({
    If_severity_is_High: {
      type: 'If',
      expression: { and: [{ equals: ["@triggerBody()?['Severity']", 'High'] }] },
      actions: {
        Post_to_sink: {
          type: 'Http',
          inputs: { method: 'POST', uri: new URL('/alerts', sinkUrl).href, headers: { 'Content-Type': 'application/json' }, body: '@triggerBody()' },
        },
      },
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

/**
 * An automation on the subscription's alerts. Without `neverAlertType` it has no rules and every alert of the
 * subscription starts the workflow; with it, its one rule (AlertType equals that value) matches no bench alert.
 */
export function alertAutomation(subscription: string, workflowId: string, neverAlertType?: string): Record<string, unknown> {
  const rules = neverAlertType === undefined ? {} : { ruleSets: [{ rules: [{ propertyJPath: 'AlertType', propertyType: 'String', expectedValue: neverAlertType, operator: 'Equals' }] }] };
  return {
    location: 'westeurope',
    properties: {
      isEnabled: true,
      scopes: [{ description: 'the subscription', scopePath: `/subscriptions/${subscription}` }],
      sources: [{ eventSource: 'Alerts', ...rules }],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: workflowId }],
    },
  };
}
