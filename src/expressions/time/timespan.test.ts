import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../expression-error.js';
import { formatTimeSpan, parseTimeSpan } from './timespan.js';

// 1 day, 2 hours, 3 minutes, 4.5678901 seconds.
const sample = 1n * 864_000_000_000n + 2n * 36_000_000_000n + 3n * 600_000_000n + 45_678_901n;

describe('formatTimeSpan', () => {
  it('uses the constant ("c") format by default', () => {
    assert.equal(formatTimeSpan(sample), '1.02:03:04.5678901');
    assert.equal(formatTimeSpan(1268n * 864_000_000_000n), '1268.00:00:00');
    assert.equal(formatTimeSpan(0n), '00:00:00');
    assert.equal(formatTimeSpan(-36_000_000_000n), '-01:00:00');
    assert.equal(formatTimeSpan(5_000_000n), '00:00:00.5000000');
    assert.equal(formatTimeSpan(sample, 'c'), formatTimeSpan(sample, 'T'));
  });

  it('supports the general formats', () => {
    assert.equal(formatTimeSpan(sample, 'g'), '1:2:03:04.5678901');
    assert.equal(formatTimeSpan(36_000_000_000n, 'g'), '1:00:00');
    assert.equal(formatTimeSpan(5_000_000n, 'g'), '0:00:00.5');
    assert.equal(formatTimeSpan(sample, 'G'), '1:02:03:04.5678901');
    assert.equal(formatTimeSpan(-36_000_000_000n, 'G'), '-0:01:00:00.0000000');
  });

  it('supports custom patterns (magnitude only, literals escaped)', () => {
    assert.equal(formatTimeSpan(sample, "d'd 'hh'h 'mm'm 'ss's'"), '1d 02h 03m 04s');
    assert.equal(formatTimeSpan(sample, 'hh\\:mm\\:ss\\.fff'), '02:03:04.567');
    assert.equal(formatTimeSpan(sample, 'dddd\\.h'), '0001.2');
    assert.equal(formatTimeSpan(sample, '%d'), '1');
    assert.equal(formatTimeSpan(sample, 'ss\\.FFFFFFF'), '04.5678901');
    assert.equal(formatTimeSpan(40_000_000n, 'ss\\.FFF'), '04.');
    assert.equal(formatTimeSpan(-sample, 'hh\\:mm'), '02:03');
  });

  it('rejects invalid formats', () => {
    for (const format of ['x', 'hh:mm', 'hhh', 'ffffffff', 'ddddddddd', "'open", 'mm\\']) {
      assert.throws(() => formatTimeSpan(sample, format), ExpressionError, format);
    }
  });
});

describe('parseTimeSpan', () => {
  it('reads the constant format back', () => {
    assert.equal(parseTimeSpan('1.02:03:04.5678901'), sample);
    assert.equal(parseTimeSpan('1268.00:00:00'), 1268n * 864_000_000_000n);
    assert.equal(parseTimeSpan('-01:00:00'), -36_000_000_000n);
    assert.equal(parseTimeSpan('00:00:00.5'), 5_000_000n);
    assert.equal(parseTimeSpan('3'), 3n * 864_000_000_000n);
    assert.equal(parseTimeSpan('25:00:00'), undefined);
    assert.equal(parseTimeSpan('abc'), undefined);
  });
});
