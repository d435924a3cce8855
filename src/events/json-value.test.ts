import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchTarget, childPath, pointerToPath } from './json-path.js';
import { checkJsonBounds, copyJson } from './json-value.js';
import { attachedResourceOf, locationOfAlertUri, parentAssessmentIdOf, scopeOf } from './resource-scope.js';

describe('json paths', () => {
  it('writes identifiers with dots, indices in brackets and other keys quoted', () => {
    assert.equal(childPath(childPath(childPath('', 'Entities'), 3), 'address'), 'Entities[3].address');
    assert.equal(childPath('ExtendedProperties', 'Process Path'), "ExtendedProperties['Process Path']");
    assert.equal(childPath('', "it's"), "['it\\'s']");
    assert.equal(pointerToPath('/properties/status/code'), 'properties.status.code');
    assert.equal(pointerToPath('/RemediationSteps/1'), 'RemediationSteps[1]');
    assert.equal(pointerToPath('/a~1b/c~0d'), "['a/b']['c~d']");
    assert.equal(pointerToPath(''), '');
  });

  it('prefixes targets with the batch position', () => {
    assert.equal(batchTarget(3, 'properties.status.code'), 'value[3].properties.status.code');
    assert.equal(batchTarget(0, ''), 'value[0]');
    assert.equal(batchTarget(1, "['a b']"), "value[1]['a b']");
  });
});

describe('checkJsonBounds', () => {
  it('accepts JSON within bounds', () => {
    assert.equal(checkJsonBounds({ a: [1, 'é', null, true, { b: {} }] }), undefined);
  });

  it('measures UTF-8 bytes', () => {
    assert.equal(checkJsonBounds('€'.repeat(3), { maxBytes: 11, maxDepth: 5 }), undefined);
    assert.deepEqual(checkJsonBounds('€'.repeat(4), { maxBytes: 11, maxDepth: 5 }), { kind: 'tooLarge', path: '' });
  });

  it('names the first value nested too deep', () => {
    assert.deepEqual(checkJsonBounds({ a: [{ b: [] }] }, { maxBytes: 100, maxDepth: 3 }), { kind: 'tooDeep', path: 'a[0].b' });
  });

  it('refuses values JSON cannot carry', () => {
    assert.deepEqual(checkJsonBounds({ a: [1, Infinity] }), { kind: 'notJson', path: 'a[1]' });
    assert.deepEqual(checkJsonBounds({ f: () => 1 }), { kind: 'notJson', path: 'f' });
    assert.deepEqual(checkJsonBounds({ m: new Map() }), { kind: 'notJson', path: 'm' });
    assert.deepEqual(checkJsonBounds({ n: 1n }), { kind: 'notJson', path: 'n' });
    assert.deepEqual(checkJsonBounds({ a: ['ok', 'x\u0000y'] }), { kind: 'nulCharacter', path: 'a[1]' });
    assert.deepEqual(checkJsonBounds({ b: { 'k\u0000': 1 } }), { kind: 'nulCharacter', path: 'b' });
  });
});

describe('copyJson', () => {
  it('copies deeply and keeps __proto__ as data', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "a": [{"b": 1}]}') as Record<string, unknown>;
    const copy = copyJson(raw) as Record<string, unknown>;
    assert.deepEqual(copy, raw);
    assert.notEqual(copy.a, raw.a);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
  });
});

describe('resource scopes', () => {
  it('reads subscription and resource group in any case', () => {
    assert.deepEqual(scopeOf('/SUBSCRIPTIONS/abc-1/RESOURCEGROUPS/Rg/providers/x/y/z'), { subscriptionId: 'abc-1', resourceGroup: 'Rg' });
    assert.deepEqual(scopeOf('subscriptions/abc'), { subscriptionId: 'abc' });
    assert.equal(scopeOf('/providers/Microsoft.Management/managementGroups/mg'), undefined);
    assert.equal(scopeOf('/subscriptions/'), undefined);
    assert.equal(scopeOf('/subscriptions/a b'), undefined);
  });

  it('finds the attached resource, the parent assessment and the alert region', () => {
    const resource = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/db';
    const assessment = `${resource}/providers/Microsoft.Security/assessments/k`;
    assert.equal(attachedResourceOf(assessment), resource);
    assert.equal(attachedResourceOf(`${assessment.toLowerCase()}/subassessments/f`), resource.toLowerCase());
    assert.equal(attachedResourceOf('/providers/Microsoft.Security/x'), undefined);
    assert.equal(parentAssessmentIdOf(`${assessment}/subAssessments/f`), assessment);
    assert.equal(parentAssessmentIdOf(assessment), undefined);
    assert.equal(locationOfAlertUri('https://portal.azure.com/#blade/AlertBlade/alertId/1/location/WestEurope'), 'westeurope');
    assert.equal(locationOfAlertUri('https://portal.azure.com/#blade/AlertBlade/alertId/1'), undefined);
  });
});
