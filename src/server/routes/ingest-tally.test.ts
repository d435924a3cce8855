import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countIngest, kindOfPosted } from './ingest-tally.js';

describe('counting an ingested batch', () => {
  test('tells the kind from the shape, as the parser does', () => {
    assert.equal(kindOfPosted({ SystemAlertId: 'x' }), 'Alert');
    assert.equal(kindOfPosted({ type: 'Microsoft.Security/Locations/alerts' }), 'Alert');
    assert.equal(kindOfPosted({ type: 'microsoft.security/assessments' }), 'Assessment');
    assert.equal(kindOfPosted({ type: 'Microsoft.Security/assessments/subAssessments' }), 'SubAssessment');
    assert.equal(kindOfPosted({ type: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments' }), 'RegulatoryComplianceAssessment');
    assert.equal(kindOfPosted({ type: 'Microsoft.Compute/virtualMachines' }), undefined);
    assert.equal(kindOfPosted({}), undefined);
    assert.equal(kindOfPosted([]), undefined);
    assert.equal(kindOfPosted('alert'), undefined);
    assert.equal(kindOfPosted(null), undefined);
  });

  test('accepted by kind; rejected by kind (when known) and code, one call per group', () => {
    const calls: unknown[] = [];
    const metrics = {
      eventsAccepted: (kind: string, n: number) => calls.push(['accepted', kind, n]),
      eventsRejected: (kind: string | undefined, code: string, n: number) => calls.push(['rejected', kind, code, n]),
    };
    const posted = [
      { SystemAlertId: '1' },
      { SystemAlertId: '2' },
      { type: 'Microsoft.Security/assessments' },
      { SystemAlertId: 'bad' },
      { SystemAlertId: 'bad too' },
      { type: 'Nope' },
      42,
      { type: 'Microsoft.Security/assessments' },
    ];
    countIngest(metrics, posted, {
      rejected: [
        { index: 3, error: { code: 'InvalidEvent' } },
        { index: 4, error: { code: 'InvalidEvent' } },
        { index: 5, error: { code: 'UnknownEventType' } },
        { index: 6, error: { code: 'InvalidEvent' } },
        { index: 7, error: { code: 'AuthorizationFailed' } },
      ],
    });
    assert.deepEqual(calls, [
      ['accepted', 'Alert', 2],
      ['accepted', 'Assessment', 1],
      ['rejected', 'Alert', 'InvalidEvent', 2],
      ['rejected', undefined, 'UnknownEventType', 1],
      ['rejected', undefined, 'InvalidEvent', 1],
      ['rejected', 'Assessment', 'AuthorizationFailed', 1],
    ]);
  });
});
