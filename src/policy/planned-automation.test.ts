import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAutomationBody } from '../automations/parse-automation.js';
import { plannedAutomation } from './planned-automation.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { CALLBACK, LOGIC_APP, SUB, alerts, compliance, recommendations, validParameters, valuesOf } from './policy-test-support.js';

type Rule = [string, string, string];

/** The ruleSets of the planned body as [path, operator, value] triples (asserting every rule is a String rule). */
function ruleSetsOf(policy: PolicyDefinition, overrides: Record<string, unknown> = {}): Rule[][] {
  const planned = plannedAutomation(policy, valuesOf(policy, overrides), SUB);
  const sources = planned.body.properties.sources as { ruleSets: { rules: { propertyJPath: string; propertyType: string; expectedValue: string; operator: string }[] }[] }[];
  assert.equal(sources.length, 1);
  return (sources[0]?.ruleSets ?? []).map((set) =>
    set.rules.map((rule) => {
      assert.equal(rule.propertyType, 'String');
      return [rule.propertyJPath, rule.operator, rule.expectedValue];
    }),
  );
}

describe('plannedAutomation: the envelope', () => {
  it('plans the resource group, the automation and a LogicApp action with the callback URL', () => {
    const planned = plannedAutomation(alerts, valuesOf(alerts, { createResourceGroup: false, resourceGroupLocation: 'northeurope' }), SUB, CALLBACK);
    assert.deepEqual(
      { ...planned, body: undefined },
      {
        resourceGroupName: 'asc-automation-rg',
        resourceGroupLocation: 'northeurope',
        createResourceGroup: false,
        automationName: 'asc-automation',
        logicAppResourceId: LOGIC_APP,
        trigger: { choice: 'manual', name: 'manual' },
        body: undefined,
      },
    );
    assert.equal(planned.body.location, 'northeurope');
    const { sources: _sources, ...rest } = planned.body.properties;
    assert.deepEqual(rest, {
      description: 'Workflow Automation for Microsoft Defender for Cloud alerts via policy',
      isEnabled: true,
      scopes: [{ description: `scope for subscription ${SUB}`, scopePath: `/subscriptions/${SUB}` }],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: LOGIC_APP, uri: CALLBACK }],
    });
  });

  it('omits the uri when no callback URL is given', () => {
    const planned = plannedAutomation(recommendations, valuesOf(recommendations), SUB);
    assert.deepEqual(planned.body.properties.actions, [{ actionType: 'LogicApp', logicAppResourceId: LOGIC_APP }]);
  });

  it("maps each policy's Defender trigger choice to the trigger the built-in calls", () => {
    const cases: [PolicyDefinition, string, string][] = [
      [alerts, 'When an Azure Security Center Alert is created or triggered', 'When_a_Microsoft_Defender_for_Cloud_alert_is_created_or_triggered'],
      [recommendations, 'When an Azure Security Center Recommendation is created or triggered', 'When_a_Microsoft_Defender_for_Cloud_recommendation_is_created_or_triggered'],
      [compliance, 'When an Azure Security Center regulatory compliance assessment is created or triggered', 'When_a_Defender_for_Cloud_regulatory_compliance_assessment_is_created_or_runs'],
    ];
    for (const [policy, display, name] of cases) {
      assert.deepEqual(plannedAutomation(policy, valuesOf(policy, { logicAppTrigger: display.toUpperCase() }), SUB).trigger, { choice: 'defender', name });
    }
  });

  it('watches the event source of the policy', () => {
    const sourceOf = (policy: PolicyDefinition) =>
      (plannedAutomation(policy, valuesOf(policy), SUB).body.properties.sources as { eventSource: string }[]).map((s) => s.eventSource);
    assert.deepEqual([alerts, recommendations, compliance].map(sourceOf), [['Alerts'], ['Assessments'], ['RegulatoryComplianceAssessment']]);
  });
});

describe('plannedAutomation: alerts rule sets', () => {
  it('without an alert name: one rule set per severity, any 3.x alert, severities lower-cased', () => {
    assert.deepEqual(ruleSetsOf(alerts, { alertSeverities: ['High', 'Low'] }), [
      [['Version', 'Contains', '3.'], ['Severity', 'Equals', 'high']],
      [['Version', 'Contains', '3.'], ['Severity', 'Equals', 'low']],
    ]);
  });

  it('with an alert name: the display name must contain it', () => {
    assert.deepEqual(ruleSetsOf(alerts, { alertName: 'Suspicious login', alertSeverities: ['medium'] }), [
      [['AlertDisplayName', 'Contains', 'Suspicious login'], ['Severity', 'Equals', 'medium']],
    ]);
    assert.equal(ruleSetsOf(alerts).length, 3);
  });
});

