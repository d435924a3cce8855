import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParameterError, resolveParameters } from './policy-parameters.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { LOGIC_APP, alerts, compliance, recommendations, requiredParameters } from './policy-test-support.js';

function errorsOf(policy: PolicyDefinition, given: unknown): Record<string, string> {
  const result = resolveParameters(policy, given);
  assert.ok(!result.ok, 'expected errors');
  return Object.fromEntries(result.errors.map((e: ParameterError) => [e.target, e.message]));
}

function wrap(plain: Record<string, unknown>): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, { value }]));
}

const P = 'properties.parameters';

describe('resolveParameters: accepted', () => {
  it('applies defaults and echoes only what was given', () => {
    const result = resolveParameters(alerts, requiredParameters());
    assert.ok(result.ok);
    assert.deepEqual(result.value.values, {
      automationName: 'asc-automation',
      resourceGroupName: 'asc-automation-rg',
      resourceGroupLocation: 'westeurope',
      createResourceGroup: true,
      alertName: '',
      alertSeverities: ['High', 'Medium', 'Low'],
      logicAppResourceId: LOGIC_APP,
      logicAppTrigger: 'Manual (Incoming HTTP request)',
    });
    assert.deepEqual(result.value.given, requiredParameters());
  });

  it('matches names and allowed values in any case and canonicalises both', () => {
    const given = {
      ...requiredParameters(),
      LOGICAPPTRIGGER: { value: 'when an azure security center recommendation is created or triggered' },
      recommendationseverities: { value: ['low', 'HIGH'] },
      RecommendationStates: { value: ['not applicable'] },
      recommendationNames: { value: ['1195afff-c881-495e-9bc5-1486211ae03f'] },
      createresourcegroup: { value: false },
    };
    delete (given as Record<string, unknown>).logicAppTrigger;
    const result = resolveParameters(recommendations, given);
    assert.ok(result.ok, JSON.stringify(result.ok || result.errors));
    assert.equal(result.value.values.logicAppTrigger, 'When an Azure Security Center Recommendation is created or triggered');
    assert.deepEqual(result.value.values.recommendationSeverities, ['Low', 'High']);
    assert.deepEqual(result.value.values.recommendationStates, ['Not Applicable']);
    assert.equal(result.value.values.createResourceGroup, false);
    assert.deepEqual(Object.keys(result.value.given).sort(), [
      'automationName',
      'createResourceGroup',
      'logicAppResourceId',
      'logicAppTrigger',
      'recommendationNames',
      'recommendationSeverities',
      'recommendationStates',
      'resourceGroupLocation',
      'resourceGroupName',
    ]);
    assert.deepEqual(result.value.given.recommendationSeverities, { value: ['Low', 'High'] });
  });

  it('does not hand out the shared default arrays', () => {
    const result = resolveParameters(compliance, requiredParameters());
    assert.ok(result.ok);
    const states = result.value.values.regulatoryComplianceControlStates as string[];
    states.push('x');
    assert.deepEqual(compliance.properties.parameters.regulatoryComplianceControlStates?.defaultValue, ['Failed', 'Passed', 'Skipped', 'Unsupported']);
  });

  it('accepts resource group names with dots, parentheses and non-ASCII letters', () => {
    for (const name of ['rg.prod(1)', 'Ressourcengruppe-Ü', 'a'.repeat(90)]) {
      assert.ok(resolveParameters(alerts, requiredParameters({ resourceGroupName: name })).ok, name);
    }
  });
});

