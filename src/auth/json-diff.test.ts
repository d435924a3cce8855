import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, jsonDiff } from './json-diff.js';

describe('jsonDiff', () => {
  test('lists changed, added and removed leaves with JSON Pointer paths', () => {
    const before = { properties: { state: 'Enabled', tags: { a: '1', gone: 'x' }, list: [1, 2, 3] } };
    const after = { properties: { state: 'Disabled', tags: { a: '1', 'new/key~': 'y' }, list: [1, 5] } };
    assert.deepEqual(jsonDiff(before, after).changes, [
      { path: '/properties/state', before: 'Enabled', after: 'Disabled' },
      { path: '/properties/tags/gone', before: 'x' },
      { path: '/properties/tags/new~1key~0', after: 'y' },
      { path: '/properties/list/1', before: 2, after: 5 },
      { path: '/properties/list/2', before: 3 },
    ]);
  });

  test('finds nothing between equal documents, whatever the key order', () => {
    const diff = jsonDiff({ a: { b: [1, { c: null }], d: true } }, { a: { d: true, b: [1, { c: null }] } });
    assert.deepEqual(diff, { changes: [], truncated: false });
  });

  test('a change of kind is one change at that path', () => {
    assert.deepEqual(jsonDiff({ a: { b: 1 } }, { a: [1] }).changes, [{ path: '/a', before: { b: 1 }, after: [1] }]);
    assert.deepEqual(jsonDiff('x', 'y').changes, [{ path: '/', before: 'x', after: 'y' }]);
  });

  test('stops at maxChanges and says so', () => {
    const before = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i + 1]));
    const diff = jsonDiff(before, after, { maxChanges: 100 });
    assert.equal(diff.changes.length, 100);
    assert.equal(diff.truncated, true);
  });

  test('shows a large value only by its size', () => {
    const diff = jsonDiff({}, { big: 'x'.repeat(5000) }, { maxValueLength: 100 });
    assert.deepEqual(diff.changes, [{ path: '/big', after: '(5002 characters not shown)' }]);
  });

  test('never shows the values of secret keys, also inside values added whole', () => {
    const isSecretKey = (key: string) => /password/i.test(key);
    const before = { auth: { type: 'Basic', password: 'old-secret' } };
    const after = { auth: { type: 'Basic', password: 'new-secret' }, extra: { nested: { Password: 'added-secret' } } };
    const diff = jsonDiff(before, after, { isSecretKey });
    assert.deepEqual(diff.changes, [
      { path: '/auth/password', before: REDACTED, after: REDACTED },
      { path: '/extra', after: { nested: { Password: REDACTED } } },
    ]);
    assert.ok(!JSON.stringify(diff).includes('secret'));
    assert.deepEqual(jsonDiff({ password: 'same' }, { password: 'same' }, { isSecretKey }).changes, []);
  });
});
