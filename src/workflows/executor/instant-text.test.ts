import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instantText } from './instant-text.js';

describe('instantText', () => {
  it('writes seven fractional digits, as Logic Apps does, for any instant in turn', () => {
    assert.equal(instantText(Date.UTC(2026, 10, 22, 1, 2, 3, 45)), '2026-11-22T01:02:03.0450000Z');
    assert.equal(instantText(Date.UTC(2026, 10, 22, 1, 2, 3, 45)), '2026-11-22T01:02:03.0450000Z');
    assert.equal(instantText(0), '1970-01-01T00:00:00.0000000Z');
    assert.equal(instantText(Date.UTC(9999, 11, 31, 23, 59, 59, 999)), '9999-12-31T23:59:59.9990000Z');
  });
});
