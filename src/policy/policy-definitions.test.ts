import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPolicyDefinition, policyDefinitions } from './policy-definitions.js';

const IDS = {
  alerts: 'f1525828-9a90-4fcf-be48-268cdd02361e',
  recommendations: '73d6ab6c-2475-4850-afd6-43795f3492ef',
  regulatoryCompliance: '509122b9-ddd9-47ba-a5f1-d0dac20be63c',
};

interface Details {
  type: string;
  name: string;
  existenceScope: string;
  ResourceGroupName: string;
  deploymentScope: string;
  roleDefinitionIds: string[];
  existenceCondition: { allOf: unknown[] };
  deployment: { location: string; properties: { mode: string; parameters: Record<string, { value: string }> } };
}

function details(index: number): Details {
  const rule = policyDefinitions[index]?.properties.policyRule as { if: unknown; then: { effect: string; details: Details } };
  assert.deepEqual(rule.if, { field: 'type', equals: 'Microsoft.Resources/subscriptions' });
  assert.equal(rule.then.effect, 'deployIfNotExists');
  return rule.then.details;
}

describe('policyDefinitions', () => {
  it('holds the three built-ins in order, with their ids, names and display names', () => {
    assert.deepEqual(
      policyDefinitions.map((d) => [d.kind, d.name, d.id, d.type, d.properties.displayName]),
      [
        ['alerts', IDS.alerts, `/providers/Microsoft.Authorization/policyDefinitions/${IDS.alerts}`, 'Microsoft.Authorization/policyDefinitions', 'Deploy Workflow Automation for Microsoft Defender for Cloud alerts'],
        ['recommendations', IDS.recommendations, `/providers/Microsoft.Authorization/policyDefinitions/${IDS.recommendations}`, 'Microsoft.Authorization/policyDefinitions', 'Deploy Workflow Automation for Microsoft Defender for Cloud recommendations'],
        ['regulatoryCompliance', IDS.regulatoryCompliance, `/providers/Microsoft.Authorization/policyDefinitions/${IDS.regulatoryCompliance}`, 'Microsoft.Authorization/policyDefinitions', 'Deploy Workflow Automation for Microsoft Defender for Cloud regulatory compliance'],
      ],
    );
    for (const d of policyDefinitions) {
      assert.equal(d.properties.policyType, 'BuiltIn');
      assert.equal(d.properties.mode, 'All');
      assert.deepEqual(d.properties.metadata, { version: '5.0.1', category: 'Security Center' });
    }
  });

  it('declares the parameters the built-ins declare, in their order', () => {
    const head = ['automationName', 'resourceGroupName', 'resourceGroupLocation', 'createResourceGroup'];
    const tail = ['logicAppResourceId', 'logicAppTrigger'];
    assert.deepEqual(policyDefinitions.map((d) => Object.keys(d.properties.parameters)), [
      [...head, 'alertName', 'alertSeverities', ...tail],
      [...head, 'recommendationNames', 'recommendationSeverities', 'recommendationStates', ...tail],
      [...head, 'regulatoryComplianceStandards', 'regulatoryComplianceControlStates', ...tail],
    ]);
  });

  it('gives the common parameters their types, strong types and defaults', () => {
    for (const d of policyDefinitions) {
      const p = d.properties.parameters;
      for (const name of ['automationName', 'resourceGroupName', 'resourceGroupLocation', 'logicAppResourceId', 'logicAppTrigger']) {
        assert.equal(p[name]?.type, 'String', name);
        assert.equal(p[name]?.defaultValue, undefined, `${name} is required`);
        assert.ok(p[name]?.metadata.displayName && p[name]?.metadata.description, name);
      }
      assert.equal(p.resourceGroupLocation?.metadata.strongType, 'location');
      assert.deepEqual(p.createResourceGroup, { ...p.createResourceGroup, type: 'Boolean', allowedValues: [true, false], defaultValue: true });
      assert.equal(p.logicAppResourceId?.metadata.strongType, 'Microsoft.Logic/workflows');
      assert.equal(p.logicAppResourceId?.metadata.assignPermissions, true);
    }
  });

  it('offers each policy its two trigger choices', () => {
    assert.deepEqual(policyDefinitions.map((d) => d.properties.parameters.logicAppTrigger?.allowedValues), [
      ['Manual (Incoming HTTP request)', 'When an Azure Security Center Alert is created or triggered'],
      ['Manual (Incoming HTTP request)', 'When an Azure Security Center Recommendation is created or triggered'],
      ['Manual (Incoming HTTP request)', 'When an Azure Security Center regulatory compliance assessment is created or triggered'],
    ]);
  });

  it("declares each policy's own parameters as the reference lists them", () => {
    const [a, r, c] = policyDefinitions.map((d) => d.properties.parameters);
    const shape = (p: typeof a, name: string) => {
      const { type, allowedValues, defaultValue } = p?.[name] ?? {};
      return { type, allowedValues, defaultValue };
    };
    assert.deepEqual(shape(a, 'alertName'), { type: 'String', allowedValues: undefined, defaultValue: '' });
    assert.deepEqual(shape(a, 'alertSeverities'), { type: 'Array', allowedValues: ['High', 'Medium', 'Low'], defaultValue: ['High', 'Medium', 'Low'] });
    assert.deepEqual(shape(r, 'recommendationNames'), { type: 'Array', allowedValues: undefined, defaultValue: [] });
    assert.deepEqual(shape(r, 'recommendationSeverities'), { type: 'Array', allowedValues: ['High', 'Medium', 'Low'], defaultValue: ['High', 'Medium', 'Low'] });
    assert.deepEqual(shape(r, 'recommendationStates'), {
      type: 'Array',
      allowedValues: ['Healthy', 'Unhealthy', 'Not Applicable'],
      defaultValue: ['Healthy', 'Unhealthy', 'Not Applicable'],
    });
    assert.deepEqual(shape(c, 'regulatoryComplianceStandards'), { type: 'Array', allowedValues: undefined, defaultValue: [] });
    assert.deepEqual(shape(c, 'regulatoryComplianceControlStates'), {
      type: 'Array',
      allowedValues: ['Failed', 'Passed', 'Skipped', 'Unsupported'],
      defaultValue: ['Failed', 'Passed', 'Skipped', 'Unsupported'],
    });
  });

  it('has the DeployIfNotExists details of the built-ins', () => {
    policyDefinitions.forEach((d, i) => {
      const x = details(i);
      assert.equal(x.type, 'Microsoft.Security/automations');
      assert.equal(x.name, "[parameters('automationName')]");
      assert.equal(x.existenceScope, 'resourcegroup');
      assert.equal(x.ResourceGroupName, "[parameters('resourceGroupName')]");
      assert.equal(x.deploymentScope, 'subscription');
      assert.deepEqual(x.roleDefinitionIds, ['/providers/microsoft.authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c']);
      assert.deepEqual(x.existenceCondition.allOf[0], { field: 'Microsoft.Security/automations/isEnabled', equals: true });
      assert.equal(x.deployment.location, 'westeurope');
      assert.equal(x.deployment.properties.mode, 'incremental');
      assert.deepEqual(
        x.deployment.properties.parameters,
        Object.fromEntries(Object.keys(d.properties.parameters).map((name) => [name, { value: `[parameters('${name}')]` }])),
      );
    });
    assert.equal(details(0).existenceCondition.allOf.length, 4);
    assert.equal(details(1).existenceCondition.allOf.length, 5);
    assert.equal(details(2).existenceCondition.allOf.length, 2);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(policyDefinitions));
    assert.ok(Object.isFrozen(policyDefinitions[0]?.properties.parameters.alertSeverities?.defaultValue));
    assert.throws(() => (policyDefinitions[0]?.properties.parameters as Record<string, unknown>)['x'] = 1);
  });
});

describe('findPolicyDefinition', () => {
  it('finds by full id or bare guid, in any case', () => {
    assert.equal(findPolicyDefinition(IDS.alerts)?.kind, 'alerts');
    assert.equal(findPolicyDefinition(IDS.recommendations.toUpperCase())?.kind, 'recommendations');
    assert.equal(findPolicyDefinition(`/providers/microsoft.authorization/POLICYDEFINITIONS/${IDS.regulatoryCompliance}`)?.kind, 'regulatoryCompliance');
    assert.equal(findPolicyDefinition(`/providers/Microsoft.Authorization/policyDefinitions/${IDS.alerts}/`)?.kind, 'alerts');
  });

  it('answers undefined for anything else', () => {
    assert.equal(findPolicyDefinition(''), undefined);
    assert.equal(findPolicyDefinition('00000000-0000-0000-0000-000000000000'), undefined);
    assert.equal(findPolicyDefinition(`/providers/Microsoft.Authorization/policySetDefinitions/${IDS.alerts}`), undefined);
    assert.equal(findPolicyDefinition(`${IDS.alerts}x`), undefined);
  });
});