describe('resolveParameters: refused', () => {
  it('refuses a non-object', () => {
    assert.deepEqual(errorsOf(alerts, []), { [P]: 'Must be an object of {"name": {"value": …}}; got an array.' });
    assert.deepEqual(Object.keys(errorsOf(alerts, 'x')), [P]);
  });

  it('reports every missing required parameter when none is given', () => {
    for (const given of [undefined, null, {}]) {
      assert.deepEqual(Object.keys(errorsOf(alerts, given)), [
        `${P}.automationName`,
        `${P}.resourceGroupName`,
        `${P}.resourceGroupLocation`,
        `${P}.logicAppResourceId`,
        `${P}.logicAppTrigger`,
      ]);
    }
    assert.match(errorsOf(alerts, {})[`${P}.resourceGroupLocation`] ?? '', /'resourceGroupLocation' is required/);
  });

  it('names the parameters that exist when one is unknown', () => {
    const errors = errorsOf(alerts, { ...requiredParameters(), recommendationNames: { value: [] } });
    assert.deepEqual(Object.keys(errors), [`${P}.recommendationNames`]);
    assert.match(errors[`${P}.recommendationNames`] ?? '', /not a parameter of this policy; its parameters are automationName, .*alertSeverities, logicAppResourceId, logicAppTrigger\./);
  });

  it('refuses values not wrapped in {value}', () => {
    const errors = errorsOf(alerts, { ...requiredParameters(), alertName: 'x', alertSeverities: {}, createResourceGroup: { value: true, type: 'Boolean' } });
    assert.deepEqual(errors, {
      [`${P}.alertName`]: 'Must be {"value": …}; got a string.',
      [`${P}.alertSeverities`]: `Must be {"value": …}; 'value' is missing.`,
      [`${P}.createResourceGroup`]: `Must be {"value": …} alone; remove 'type'.`,
    });
  });

  it('refuses a parameter given twice in different cases', () => {
    const errors = errorsOf(alerts, { ...requiredParameters(), alertName: { value: 'a' }, ALERTNAME: { value: 'b' } });
    assert.deepEqual(Object.keys(errors), [`${P}.alertName`]);
    assert.match(errors[`${P}.alertName`] ?? '', /given more than once/);
  });

  it('checks types', () => {
    const errors = errorsOf(
      alerts,
      wrap({
        automationName: 1,
        resourceGroupName: null,
        resourceGroupLocation: ['westeurope'],
        createResourceGroup: 'true',
        alertSeverities: 'High',
        logicAppResourceId: { id: LOGIC_APP },
        logicAppTrigger: true,
      }),
    );
    assert.deepEqual(errors, {
      [`${P}.automationName.value`]: 'Must be a string; got a number.',
      [`${P}.resourceGroupName.value`]: 'Must be a string; got null.',
      [`${P}.resourceGroupLocation.value`]: 'Must be a string; got an array.',
      [`${P}.createResourceGroup.value`]: 'Must be true or false; got a string.',
      [`${P}.alertSeverities.value`]: 'Must be an array of strings; got a string.',
      [`${P}.logicAppResourceId.value`]: 'Must be a string; got an object.',
      [`${P}.logicAppTrigger.value`]: 'Must be a string; got a boolean.',
    });
  });

  it('checks array elements: type, allowed values, duplicates, emptiness', () => {
    assert.deepEqual(errorsOf(alerts, { ...requiredParameters(), alertSeverities: { value: ['High', 'Critical', 3, 'high'] } }), {
      [`${P}.alertSeverities.value[1]`]: "'Critical' is not allowed; use 'High', 'Medium', 'Low' (case-insensitive).",
      [`${P}.alertSeverities.value[2]`]: 'Must be a string; got a number.',
      [`${P}.alertSeverities.value[3]`]: "'high' is already given at [0]; each value may appear once.",
    });
    assert.deepEqual(errorsOf(alerts, { ...requiredParameters(), alertSeverities: { value: [] } }), {
      [`${P}.alertSeverities.value`]: "Must not be empty; give one or more of 'High', 'Medium', 'Low'.",
    });
    assert.deepEqual(errorsOf(compliance, { ...requiredParameters(), regulatoryComplianceStandards: { value: ['PCI-DSS-4', ' ', 'pci-dss-4'] } }), {
      [`${P}.regulatoryComplianceStandards.value[1]`]: 'Must not be empty.',
      [`${P}.regulatoryComplianceStandards.value[2]`]: "'pci-dss-4' is already given at [0]; each value may appear once.",
    });
  });

  it('allows an empty free-text list (= all)', () => {
    assert.ok(resolveParameters(recommendations, { ...requiredParameters(), recommendationNames: { value: [] } }).ok);
  });

  it('checks a string against its allowed values and says what is allowed', () => {
    assert.deepEqual(errorsOf(alerts, requiredParameters({ logicAppTrigger: 'When an Azure Security Center Recommendation is created or triggered' })), {
      [`${P}.logicAppTrigger.value`]:
        "'When an Azure Security Center Recommendation is created or triggered' is not allowed; use 'Manual (Incoming HTTP request)', 'When an Azure Security Center Alert is created or triggered' (case-insensitive).",
    });
  });

  it('checks automation names, resource group names, locations and logic app ids', () => {
    const errors = errorsOf(
      alerts,
      requiredParameters({
        automationName: 'has space',
        resourceGroupName: 'ends.',
        resourceGroupLocation: '  ',
        logicAppResourceId: `/subscriptions/${'s'}/resourceGroups/rg/providers/Microsoft.Web/sites/app`,
      }),
    );
    assert.deepEqual(Object.keys(errors), [
      `${P}.automationName.value`,
      `${P}.resourceGroupName.value`,
      `${P}.resourceGroupLocation.value`,
      `${P}.logicAppResourceId.value`,
    ]);
    assert.match(errors[`${P}.logicAppResourceId.value`] ?? '', /Microsoft\.Logic\/workflows/);
    for (const name of ['', 'a'.repeat(91), 'rg/x', 'rg#']) {
      assert.deepEqual(Object.keys(errorsOf(alerts, requiredParameters({ resourceGroupName: name }))), [`${P}.resourceGroupName.value`], name);
    }
    for (const name of ['', 'a'.repeat(261), 'a.b']) {
      assert.deepEqual(Object.keys(errorsOf(alerts, requiredParameters({ automationName: name }))), [`${P}.automationName.value`], name);
    }
    const nested = `${LOGIC_APP}/triggers/manual`;
    assert.deepEqual(Object.keys(errorsOf(alerts, requiredParameters({ logicAppResourceId: nested }))), [`${P}.logicAppResourceId.value`]);
    assert.ok(resolveParameters(alerts, requiredParameters({ logicAppResourceId: LOGIC_APP.toLowerCase() })).ok);
  });

  it('keeps alert names and list items short enough to be rule values', () => {
    assert.deepEqual(Object.keys(errorsOf(alerts, requiredParameters({ alertName: 'x'.repeat(1025) }))), [`${P}.alertName.value`]);
    assert.deepEqual(Object.keys(errorsOf(recommendations, requiredParameters({ recommendationNames: ['x'.repeat(1025)] }))), [
      `${P}.recommendationNames.value[0]`,
    ]);
  });

  it('refuses parameter sets that make more rule sets than an automation holds', () => {
    const names = Array.from({ length: 112 }, (_, i) => `rec-${i}`);
    const errors = errorsOf(recommendations, requiredParameters({ recommendationNames: names }));
    assert.deepEqual(Object.keys(errors), [`${P}.recommendationNames.value`]);
    assert.match(errors[`${P}.recommendationNames.value`] ?? '', /1008 rule sets .* at most 1000/);
    assert.ok(resolveParameters(recommendations, requiredParameters({ recommendationNames: names.slice(0, 111) })).ok);
    const standards = Array.from({ length: 251 }, (_, i) => `std-${i}`);
    assert.deepEqual(Object.keys(errorsOf(compliance, requiredParameters({ regulatoryComplianceStandards: standards }))), [
      `${P}.regulatoryComplianceStandards.value`,
    ]);
  });
});
