import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionErrorCode } from '../expression-error.js';
import { MAX_STRING_LENGTH } from '../limits.js';
import { Float, type Value } from '../values.js';
import { assertFails, callFunction } from './function-test-support.js';

function call(name: string, ...args: Value[]): Value {
  return callFunction(name, args);
}

const invalid = ExpressionErrorCode.InvalidArgument;

describe('contains', () => {
  it('finds substrings (documented examples)', () => {
    assert.equal(call('contains', 'hello world', 'world'), true);
    assert.equal(call('contains', 'hello world', 'universe'), false);
  });

  it('is case-sensitive', () => {
    assert.equal(call('contains', 'hello world', 'WORLD'), false);
    assert.equal(call('contains', ['a'], 'A'), false);
    assert.equal(call('contains', { Key: 1 }, 'key'), false);
  });

  it('finds array items by deep equality and object keys', () => {
    assert.equal(call('contains', [1, 'two', { three: 3 }], { three: 3 }), true);
    assert.equal(call('contains', [1, 2], new Float(2)), true);
    assert.equal(call('contains', [1, 2], 3), false);
    assert.equal(call('contains', { name: 'x', age: 3 }, 'age'), true);
    assert.equal(call('contains', { name: 'x' }, 'x'), false);
  });

  it('looks for numbers in a string as their text', () => {
    assert.equal(call('contains', 'abc123', 12), true);
  });

  it('fails on values that are not collections', () => {
    assertFails(invalid, () => call('contains', null, 'x'), "'contains'");
    assertFails(invalid, () => call('contains', 5, 5));
  });
});

describe('length', () => {
  it('counts characters and items (documented examples)', () => {
    assert.equal(call('length', 'abcd'), 4);
    assert.equal(call('length', [0, 1, 2, 3]), 4);
    assert.equal(call('length', ''), 0);
  });

  it('fails on other values', () => {
    assertFails(invalid, () => call('length', null), "'length'");
    assertFails(invalid, () => call('length', 5));
    assertFails(invalid, () => call('length', { a: 1 }));
  });
});

describe('sort', () => {
  it('sorts an array of integers (documented example)', () => {
    assert.deepEqual(call('sort', [2, 1, 0, 3]), [0, 1, 2, 3]);
  });

  it('sorts objects by a key (documented example)', () => {
    const amalie = { first: 'Amalie', last: 'Rose' };
    const elise = { first: 'Elise', last: 'Renee' };
    assert.deepEqual(call('sort', [amalie, elise], 'last'), [elise, amalie]);
  });

  it('sorts strings ordinally, booleans false first, and keeps equal items in order', () => {
    assert.deepEqual(call('sort', ['b', 'a', 'B']), ['B', 'a', 'b']);
    assert.deepEqual(call('sort', [true, false]), [false, true]);
    assert.deepEqual(call('sort', [1.5, 1, new Float(2)]), [1, 1.5, new Float(2)]);
    const items = [
      { k: 1, id: 'a' },
      { k: 0, id: 'b' },
      { k: 1, id: 'c' },
    ];
    assert.deepEqual(
      (call('sort', items, 'k') as { id: string }[]).map((item) => item.id),
      ['b', 'a', 'c'],
    );
  });

  it('does not change its input', () => {
    const input = [3, 1, 2];
    call('sort', input);
    assert.deepEqual(input, [3, 1, 2]);
  });

  it('fails on mixed or unsortable values', () => {
    assertFails(invalid, () => call('sort', [1, 'a']), "'sort'");
    assertFails(invalid, () => call('sort', [[1], [2]]));
    assertFails(invalid, () => call('sort', [1, 2], 'key'));
    assertFails(invalid, () => call('sort', 'abc'));
  });
});

describe('reverse', () => {
  it('reverses an array (documented example) without changing it', () => {
    const input = [0, 1, 2, 3];
    assert.deepEqual(call('reverse', input), [3, 2, 1, 0]);
    assert.deepEqual(input, [0, 1, 2, 3]);
  });

  it('fails on non-arrays', () => {
    assertFails(invalid, () => call('reverse', 'abc'));
  });
});

describe('empty', () => {
  it('matches the documented examples', () => {
    assert.equal(call('empty', ''), true);
    assert.equal(call('empty', 'abc'), false);
  });

  it('treats null, [] and {} as empty', () => {
    assert.equal(call('empty', null), true);
    assert.equal(call('empty', []), true);
    assert.equal(call('empty', {}), true);
    assert.equal(call('empty', [null]), false);
    assert.equal(call('empty', { a: null }), false);
  });

  it('fails on numbers and booleans', () => {
    assertFails(invalid, () => call('empty', 0), "'empty'");
    assertFails(invalid, () => call('empty', false));
  });
});

