import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { JsonObject, Value } from '../expressions/values.js';
import { parsePropertyPath, resolvePropertyPath } from './property-path.js';

function at(payload: Value, path: string): Value | undefined {
  const parsed = parsePropertyPath(path);
  assert.ok(parsed.ok, `${path}: ${parsed.ok ? '' : parsed.message}`);
  return resolvePropertyPath(payload, parsed.segments);
}

const alert: JsonObject = {
  Severity: 'High',
  Version: '3.0',
  Entities: [{ $id: '1', Type: 'host', HostName: 'web1' }, { $id: '2', type: 'ip', Address: '10.0.0.1' }],
  ResourceIdentifiers: [{ Type: 'AzureResource', AzureResourceId: '/subscriptions/s1/resourceGroups/rg/providers/x/y/z' }],
  ExtendedProperties: { 'Process Path': 'c:\\a.exe', PID: 42, 'a.b': 'dotted' },
  properties: { metadata: { severity: 'Medium' } },
};

describe('parsePropertyPath / resolvePropertyPath', () => {
  it('reads the path styles rules use', () => {
    assert.equal(at(alert, 'Severity'), 'High');
    assert.equal(at(alert, '$.Severity'), 'High');
    assert.equal(at(alert, 'properties.metadata.severity'), 'Medium');
    assert.equal(at(alert, 'Entities[0].Type'), 'host');
    assert.equal(at(alert, '$.Entities[1].Address'), '10.0.0.1');
    assert.equal(at(alert, 'Entities.1.Address'), '10.0.0.1');
    assert.equal(at(alert, 'ResourceIdentifiers[0].AzureResourceId'), '/subscriptions/s1/resourceGroups/rg/providers/x/y/z');
    assert.equal(at(alert, "ExtendedProperties['Process Path']"), 'c:\\a.exe');
    assert.equal(at(alert, 'ExtendedProperties["a.b"]'), 'dotted');
    assert.equal(at(alert, "$['Severity']"), 'High');
    assert.equal(at(alert, '  Severity  '), 'High');
  });

  it('falls back to a case-insensitive property match, exact first', () => {
    assert.equal(at(alert, 'severity'), 'High');
    assert.equal(at(alert, 'ENTITIES[1].TYPE'), 'ip');
    assert.equal(at({ a: 1, A: 2 }, 'A'), 2);
    assert.equal(at({ a: 1, A: 2 }, 'a'), 1);
  });

  it('answers undefined for anything missing', () => {
    assert.equal(at(alert, 'Nope'), undefined);
    assert.equal(at(alert, 'Entities[5].Type'), undefined);
    assert.equal(at(alert, 'Severity.length'), undefined);
    assert.equal(at(alert, 'Entities.Type'), undefined);
    assert.equal(at(alert, 'Severity[0]'), undefined);
    assert.equal(at(alert, 'properties[0]'), undefined);
    assert.equal(at({ a: null }, 'a.b'), undefined);
    assert.equal(at({ a: null }, 'a'), null);
    assert.equal(at(alert, 'constructor'), undefined);
    assert.equal(at(alert, '__proto__'), undefined);
  });

  it('rejects queries and malformed paths with a message', () => {
    for (const bad of ['', '   ', '$', 'a..b', '$..a', 'a.*', 'a[*]', 'a[?(@.x)]', 'a[-1]', 'a[', "a['x", "a['x'", 'a.', '$a', 'a]b', 'a[1:2]', "a['']"]) {
      const parsed = parsePropertyPath(bad);
      assert.equal(parsed.ok, false, bad);
      assert.ok(!parsed.ok && parsed.message.length > 0);
    }
  });

  it('never throws, whatever the path or payload', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 4 }), (path, payload) => {
        const parsed = parsePropertyPath(path);
        if (parsed.ok) resolvePropertyPath(payload as Value, parsed.segments);
      }),
    );
  });
});
