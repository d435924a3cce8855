import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SENT_AT_PROPERTY, benchAlert, readBenchAlert, severityOf } from './bench-alert.js';

describe('the bench alert', () => {
  it('alternates High and Low', () => {
    assert.deepEqual([0, 1, 2, 3].map(severityOf), ['High', 'Low', 'High', 'Low']);
  });

  it('carries its send time through a JSON round trip to the sink', () => {
    const body = JSON.parse(JSON.stringify(benchAlert('alert-1', 'High', 123_456_789_012)));
    assert.deepEqual(readBenchAlert(body), { id: 'alert-1', severity: 'High', sentAtUs: 123_456_789_012 });
  });

  it('does not take a body without the send time, or with a bad one, for a bench alert', () => {
    const alert = benchAlert('alert-1', 'High', 5);
    assert.equal(readBenchAlert({ ...alert, ExtendedProperties: {} }), undefined);
    assert.equal(readBenchAlert({ ...alert, ExtendedProperties: { [SENT_AT_PROPERTY]: 'soon' } }), undefined);
    assert.equal(readBenchAlert({ ...alert, SystemAlertId: 7 }), undefined);
    assert.equal(readBenchAlert('text'), undefined);
    assert.equal(readBenchAlert(null), undefined);
  });
});
