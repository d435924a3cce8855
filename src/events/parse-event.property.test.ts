/** Whatever JSON arrives, parseEvent answers with an event or an error; it never throws. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseEvent } from './index.js';
import { fixture, type FixtureName } from '../../test/fixtures/events/fixtures.js';

const options = { alertUriBase: 'https://riposte.example.com' };

function answers(raw: unknown): void {
  const result = parseEvent(raw, options);
  if (result.ok) assert.equal(typeof result.event.key, 'string');
  else assert.equal(typeof result.error.target, 'string');
}

const names: FixtureName[] = ['flatAlert', 'armAlert', 'assessmentUnhealthy', 'subAssessment', 'compliance'];

/** A fixture with one field (top level or under `properties`) replaced by arbitrary JSON. */
const mutatedFixture = fc
  .tuple(fc.constantFrom(...names), fc.boolean(), fc.nat(), fc.jsonValue({ maxDepth: 3 }))
  .map(([name, nested, index, value]) => {
    const event = fixture(name);
    const target = nested && typeof event.properties === 'object' ? (event.properties as Record<string, unknown>) : event;
    const keys = Object.keys(target);
    const key = keys[index % keys.length] as string;
    target[key] = value;
    return event;
  });

describe('parseEvent never throws', () => {
  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (raw) => answers(raw)), { numRuns: 500 });
  });

  it('on arbitrary objects that look like events', () => {
    const typeValue = fc.oneof(
      fc.constantFrom('Microsoft.Security/Locations/alerts', 'microsoft.security/assessments', 'Microsoft.Security/assessments/subAssessments', 'x/regulatoryComplianceAssessment'),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const looksLikeEvent = fc.record(
      { type: typeValue, id: fc.oneof(fc.string(), fc.constant('/subscriptions/s/providers/Microsoft.Security/assessments/a')), SystemAlertId: fc.string(), properties: fc.jsonValue({ maxDepth: 3 }) },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(looksLikeEvent, (raw) => answers(raw)), { numRuns: 500 });
  });

  it('on fixtures with one field replaced by arbitrary JSON', () => {
    fc.assert(fc.property(mutatedFixture, (raw) => answers(raw)), { numRuns: 1000 });
  });
});