describe('intersection and union', () => {
  it('intersection keeps the common items (documented example)', () => {
    assert.deepEqual(call('intersection', [1, 2, 3], [101, 2, 1, 10], [6, 8, 1, 2]), [1, 2]);
  });

  it('union keeps every item once (documented example)', () => {
    assert.deepEqual(call('union', [1, 2, 3], [1, 2, 10, 101]), [1, 2, 3, 10, 101]);
  });

  it('compare items deeply, whatever the number tag', () => {
    assert.deepEqual(call('union', [{ a: 1, b: 2 }], [{ b: 2, a: 1 }, new Float(1), 1]), [
      { a: 1, b: 2 },
      new Float(1),
    ]);
    assert.deepEqual(call('intersection', [1, 1, 2], [1]), [1]);
  });

  it('merge objects, the last value of a key winning', () => {
    assert.deepEqual(call('union', { a: 1, b: 2 }, { b: 3, c: 4 }), { a: 1, b: 3, c: 4 });
    assert.deepEqual(call('intersection', { a: 1, b: 2 }, { b: 3, c: 4 }), { b: 3 });
  });

  it('keep a __proto__ key as data', () => {
    const withProto = JSON.parse('{"__proto__": {"polluted": true}}') as Value;
    const merged = call('union', {}, withProto) as Record<string, Value>;
    assert.ok(Object.hasOwn(merged, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('fail on mixed kinds or non-collections', () => {
    assertFails(invalid, () => call('union', [1], { a: 1 }), "'union'");
    assertFails(invalid, () => call('intersection', { a: 1 }, [1]));
    assertFails(invalid, () => call('union', 'abc', 'abd'));
    assertFails(invalid, () => call('intersection', null, [1]));
  });
});

describe('first and last', () => {
  it('match the documented examples', () => {
    assert.equal(call('first', 'hello'), 'h');
    assert.equal(call('first', [0, 1, 2]), 0);
    assert.equal(call('last', 'abcd'), 'd');
    assert.equal(call('last', [0, 1, 2, 3]), 3);
  });

  it('return null for an empty array and an empty string for an empty string', () => {
    assert.equal(call('first', []), null);
    assert.equal(call('last', []), null);
    assert.equal(call('first', ''), '');
    assert.equal(call('last', ''), '');
  });

  it('fail on other values', () => {
    assertFails(invalid, () => call('first', null));
    assertFails(invalid, () => call('last', { a: 1 }));
  });
});

describe('take and skip', () => {
  it('match the documented examples', () => {
    assert.equal(call('take', 'abcde', 3), 'abc');
    assert.deepEqual(call('take', [0, 1, 2, 3, 4], 3), [0, 1, 2]);
    assert.deepEqual(call('skip', [0, 1, 2, 3], 1), [1, 2, 3]);
  });

  it('handle counts beyond the length and strings for skip', () => {
    assert.deepEqual(call('take', [1], 5), [1]);
    assert.deepEqual(call('skip', [1], 5), []);
    assert.equal(call('skip', 'abcde', 2), 'cde');
    assert.deepEqual(call('take', [1, 2], 0), []);
  });

  it('reject negative or non-integer counts', () => {
    assertFails(invalid, () => call('take', [1, 2], -1), 'non-negative');
    assertFails(invalid, () => call('skip', [1, 2], 1.5));
    assertFails(invalid, () => call('take', 5, 1));
  });
});

describe('join', () => {
  it('joins items with a delimiter (documented example)', () => {
    assert.equal(call('join', ['a', 'b', 'c'], '.'), 'a.b.c');
  });

  it('writes items the way string() does', () => {
    assert.equal(call('join', [1, true, null, { a: 1 }, 2.5], ', '), '1, True, , {"a":1}, 2.5');
    assert.equal(call('join', [], ','), '');
  });

  it('refuses a result longer than the string limit', () => {
    const big = 'x'.repeat(MAX_STRING_LENGTH / 2);
    assertFails(ExpressionErrorCode.LimitExceeded, () => call('join', [big, big], ','), "'join'");
  });

  it('fails on non-arrays', () => {
    assertFails(invalid, () => call('join', 'abc', ','));
  });
});

describe('chunk', () => {
  it('matches the documented examples', () => {
    assert.deepEqual(call('chunk', 'abcdefghijklmnopqrstuvwxyz', 10), ['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    assert.deepEqual(call('chunk', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5), [
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
  });

  it('returns no chunks for an empty collection', () => {
    assert.deepEqual(call('chunk', [], 3), []);
  });

  it('rejects a length that is not a positive integer', () => {
    assertFails(invalid, () => call('chunk', [1], 0), 'positive');
    assertFails(invalid, () => call('chunk', [1], '2'));
    assertFails(invalid, () => call('chunk', 5, 2));
  });
});
