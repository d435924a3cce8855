import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tooDeepAt } from './body-depth.js';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('the depth of a request body', () => {
  test('is fine up to the limit and named by its first keys beyond it', () => {
    assert.equal(tooDeepAt(nested(3), 3), undefined);
    assert.equal(tooDeepAt('text', 0), undefined);
    assert.equal(tooDeepAt({ ok: [1, { b: 2 }], deep: { x: { y: {} } } }, 3), 'deep.x.y');
    assert.equal(tooDeepAt(nested(20), 10), '[0].a[0].a[0].a[0].a…');
  });

  test('walks a body nested far deeper than the stack allows without recursion', () => {
    assert.ok(tooDeepAt(nested(200_000))?.endsWith('…'));
  });
});
