import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAutomationBody } from '../automations/parse-automation.js';
import { type AutomationSnapshot, evaluateCompliance } from './compliance.js';
import { plannedAutomation } from './planned-automation.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { SUB, alerts, compliance, recommendations, validParameters, valuesOf } from './policy-test-support.js';

/** What the services hand over: the stored automation, i.e. the planned body after parsing. */
function deployed(policy: PolicyDefinition, values: Readonly<Record<string, unknown>>): AutomationSnapshot {
  const parsed = parseAutomationBody(plannedAutomation(policy, values, SUB).body);
  assert.ok(parsed.ok);
  return parsed.value;
}

type Rule = AutomationSnapshot['sources'][number]['ruleSets'][number]['rules'][number];

function withRuleSets(automation: AutomationSnapshot, edit: (ruleSets: Rule[][]) => Rule[][]): AutomationSnapshot {
  return {
    ...automation,
    sources: automation.sources.map((source) => ({
      ...source,
      ruleSets: edit(source.ruleSets.map((set) => [...set.rules])).map((rules) => ({ rules })),
    })),
  };
}

function reasonOf(policy: PolicyDefinition, values: Readonly<Record<string, unknown>>, automation: AutomationSnapshot | undefined): string | undefined {
  const result = evaluateCompliance(policy, values, automation);
  assert.equal(result.compliant, result.reason === undefined);
  return result.reason;
}

const rule = (propertyJPath: string, operator: string, expectedValue: string): Rule => ({ propertyJPath, operator, expectedValue });

