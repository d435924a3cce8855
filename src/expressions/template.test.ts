import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, Float, compileExpression, compileTemplate, createEnvironment, toPlainJson, typeOf } from './index.js';
import type { WorkflowHost } from './environment.js';
import type { Value } from './values.js';

const alert = {
  AlertDisplayName: 'Suspicious login',
  Severity: 'High',
  Entities: [{ Type: 'ip', Address: '10.0.0.1' }],
  properties: { resourceDetails: { id: '/subscriptions/s1/resourceGroups/rg1/providers/x/y/vm1' } },
};

function hostWith(body: Value): WorkflowHost {
  return {
    trigger: () => ({ name: 'manual', outputs: { headers: {}, body } }),
    action: () => undefined,
    result: () => undefined,
    variable: (name) => (name === 'count' ? 3 : undefined),
    parameter: () => undefined,
    item: () => undefined,
    iterationIndex: () => undefined,
    workflow: () => ({ name: 'wf' }),
    listCallbackUrl: () => 'http://localhost/callback',
  };
}

const env = createEnvironment({ now: '2024-01-01T00:00:00Z', host: hostWith(alert) });

function run(template: unknown): unknown {
  return toPlainJson(compileTemplate(template).evaluate(env));
}

describe('templates', () => {
  it('keeps the JSON type of a whole-string expression', () => {
    assert.equal(run('@variables(\'count\')'), 3);
    assert.deepEqual(run("@triggerBody()?['Entities']"), alert.Entities);
  });

  it('interpolation always yields a string, objects as compact JSON', () => {
    assert.equal(run("@{variables('count')}"), '3');
    assert.equal(run("Count: @{variables('count')}!"), 'Count: 3!');
    assert.equal(run("@{triggerBody()?['Entities']?[0]}"), '{"Type":"ip","Address":"10.0.0.1"}');
    assert.equal(run('flag @{true} none @{null}.'), 'flag True none .');
  });

  it('escapes a leading @ with @@, and @@{ inside text', () => {
    assert.equal(run('@@'), '@');
    assert.equal(run('@'), '@', 'a lone @ is text (Notify-ASCAlertsbyAzureActivity tests contains(caller, "@"))');
    assert.equal(run('@@{not an expression}'), '@{not an expression}');
    assert.equal(run('mail me @ home'), 'mail me @ home');
    assert.equal(run("a @@{x} b @{variables('count')}"), 'a @{x} b 3');
  });

  it('a string with a leading space is literal', () => {
    assert.equal(run(" @variables('count')"), " @variables('count')");
  });

  it('walks objects and arrays, including interpolated keys', () => {
    assert.deepEqual(run({ a: ['@variables(\'count\')', 'x'], '@{triggerBody().Severity}': 1 }), {
      a: [3, 'x'],
      High: 1,
    });
  });

  it('constant templates are detected and copied on evaluation', () => {
    const template = compileTemplate({ a: [1, 2] });
    assert.equal(template.isConstant, true);
    const first = template.evaluate(env) as { a: number[] };
    first.a.push(3);
    assert.deepEqual(toPlainJson(template.evaluate(env)), { a: [1, 2] });
  });

  it('accepts a brace inside a string literal of an interpolated expression', () => {
    assert.equal(run("x@{concat('}', '{')}y"), 'x}{y');
  });
});

describe('member access', () => {
  const evaluate = (text: string) => compileExpression(text).evaluate(env);

  it('supports .x, [\'x\'], [0] on function results', () => {
    assert.equal(evaluate('triggerBody().Entities[0].Address'), '10.0.0.1');
    assert.equal(evaluate("triggerBody()['Entities'][0]['Type']"), 'ip');
  });

  it('falls back to a case-insensitive property match', () => {
    assert.equal(evaluate("triggerBody()?['alertDisplayName']"), 'Suspicious login');
    assert.equal(evaluate('triggerBody().SEVERITY'), 'High');
  });

  it('null-safe access returns null, plain access fails naming the property', () => {
    assert.equal(evaluate("triggerBody()?['missing']?['deeper']"), null);
    assert.equal(evaluate("triggerBody()?['Entities']?[5]"), null);
    assert.throws(() => evaluate("triggerBody()['missing']"), (error: unknown) => {
      assert.ok(error instanceof ExpressionError);
      assert.match(error.describe(), /'missing'/);
      assert.match(error.describe(), /triggerBody\(\)\['missing'\]/);
      return true;
    });
  });

  it('splits ARM ids the way templates do', () => {
    assert.equal(evaluate("split(triggerBody()?['properties']?['resourceDetails']?['id'], '/')[2]"), 's1');
    assert.equal(evaluate("split(triggerBody()?['properties']?['resourceDetails']?['id'], '/')[4]"), 'rg1');
  });
});

describe('literals', () => {
  const evaluate = (text: string) => compileExpression(text).evaluate(createEnvironment());

  it('distinguishes integer and float literals', () => {
    assert.equal(typeOf(evaluate('5')), 'Integer');
    assert.equal(typeOf(evaluate('5.0')), 'Float');
    assert.ok(evaluate('5.0') instanceof Float);
    assert.equal(evaluate('-2.5'), -2.5);
    assert.equal(typeOf(evaluate('1e3')), 'Float');
  });

  it("unescapes '' inside strings", () => {
    assert.equal(evaluate("'it''s'"), "it's");
  });

  it('reads true, false and null case-insensitively', () => {
    assert.equal(evaluate('TRUE'), true);
    assert.equal(evaluate('false'), false);
    assert.equal(evaluate('null'), null);
  });
});

describe('load-time errors', () => {
  const failsWith = (text: string, code: string, pattern: RegExp) =>
    assert.throws(() => compileTemplate(text), (error: unknown) => {
      assert.ok(error instanceof ExpressionError, String(error));
      assert.equal(error.code, code);
      assert.match(error.describe(), pattern);
      return true;
    });

  it('names an unknown function and its position', () => {
    failsWith("@concat('a', notAFunction(1))", 'UnknownFunction', /'notAFunction'.*position 13/);
  });

  it('names the function on a wrong argument count', () => {
    failsWith('@triggerBody(1)', 'InvalidFunctionArgumentCount', /'triggerBody' expects 0/);
  });

  it('rejects malformed text', () => {
    failsWith("@concat('a'", 'InvalidTemplateSyntax', /Expected/);
    failsWith("@{concat('a')", 'InvalidTemplateSyntax', /close the '@\{'/);
    failsWith("@'unterminated", 'InvalidTemplateSyntax', /not terminated/);
    failsWith('@foo', 'InvalidTemplateSyntax', /foo\(\)/);
    failsWith("@triggerBody() extra", 'InvalidTemplateSyntax', /extra/);
  });
});
