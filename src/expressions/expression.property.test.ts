/**
 * Properties of the whole expression pipeline: the parser never crashes (it answers with a value or an
 * ExpressionError, whatever the input), and evaluating arbitrary well-formed expressions ends quickly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allFunctions } from './functions/function-table.js';
import { ExpressionError, ExpressionErrorCode, compileExpression, compileTemplate, createEnvironment } from './index.js';
import type { WorkflowHost } from './environment.js';

/** Runs and accepts a result or an anticipated ExpressionError; anything else (a defect) fails the property. */
function onlyExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    if (error.code === ExpressionErrorCode.Internal) throw error;
  }
}

const host: WorkflowHost = {
  trigger: () => ({ name: 'manual', outputs: { headers: {}, body: { a: [1, 2, { b: 'x' }], Severity: 'High' } } }),
  action: (name) => (name === 'A' ? { name: 'A', outputs: { body: { c: 1 } }, status: 'Succeeded' } : undefined),
  result: () => undefined,
  variable: (name) => (name === 'v' ? 3 : undefined),
  parameter: (name) => (name === 'p' ? 'value' : undefined),
  item: () => undefined,
  iterationIndex: () => undefined,
  workflow: () => ({ name: 'wf' }),
  listCallbackUrl: () => 'http://localhost/cb',
};

const literal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).map((n) => n.toFixed(2)),
  fc.string({ maxLength: 12 }).map((s) => `'${s.replaceAll("'", "''")}'`),
  fc.constantFrom('true', 'false', 'null', "'2018-03-15T13:00:00Z'", "'http://a.b/c?d=1'", "'{\"a\":1}'", "'A'", "'p'", "'v'"),
);

/** Well-formed expressions: random library calls with arities in range, nested, with member access. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc
      .tuple(
        fc.constantFrom(...allFunctions),
        fc.array(tie('expr'), { maxLength: 4 }),
      )
      .map(([fn, args]) => {
        const count = Math.max(fn.minArgs, Math.min(args.length, fn.maxArgs));
        const filled = [...args, ...Array.from({ length: count }, () => '1')].slice(0, count);
        return `${fn.name}(${filled.join(', ')})`;
      }),
    fc.tuple(tie('expr'), fc.constantFrom("?['a']", '[0]', '.b', "?['Severity']", '?[1]')).map(([e, access]) => `${e}${access}`),
  ),
})).expr;

describe('expression properties', () => {
  it('the parser answers any text with a compiled expression or an ExpressionError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        onlyExpressionErrors(() => compileExpression(text));
        onlyExpressionErrors(() => compileTemplate(`@${text}`));
        onlyExpressionErrors(() => compileTemplate(`x @{${text}} y`));
      }),
      { numRuns: 3000 },
    );
  });

  it('the parser survives text built from the language’s own tokens', () => {
    const token = fc.constantFrom('(', ')', '[', ']', ',', '.', '?', '}', '@{', "'", "''", 'concat', 'body', '1', '1.5', ' ', 'null', '@');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        const text = tokens.join('');
        onlyExpressionErrors(() => compileExpression(text));
        onlyExpressionErrors(() => compileTemplate(`@${text}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('deep nesting fails cleanly instead of overflowing the stack', () => {
    const deep = `${'concat('.repeat(5000)}'x'${')'.repeat(5000)}`;
    assert.throws(() => compileExpression(deep), ExpressionError);
  });

  it('evaluating arbitrary well-formed expressions returns or fails with an ExpressionError, quickly', () => {
    const env = createEnvironment({ now: '2024-05-01T10:00:00Z', random: () => 0.42, host });
    let slowest = 0;
    fc.assert(
      fc.property(expression, (text) => {
        let compiled;
        try {
          compiled = compileExpression(text);
        } catch (error) {
          assert.ok(error instanceof ExpressionError, `${text}: ${String(error)}`);
          return;
        }
        const started = performance.now();
        onlyExpressionErrors(() => compiled.evaluate(env));
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        assert.ok(took < 1000, `'${text}' took ${took.toFixed(0)} ms`);
      }),
      { numRuns: Number(process.env.RIPOSTE_PROPERTY_RUNS ?? 2000) },
    );
    assert.ok(slowest < 1000);
  });
});
