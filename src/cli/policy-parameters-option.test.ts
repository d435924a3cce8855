import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CliInputError } from './json-file.js';
import { assignmentParameters, coerceParameter } from './policy-parameters-option.js';

const declared = {
  alertSeverities: { type: 'Array' },
  createResourceGroup: { type: 'Boolean' },
  count: { type: 'Integer' },
  settings: { type: 'Object' },
  automationName: { type: 'String' },
};
const refused = (run: () => unknown, pattern: RegExp) => assert.throws(run, (error: unknown) => error instanceof CliInputError && pattern.test(error.message));

describe('--param values', () => {
  test('take the declared type', () => {
    assert.deepEqual(coerceParameter('a', 'High, Medium,', declared.alertSeverities), ['High', 'Medium']);
    assert.deepEqual(coerceParameter('a', '["a,b", "c"]', declared.alertSeverities), ['a,b', 'c']);
    assert.deepEqual(coerceParameter('a', '', declared.alertSeverities), []);
    assert.equal(coerceParameter('b', 'FALSE', declared.createResourceGroup), false);
    assert.equal(coerceParameter('c', '-12', declared.count), -12);
    assert.deepEqual(coerceParameter('d', '{"x": 1}', declared.settings), { x: 1 });
    assert.equal(coerceParameter('e', ' as is, with=signs ', declared.automationName), ' as is, with=signs ');
    assert.equal(coerceParameter('unknown', 'High,Low', undefined), 'High,Low');
  });

  test('name the parameter when the text cannot be that type', () => {
    refused(() => coerceParameter('createResourceGroup', 'maybe', declared.createResourceGroup), /--param createResourceGroup must be true or false/);
    refused(() => coerceParameter('count', '1.5', declared.count), /--param count must be a whole number/);
    refused(() => coerceParameter('alertSeverities', '[1', declared.alertSeverities), /--param alertSeverities is not valid JSON/);
  });

  test('override the parameters file, names matching case-insensitively', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riposte-params-'));
    try {
      const file = join(dir, 'parameters.json');
      await writeFile(file, JSON.stringify({ $schema: 'https://schema.management.azure.com/x#', parameters: { AlertSeverities: { value: ['Low'] }, automationName: { value: 'a' } } }));
      assert.deepEqual(await assignmentParameters(declared, file, ['alertseverities=High', 'extra=1', 'count=3']), {
        automationName: { value: 'a' },
        alertSeverities: { value: ['High'] },
        extra: { value: '1' },
        count: { value: 3 },
      });
      await assert.rejects(assignmentParameters(declared, undefined, ['=x']), CliInputError);
      await assert.rejects(assignmentParameters(declared, join(dir, 'missing.json'), []), CliInputError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