describe('evaluateCompliance: properties', () => {
  for (const policy of [alerts, recommendations, compliance]) {
    it(`${policy.kind}: the planned automation is compliant for any valid parameters`, () => {
      fc.assert(
        fc.property(validParameters(policy), (overrides) => {
          const values = valuesOf(policy, overrides);
          assert.deepEqual(evaluateCompliance(policy, values, deployed(policy, values)), { compliant: true });
        }),
        { numRuns: 200 },
      );
    });

    it(`${policy.kind}: removing any rule set, or disabling it, makes it non-compliant`, () => {
      fc.assert(
        fc.property(validParameters(policy), fc.nat(), (overrides, pick) => {
          const values = valuesOf(policy, overrides);
          const automation = deployed(policy, values);
          assert.equal(evaluateCompliance(policy, values, { ...automation, isEnabled: false }).reason, "automation 'asc-automation' is disabled");
          const count = automation.sources[0]?.ruleSets.length ?? 0;
          if (count === 0) return;
          const fewer = withRuleSets(automation, (sets) => sets.filter((_, i) => i !== pick % count));
          assert.equal(evaluateCompliance(policy, values, fewer).compliant, false);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('evaluateCompliance: reasons', () => {
  it('no automation, or a disabled one', () => {
    const values = valuesOf(alerts);
    assert.equal(reasonOf(alerts, values, undefined), "no automation 'asc-automation' in resource group 'asc-automation-rg'");
    assert.equal(reasonOf(alerts, values, { ...deployed(alerts, values), isEnabled: false }), "automation 'asc-automation' is disabled");
  });

  it('alerts: a missing severity, a foreign value or path, a duplicated severity', () => {
    const values = valuesOf(alerts, { alertSeverities: ['High', 'Low'] });
    const automation = deployed(alerts, values);
    const reason = (edit: (sets: Rule[][]) => Rule[][]) => reasonOf(alerts, values, withRuleSets(automation, edit));
    assert.equal(reason((sets) => sets.slice(0, 1)), "severity 'low' has no rule set");
    assert.equal(reason((sets) => [...sets, [rule('Severity', 'Equals', 'critical')]]), "rule 'Severity Equals critical' is not one the policy generates");
    assert.equal(reason((sets) => [...sets, [rule('Severity', 'Equals', 'medium')]]), "rule 'Severity Equals medium' is not one the policy generates");
    assert.equal(reason((sets) => [...sets, [rule('AlertDisplayName', 'Contains', '3.')]]), "rule 'AlertDisplayName Contains 3.' is not one the policy generates");
    assert.equal(reason((sets) => [...sets, [rule('Severity', 'Equals', 'high')]]), "severity 'high' appears in 2 rules; the policy generates 1");
  });

  it('alerts: like Azure Policy, compares without case and ignores operators', () => {
    const values = valuesOf(alerts, { alertName: 'Login', alertSeverities: ['High'] });
    const automation = withRuleSets(deployed(alerts, values), () => [[rule('alertdisplayname', 'StartsWith', 'LOGIN'), rule('SEVERITY', 'Equals', 'HIGH')]]);
    assert.equal(reasonOf(alerts, values, automation), undefined);
  });

  it('recommendations: counts each name, severity and state', () => {
    const values = valuesOf(recommendations, { recommendationNames: ['key-a', 'key-b'], recommendationSeverities: ['High'], recommendationStates: ['Unhealthy', 'Not Applicable'] });
    const automation = deployed(recommendations, values);
    const reason = (edit: (sets: Rule[][]) => Rule[][]) => reasonOf(recommendations, values, withRuleSets(automation, edit));
    assert.equal(reason((sets) => sets), undefined);
    assert.equal(reason((sets) => sets.slice(1)), "severity 'High' appears in 3 rules; the policy generates 4");
    assert.equal(
      reason((sets) => sets.map((set) => set.filter((r) => r.expectedValue !== 'notapplicable'))),
      "state 'Not Applicable' has no rule set",
    );
    assert.equal(
      reason((sets) => sets.map((set) => set.map((r) => (r.propertyJPath === 'name' ? rule('type', 'Contains', r.expectedValue) : r)))),
      "recommendation 'key-a' has no rule set",
    );
    assert.equal(
      reason((sets) => [...sets, [rule('properties.metadata.severity', 'Equals', 'Low')]]),
      "rule 'properties.metadata.severity Equals Low' is not one the policy generates",
    );
  });

  it('regulatory compliance, all standards and states: any rule is too many', () => {
    const values = valuesOf(compliance);
    const automation = deployed(compliance, values);
    assert.equal(reasonOf(compliance, values, automation), undefined);
    // An empty rule set filters nothing, just like none.
    assert.equal(reasonOf(compliance, values, withRuleSets(automation, () => [[]])), undefined);
    assert.equal(
      reasonOf(compliance, values, withRuleSets(automation, () => [[rule('properties.state', 'Equals', 'Failed')]])),
      "rule 'properties.state Equals Failed' is not one the policy generates (it filters nothing for all standards and states)",
    );
  });

  it('regulatory compliance, custom states or standards: each exactly once', () => {
    const states = valuesOf(compliance, { regulatoryComplianceControlStates: ['Failed', 'Skipped'] });
    const byState = deployed(compliance, states);
    assert.equal(reasonOf(compliance, states, withRuleSets(byState, (sets) => sets.slice(0, 1))), "control state 'Skipped' has no rule set");
    assert.equal(
      reasonOf(compliance, states, withRuleSets(byState, (sets) => [...sets, [rule('properties.state', 'Equals', 'Passed')]])),
      "rule 'properties.state Equals Passed' is not one the policy generates",
    );
    const standards = valuesOf(compliance, { regulatoryComplianceStandards: ['PCI-DSS-4'] });
    const byStandard = deployed(compliance, standards);
    assert.equal(
      reasonOf(compliance, standards, withRuleSets(byStandard, (sets) => [...sets, ...sets])),
      "standard 'PCI-DSS-4' appears in 2 rules; the policy generates 1",
    );
  });

  it('regulatory compliance, both custom: the number of rules', () => {
    const values = valuesOf(compliance, { regulatoryComplianceStandards: ['PCI-DSS-4', 'ISO-27001'], regulatoryComplianceControlStates: ['Failed'] });
    const automation = deployed(compliance, values);
    assert.equal(reasonOf(compliance, values, automation), undefined);
    assert.equal(
      reasonOf(compliance, values, withRuleSets(automation, (sets) => sets.slice(1))),
      'the automation has 2 rules; the policy generates 4 (a standard and a state rule for each of 2 × 1 combinations)',
    );
  });
});
