import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { parseIsoDuration } from './duration.js';

describe('parseIsoDuration', () => {
  const cases: [string, number][] = [
    ['PT1H', 3_600_000],
    ['PT7S', 7_000],
    ['P1D', 86_400_000],
    ['PT0.5S', 500],
    ['PT0,5S', 500],
    ['P1DT2H', 93_600_000],
    ['PT1M', 60_000],
    ['P1M', 30 * 86_400_000],
    ['P1Y', 365 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['P1Y2M3DT4H5M6.789S', 365 * 86_400_000 + 60 * 86_400_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6_789],
    ['PT1.5H', 5_400_000],
    ['PT0S', 0],
    ['P0D', 0],
    ['pt30s', 30_000],
    [' PT10M ', 600_000],
    ['-PT5M', -300_000],
    ['+PT5M', 300_000],
    ['PT0.0001S', 0.1],
    ['PT36H', 129_600_000],
  ];
  for (const [text, ms] of cases) it(`'${text}' → ${ms} ms`, () => assert.equal(parseIsoDuration(text), ms));

  it('rejects malformed durations with InvalidArgument', () => {
    const malformed = ['', 'P', 'PT', 'P1DT', '1H', 'P1H', 'PT1D', 'PT1H1H', 'PT1S1M', 'P1.5', 'T1H', 'P-1D', 'PT1HX'];
    for (const text of [...malformed, '1 hour', 'P1D2Y']) {
      assert.throws(
        () => parseIsoDuration(text),
        (error: unknown) =>
          error instanceof ExpressionError &&
          error.code === ExpressionErrorCode.InvalidArgument &&
          error.message.includes(`'${text}'`),
        text,
      );
    }
  });
});