describe('plannedAutomation: recommendations rule sets', () => {
  it('all recommendations: severities × states, states mapped to status codes', () => {
    assert.deepEqual(ruleSetsOf(recommendations, { recommendationSeverities: ['High', 'Low'], recommendationStates: ['Unhealthy', 'Not Applicable'] }), [
      [['type', 'Contains', 'Microsoft.Security/assessments'], ['properties.metadata.severity', 'Equals', 'High'], ['properties.status.code', 'Contains', 'unhealthy']],
      [['type', 'Contains', 'Microsoft.Security/assessments'], ['properties.metadata.severity', 'Equals', 'High'], ['properties.status.code', 'Contains', 'notapplicable']],
      [['type', 'Contains', 'Microsoft.Security/assessments'], ['properties.metadata.severity', 'Equals', 'Low'], ['properties.status.code', 'Contains', 'unhealthy']],
      [['type', 'Contains', 'Microsoft.Security/assessments'], ['properties.metadata.severity', 'Equals', 'Low'], ['properties.status.code', 'Contains', 'notapplicable']],
    ]);
  });

  it('named recommendations: names × severities × states, names outermost', () => {
    const sets = ruleSetsOf(recommendations, { recommendationNames: ['key-a', 'key-b'], recommendationSeverities: ['Medium'], recommendationStates: ['Healthy', 'Unhealthy'] });
    assert.deepEqual(sets, [
      [['name', 'Contains', 'key-a'], ['properties.metadata.severity', 'Equals', 'Medium'], ['properties.status.code', 'Contains', 'healthy']],
      [['name', 'Contains', 'key-a'], ['properties.metadata.severity', 'Equals', 'Medium'], ['properties.status.code', 'Contains', 'unhealthy']],
      [['name', 'Contains', 'key-b'], ['properties.metadata.severity', 'Equals', 'Medium'], ['properties.status.code', 'Contains', 'healthy']],
      [['name', 'Contains', 'key-b'], ['properties.metadata.severity', 'Equals', 'Medium'], ['properties.status.code', 'Contains', 'unhealthy']],
    ]);
    assert.equal(ruleSetsOf(recommendations).length, 9);
  });
});

describe('plannedAutomation: regulatory compliance rule sets', () => {
  it('all standards and all states: no rule sets', () => {
    assert.deepEqual(ruleSetsOf(compliance), []);
  });

  it('custom standards only: one rule set per standard', () => {
    assert.deepEqual(ruleSetsOf(compliance, { regulatoryComplianceStandards: ['PCI-DSS-4', 'ISO-27001'] }), [
      [['id', 'Contains', 'PCI-DSS-4']],
      [['id', 'Contains', 'ISO-27001']],
    ]);
  });

  it('custom states only: one rule set per state, as given', () => {
    assert.deepEqual(ruleSetsOf(compliance, { regulatoryComplianceControlStates: ['failed', 'Skipped'] }), [
      [['properties.state', 'Equals', 'Failed']],
      [['properties.state', 'Equals', 'Skipped']],
    ]);
  });

  it('both custom: standards × states', () => {
    assert.deepEqual(ruleSetsOf(compliance, { regulatoryComplianceStandards: ['PCI-DSS-4', 'ISO-27001'], regulatoryComplianceControlStates: ['Failed', 'Passed'] }), [
      [['id', 'Contains', 'PCI-DSS-4'], ['properties.state', 'Equals', 'Failed']],
      [['id', 'Contains', 'PCI-DSS-4'], ['properties.state', 'Equals', 'Passed']],
      [['id', 'Contains', 'ISO-27001'], ['properties.state', 'Equals', 'Failed']],
      [['id', 'Contains', 'ISO-27001'], ['properties.state', 'Equals', 'Passed']],
    ]);
  });
});

describe('plannedAutomation: bodies are valid automations', () => {
  for (const policy of [alerts, recommendations, compliance]) {
    it(`${policy.kind}: parseAutomationBody accepts every planned body unchanged`, () => {
      fc.assert(
        fc.property(validParameters(policy), fc.boolean(), (overrides, withCallback) => {
          const planned = plannedAutomation(policy, valuesOf(policy, overrides), SUB, withCallback ? CALLBACK : undefined);
          const parsed = parseAutomationBody(planned.body, { subscriptionId: SUB });
          assert.ok(parsed.ok, JSON.stringify(parsed.ok || parsed.errors));
          assert.deepEqual({ ...parsed.value, location: undefined }, { ...planned.body.properties, location: undefined });
          assert.equal(parsed.value.location, planned.body.location);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('the largest parameter set the resolver allows still parses', () => {
    const names = Array.from({ length: 111 }, (_, i) => `rec-${i}`);
    const planned = plannedAutomation(recommendations, valuesOf(recommendations, { recommendationNames: names }), SUB);
    const parsed = parseAutomationBody(planned.body, { subscriptionId: SUB });
    assert.ok(parsed.ok, JSON.stringify(parsed.ok || parsed.errors.slice(0, 3)));
    assert.equal(parsed.value.sources[0]?.ruleSets.length, 999);
  });
});
