import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Schema, Validator } from '@cfworker/json-schema';
import { Value } from '@sinclair/typebox/value';
import { eventSchemaFor, eventSchemas, EventSchemaName, isEventSchemaName, parseEvent, SCHEMA_NAME_OF_KIND } from './index.js';
import { FIXTURES, type FixtureName, fixture, readJson } from '../../test/fixtures/events/fixtures.js';
import { SecurityAlertSchema } from './schemas/security-alert-schema.js';

const metaSchema = readJson('json-schema-draft-07.json') as Schema;

/** @cfworker/json-schema annotates the schemas it is given, and the published ones are frozen: give it a copy. */
function validate(schema: unknown, instance: unknown): readonly string[] {
  const result = new Validator(structuredClone(schema) as Schema, '7', false).validate(instance);
  return result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}

/** The published schema each fixture is posted against; an ARM alert is checked through its flat payload. */
const SCHEMA_OF_FIXTURE: { readonly [F in FixtureName]: EventSchemaName | undefined } = {
  flatAlert: 'SecurityAlert',
  svchostAlert: 'SecurityAlert',
  armAlert: undefined,
  assessmentUnhealthy: 'Recommendation',
  assessmentHealthy: 'Recommendation',
  subAssessment: 'SubAssessment',
  compliance: 'RegulatoryComplianceAssessment',
};

describe('published event schemas', () => {
  it('publishes the four data types', () => {
    assert.deepEqual(Object.keys(eventSchemas).sort(), ['Recommendation', 'RegulatoryComplianceAssessment', 'SecurityAlert', 'SubAssessment']);
    assert.ok(isEventSchemaName('SecurityAlert'));
    assert.ok(!isEventSchemaName('toString'));
  });

  for (const name of Object.values(EventSchemaName)) {
    it(`${name} is a draft-07 schema with an id, title, description and described properties`, () => {
      const schema = eventSchemas[name];
      assert.deepEqual(validate(metaSchema, schema), []);
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(schema.$id, `/api/schemas/${name}.json`);
      assert.equal(typeof schema.title, 'string');
      assert.equal(typeof schema.description, 'string');
      assert.ok(Array.isArray(schema.required) && schema.required.length > 0);
      const properties = schema.properties as Record<string, { description?: unknown }>;
      for (const [key, property] of Object.entries(properties)) assert.equal(typeof property.description, 'string', key);
      assert.equal(JSON.stringify(schema).includes('errorMessage'), false);
      assert.ok(Object.isFrozen(schema) && Object.isFrozen(schema.properties));
    });
  }

  it('requires what identifies and routes an alert', () => {
    assert.deepEqual(eventSchemas.SecurityAlert.required, ['SystemAlertId', 'AlertDisplayName', 'Severity']);
  });

  it('serves absolute ids for a public URL', () => {
    assert.equal(eventSchemaFor('SubAssessment', 'https://riposte.example.com/').$id, 'https://riposte.example.com/api/schemas/SubAssessment.json');
    assert.equal(eventSchemaFor('SubAssessment', 'https://riposte.example.com').title, eventSchemas.SubAssessment.title);
  });

  for (const [name, file] of Object.entries(FIXTURES) as [FixtureName, string][]) {
    it(`${file} validates against its published schema, and so does its payload`, () => {
      const raw = fixture(name);
      const schemaName = SCHEMA_OF_FIXTURE[name];
      if (schemaName !== undefined) assert.deepEqual(validate(eventSchemas[schemaName], raw), []);
      const result = parseEvent(raw, { alertUriBase: 'https://riposte.example.com' });
      assert.ok(result.ok);
      const payloadSchema = SCHEMA_NAME_OF_KIND[result.event.kind];
      assert.deepEqual(validate(eventSchemas[payloadSchema], result.event.payload), []);
    });
  }

  it('agrees with the TypeBox check it was derived from', () => {
    const cases: unknown[] = [
      fixture('flatAlert'),
      { ...fixture('flatAlert'), Severity: 'Critical' },
      { ...fixture('flatAlert'), Severity: 'hIgH' },
      { ...fixture('flatAlert'), SystemAlertId: 'a/b' },
      { ...fixture('flatAlert'), Entities: [1] },
      { ...fixture('flatAlert'), IsIncident: 'no' },
      { SystemAlertId: 'x', AlertDisplayName: 'y' },
    ];
    for (const instance of cases) {
      assert.equal(validate(eventSchemas.SecurityAlert, instance).length === 0, Value.Check(SecurityAlertSchema, instance), JSON.stringify(instance).slice(0, 80));
    }
  });
});
