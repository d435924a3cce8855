/**
 * The compiler refuses definitions that could only fail at run time, and every issue says where: the action's
 * name and the JSON path of the offending property.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ACTIONS, MAX_NESTING_DEPTH, type ValidationIssue } from '../../src/workflows/index.js';
import { compileIssues, compileOk } from '../support/workflow-harness.js';

type Actions = Record<string, unknown>;

interface Expected {
  readonly action?: string;
  readonly path: string;
  readonly message: RegExp;
}

/** The definition is refused with an issue at exactly `path`, naming `action`, whose message matches. */
function assertRefused(definition: unknown, expected: Expected): ValidationIssue {
  const issues = compileIssues(definition);
  const found = issues.find((issue) => issue.path === expected.path && expected.message.test(issue.message));
  assert.ok(found, `no issue at '${expected.path}' matching ${expected.message}; got:\n${JSON.stringify(issues, null, 2)}`);
  if (expected.action !== undefined) assert.equal(found.action, expected.action);
  return found;
}

const workflow = (actions: Actions, extra: Record<string, unknown> = {}) => ({ actions, ...extra });
const compose = (inputs: unknown, runAfter?: Record<string, string[]>) => ({
  type: 'Compose',
  inputs,
  ...(runAfter ? { runAfter } : {}),
});
const scope = (actions: Actions, runAfter?: Record<string, string[]>) => ({
  type: 'Scope',
  actions,
  ...(runAfter ? { runAfter } : {}),
});
const initialize = (name: string, type = 'Integer', value: unknown = 0) => ({
  type: 'InitializeVariable',
  inputs: { variables: [{ name, type, value }] },
});

describe('runAfter', () => {
  it('refuses a runAfter target that does not exist', () => {
    assertRefused(workflow({ A: compose(1), B: compose(2, { Missing: ['Succeeded'] }) }), {
      action: 'B',
      path: 'actions.B.runAfter.Missing',
      message: /'Missing'.*not an action in the same container/,
    });
  });

  it('refuses a runAfter target outside the container (inner to outer and outer to inner)', () => {
    assertRefused(workflow({ A: compose(1), S: scope({ Inner: compose(2, { A: ['Succeeded'] }) }) }), {
      action: 'Inner',
      path: 'actions.S.actions.Inner.runAfter.A',
      message: /only run after its siblings/,
    });
    assertRefused(workflow({ S: scope({ Inner: compose(2) }), After: compose(3, { Inner: ['Succeeded'] }) }), {
      action: 'After',
      path: 'actions.After.runAfter.Inner',
      message: /only run after its siblings/,
    });
  });

  it('refuses a runAfter status that is not a status', () => {
    assertRefused(workflow({ A: compose(1), B: compose(2, { A: ['Done'] }) }), {
      action: 'B',
      path: 'actions.B.runAfter.A[0]',
      message: /^A runAfter status must be Succeeded, Failed, Skipped or TimedOut\.$/,
    });
  });

  it('accepts runAfter statuses in any case and an empty list', () => {
    compileOk(workflow({ A: compose(1), B: compose(2, { A: ['failed', 'SKIPPED'] }), C: compose(3, { B: [] }) }));
  });

  it('refuses a 2-node cycle', () => {
    const issue = assertRefused(workflow({ A: compose(1, { B: ['Succeeded'] }), B: compose(2, { A: ['Succeeded'] }) }), {
      action: 'A',
      path: 'actions.A.runAfter',
      message: /cycle among: 'A', 'B'/,
    });
    assert.ok(issue);
  });

  it('refuses a 3-node cycle, and names only the actions on or behind it', () => {
    const issues = compileIssues(
      workflow({
        Start: compose(0),
        A: compose(1, { C: ['Succeeded'] }),
        B: compose(2, { A: ['Succeeded'] }),
        C: compose(3, { B: ['Succeeded'], Start: ['Succeeded'] }),
      }),
    );
    assert.equal(issues.length, 1, JSON.stringify(issues));
    const [issue] = issues;
    assert.match(issue?.message ?? '', /cycle/);
    for (const name of ['A', 'B', 'C']) assert.match(issue?.message ?? '', new RegExp(`'${name}'`));
    assert.doesNotMatch(issue?.message ?? '', /'Start'/);
    assert.ok(['A', 'B', 'C'].includes(issue?.action ?? ''));
    assert.equal(issue?.path, `actions.${issue?.action}.runAfter`);
  });

  it('refuses an action that runs after itself', () => {
    assertRefused(workflow({ Loop: compose(1, { Loop: ['Succeeded'] }) }), {
      action: 'Loop',
      path: 'actions.Loop.runAfter',
      message: /cycle among: 'Loop'/,
    });
  });

  it('refuses a cycle inside a nested container with the nested path', () => {
    assertRefused(workflow({ S: scope({ X: compose(1, { Y: ['Failed'] }), Y: compose(2, { X: ['Succeeded'] }) }) }), {
      action: 'X',
      path: 'actions.S.actions.X.runAfter',
      message: /cycle/,
    });
  });
});

describe('names, types and limits', () => {
  it('refuses the same action name at two nesting levels', () => {
    assertRefused(workflow({ Same: compose(1), S: scope({ Same: compose(2) }) }), {
      action: 'Same',
      path: 'actions.S.actions.Same',
      message: /used more than once/,
    });
  });

  it('refuses names that differ only in case, in different branches', () => {
    assertRefused(
      workflow({
        Check: { type: 'If', expression: true, actions: { notify: compose(1) }, else: { actions: { Notify: compose(2) } } },
      }),
      { action: 'Notify', path: 'actions.Check.else.actions.Notify', message: /used more than once/ },
    );
  });

  it('refuses an unknown action type and lists the supported ones', () => {
    assertRefused(workflow({ A: { type: 'Frobnicate', inputs: {} } }), {
      action: 'A',
      path: 'actions.A.type',
      message: /'Frobnicate' is not supported.*Compose/,
    });
  });

  it('accepts action types in any case', () => {
    compileOk(workflow({ A: { type: 'compose', inputs: 1 }, L: { type: 'foreach', foreach: '@createArray(1)', actions: {} } }));
  });

  it(`refuses more than ${MAX_ACTIONS} actions but accepts exactly ${MAX_ACTIONS}`, () => {
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`A${i}`, compose(i)]));
    compileOk(workflow(many(MAX_ACTIONS)));
    assertRefused(workflow(many(MAX_ACTIONS + 1)), { path: 'actions', message: /251 actions; at most 250/ });
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels but accepts ${MAX_NESTING_DEPTH}`, () => {
    const nested = (levels: number): Actions => {
      let actions: Actions = { Leaf: compose(1) };
      for (let level = levels - 1; level >= 1; level--) actions = { [`S${level}`]: scope(actions) };
      return actions;
    };
    compileOk(workflow(nested(MAX_NESTING_DEPTH)));
    const path = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'Leaf'].map((name) => `actions.${name}`).join('.');
    assertRefused(workflow(nested(MAX_NESTING_DEPTH + 1)), { action: 'Leaf', path, message: /nested 9 levels deep/ });
  });

  it('refuses an unknown top-level property, with a hint for the resource form', () => {
    assertRefused({ actions: {}, frobs: 1 }, { path: 'frobs', message: /'frobs' is not a property of a workflow definition/ });
    assertRefused({ properties: { definition: { actions: {} } } }, { path: 'properties', message: /properties\.definition/ });
  });

  it('refuses a definition that is not an object', () => {
    assertRefused([], { path: '(definition)', message: /must be a JSON object/ });
  });
});

describe('expressions', () => {
  it('refuses an expression that does not parse, naming the action and the property', () => {
    assertRefused(workflow({ A: compose({ text: "@concat('a'" }) }), {
      action: 'A',
      path: 'actions.A.inputs',
      message: /.+/,
    });
  });

  it('refuses an unknown function', () => {
    assertRefused(workflow({ A: compose('@noSuchFunction(1)') }), {
      action: 'A',
      path: 'actions.A.inputs',
      message: /noSuchFunction/i,
    });
  });

  it('refuses a call with the wrong number of arguments', () => {
    assertRefused(workflow({ A: compose("@length('a', 'b')") }), { action: 'A', path: 'actions.A.inputs', message: /length/i });
    assertRefused(workflow({ A: compose('@{utcNow(1, 2, 3)}') }), { action: 'A', path: 'actions.A.inputs', message: /utcNow/i });
  });

  it('reports expression errors in conditions and loop inputs at their own path', () => {
    assertRefused(workflow({ Check: { type: 'If', expression: '@equals(1)', actions: {} } }), {
      action: 'Check',
      path: 'actions.Check.expression',
      message: /equals/i,
    });
    assertRefused(workflow({ L: { type: 'Foreach', foreach: '@split(', actions: {} } }), {
      action: 'L',
      path: 'actions.L.foreach',
      message: /.+/,
    });
    assertRefused(workflow({ Check: { type: 'If', expression: { and: [{ equals: ['@bogus()', 1] }] }, actions: {} } }), {
      action: 'Check',
      path: 'actions.Check.expression.and[0].equals[0]',
      message: /bogus/i,
    });
  });

  it('refuses variables() naming a variable no action initializes', () => {
    assertRefused(workflow({ Init: initialize('count'), A: compose("@variables('cuont')", { Init: ['Succeeded'] }) }), {
      action: 'A',
      path: 'actions.A.inputs',
      message: /variables\('cuont'\).*no InitializeVariable/,
    });
    // Variable names are case-insensitive.
    compileOk(workflow({ Init: initialize('count'), A: compose("@variables('COUNT')", { Init: ['Succeeded'] }) }));
  });

  it('refuses body(), outputs() and actions() naming an action that does not exist', () => {
    for (const fn of ['body', 'outputs', 'actions']) {
      assertRefused(workflow({ A: compose(1), B: compose(`@${fn}('Nope')`, { A: ['Succeeded'] }) }), {
        action: 'B',
        path: 'actions.B.inputs',
        message: new RegExp(`${fn}\\('Nope'\\).*not defined`),
      });
    }
  });

  it('refuses parameters() naming an undeclared parameter', () => {
    assertRefused(
      workflow({ A: compose("@parameters('secret')") }, { parameters: { token: { type: 'securestring', defaultValue: 'x' } } }),
      { action: 'A', path: 'actions.A.inputs', message: /parameters\('secret'\).*not declare/ },
    );
  });

  it('refuses items() naming a loop that does not enclose the action', () => {
    assertRefused(
      workflow({
        Outer: { type: 'Foreach', foreach: '@createArray(1)', actions: {} },
        Other: { type: 'Foreach', foreach: '@createArray(1)', actions: { In: compose("@items('Outer')") } },
      }),
      { action: 'In', path: 'actions.Other.actions.In.inputs', message: /items\('Outer'\).*enclosing Foreach/ },
    );
    assertRefused(workflow({ A: compose("@items('Nowhere')") }), {
      action: 'A',
      path: 'actions.A.inputs',
      message: /items\('Nowhere'\)/,
    });
  });

  it('refuses result() naming an action without nested actions', () => {
    assertRefused(workflow({ A: compose(1), B: compose("@result('A')", { A: ['Succeeded'] }) }), {
      action: 'B',
      path: 'actions.B.inputs',
      message: /result\('A'\)/,
    });
  });

  it('refuses an output that refers to an unknown action', () => {
    assertRefused(workflow({ A: compose(1) }, { outputs: { out: { type: 'String', value: "@body('Gone')" } } }), {
      path: 'outputs.out.value',
      message: /body\('Gone'\)/,
    });
  });
});

describe('parameters', () => {
  it('refuses an unknown parameter type', () => {
    assertRefused(workflow({}, { parameters: { p: { type: 'number' } } }), {
      path: 'parameters.p.type',
      message: /^The parameter type must be one of int, float, string, securestring/,
    });
  });

  it('refuses a default value of the wrong type or outside allowedValues', () => {
    assertRefused(workflow({}, { parameters: { p: { type: 'int', defaultValue: 'seven' } } }), {
      path: 'parameters.p.defaultValue',
      message: /type 'int'/,
    });
    assertRefused(workflow({}, { parameters: { p: { type: 'string', defaultValue: 'c', allowedValues: ['a', 'b'] } } }), {
      path: 'parameters.p.defaultValue',
      message: /allowed values/,
    });
  });
});

describe('placement rules', () => {
  it('refuses InitializeVariable inside a scope, a condition or a loop', () => {
    assertRefused(workflow({ S: scope({ Init: initialize('x') }) }), {
      action: 'Init',
      path: 'actions.S.actions.Init',
      message: /only be initialized at the top level/,
    });
    assertRefused(workflow({ C: { type: 'If', expression: true, actions: {}, else: { actions: { Init: initialize('x') } } } }), {
      action: 'Init',
      path: 'actions.C.else.actions.Init',
      message: /top level/,
    });
  });

  it('refuses Terminate inside a Foreach or an Until, even nested in a scope', () => {
    const terminate = { type: 'Terminate', inputs: { runStatus: 'Failed' } };
    assertRefused(workflow({ L: { type: 'Foreach', foreach: '@createArray(1)', actions: { Stop: terminate } } }), {
      action: 'Stop',
      path: 'actions.L.actions.Stop',
      message: /'Terminate' action cannot be inside a Foreach or Until/,
    });
    assertRefused(
      workflow({ U: { type: 'Until', expression: true, limit: { count: 2 }, actions: { S: scope({ Stop: terminate }) } } }),
      { action: 'Stop', path: 'actions.U.actions.S.actions.Stop', message: /cannot be inside/ },
    );
    // Inside a Scope (not a loop) it is fine.
    compileOk(workflow({ S: scope({ Stop: terminate }) }));
  });

  it('refuses a Response when the trigger is not a Request trigger', () => {
    const response = { type: 'Response', inputs: { statusCode: 200 } };
    assertRefused(
      workflow({ Reply: response }, { triggers: { Every_hour: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } } } }),
      { action: 'Reply', path: 'actions.Reply', message: /needs a 'Request' trigger/ },
    );
    compileOk(workflow({ Reply: response }, { triggers: { manual: { type: 'Request', kind: 'Http' } } }));
  });

  it('refuses an unsupported trigger type', () => {
    assertRefused(workflow({}, { triggers: { t: { type: 'Carrier pigeon' } } }), {
      path: 'triggers.t.type',
      message: /not supported/,
    });
  });
});

describe('variable actions', () => {
  it('refuses SetVariable whose value reads the same variable', () => {
    const set = (value: unknown, name = 'total') => ({ type: 'SetVariable', inputs: { name, value }, runAfter: { Init: ['Succeeded'] } });
    assertRefused(workflow({ Init: initialize('total'), Set: set("@add(variables('total'), 1)") }), {
      action: 'Set',
      path: 'actions.Set.inputs.value',
      message: /Self reference.*'total'/,
    });
  });

  it('refuses the self reference whatever the case of the function and variable names', () => {
    const set = (value: unknown) => ({ type: 'SetVariable', inputs: { name: 'total', value }, runAfter: { Init: ['Succeeded'] } });
    assertRefused(workflow({ Init: initialize('total'), Set: set("@add(Variables('TOTAL'), 1)") }), {
      action: 'Set',
      path: 'actions.Set.inputs.value',
      message: /Self reference/,
    });
    assertRefused(workflow({ Init: initialize('total', 'String', ''), Set: set("x@{VARIABLES('total')}") }), {
      action: 'Set',
      path: 'actions.Set.inputs.value',
      message: /Self reference/,
    });
  });

  it('accepts SetVariable reading another variable', () => {
    compileOk(
      workflow({
        Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'a', type: 'Integer', value: 1 }, { name: 'b', type: 'Integer' }] } },
        Set: { type: 'SetVariable', inputs: { name: 'b', value: "@variables('a')" }, runAfter: { Init: ['Succeeded'] } },
      }),
    );
  });

  it('refuses an unknown variable type and a variable without a name', () => {
    assertRefused(workflow({ Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'x', type: 'Number' }] } } }), {
      action: 'Init',
      path: 'actions.Init.inputs.variables[0].type',
      message: /Array, Boolean, Float, Integer, Object or String/,
    });
    assertRefused(workflow({ Init: { type: 'InitializeVariable', inputs: { variables: [{ type: 'String' }] } } }), {
      action: 'Init',
      path: 'actions.Init.inputs.variables[0].name',
      message: /needs a name/,
    });
  });
});

describe('retry policies and durations', () => {
  const http = (retryPolicy: unknown, extra: Record<string, unknown> = {}) => ({
    Call: { type: 'Http', inputs: { method: 'GET', uri: 'http://127.0.0.1:9/', retryPolicy }, ...extra },
  });

  it('refuses an unknown retry policy type', () => {
    assertRefused(workflow(http({ type: 'sometimes' })), {
      action: 'Call',
      path: 'actions.Call.inputs.retryPolicy.type',
      message: /'default', 'none', 'fixed' or 'exponential'/,
    });
  });

  it('refuses a retry count outside 1..90', () => {
    for (const count of [0, 91, 2.5, '3']) {
      assertRefused(workflow(http({ type: 'fixed', count, interval: 'PT5S' })), {
        action: 'Call',
        path: 'actions.Call.inputs.retryPolicy.count',
        message: /from 1 to 90/,
      });
    }
  });

  it('refuses a fixed or exponential policy without an interval, or with a bad one', () => {
    assertRefused(workflow(http({ type: 'fixed', count: 2 })), {
      action: 'Call',
      path: 'actions.Call.inputs.retryPolicy.interval',
      message: /required/,
    });
    assertRefused(workflow(http({ type: 'exponential', count: 2, interval: 'ten seconds' })), {
      action: 'Call',
      path: 'actions.Call.inputs.retryPolicy.interval',
      message: /'ten seconds' is not an ISO 8601 duration/,
    });
    assertRefused(workflow(http({ type: 'exponential', count: 2, interval: 'PT5S', maximumInterval: 5 })), {
      action: 'Call',
      path: 'actions.Call.inputs.retryPolicy.maximumInterval',
      message: /not an ISO 8601 duration/,
    });
  });

  it('refuses a retry policy that is not an object', () => {
    assertRefused(workflow(http('fixed')), { action: 'Call', path: 'actions.Call.inputs.retryPolicy', message: /object/ });
  });

  it('refuses a bad retry policy on ApiConnection too', () => {
    assertRefused(
      workflow({
        Get: {
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['x']['connectionId']" } }, method: 'get', path: '/', retryPolicy: { type: 'never' } },
        },
      }, { parameters: { $connections: { type: 'Object', defaultValue: {} } } }),
      { action: 'Get', path: 'actions.Get.inputs.retryPolicy.type', message: /exponential/ },
    );
  });

  it('accepts the documented policies', () => {
    for (const policy of [
      { type: 'none' },
      { type: 'default' },
      { type: 'fixed', count: 3, interval: 'PT10S' },
      { type: 'exponential', count: 4, interval: 'PT7S', minimumInterval: 'PT5S', maximumInterval: 'PT1H' },
    ]) {
      compileOk(workflow(http(policy)));
    }
  });

  it('refuses a limit.timeout that is not an ISO 8601 duration', () => {
    assertRefused(workflow(http(undefined, { limit: { timeout: 'soon' } })), {
      action: 'Call',
      path: 'actions.Call.limit.timeout',
      message: /'soon' is not an ISO 8601 duration/,
    });
    assertRefused(workflow({ U: { type: 'Until', expression: true, limit: { count: 3, timeout: '1 hour' }, actions: {} } }), {
      action: 'U',
      path: 'actions.U.limit.timeout',
      message: /'1 hour' is not an ISO 8601 duration/,
    });
  });

  it('refuses an Until count outside 1..5000', () => {
    assertRefused(workflow({ U: { type: 'Until', expression: true, limit: { count: 0 }, actions: {} } }), {
      action: 'U',
      path: 'actions.U.limit.count',
      message: /from 1 to 5000/,
    });
  });
});

describe('loops and branches', () => {
  it('refuses a Foreach that is both Sequential and has a concurrency', () => {
    assertRefused(
      workflow({
        L: {
          type: 'Foreach',
          foreach: '@createArray(1, 2)',
          operationOptions: 'Sequential',
          runtimeConfiguration: { concurrency: { repetitions: 5 } },
          actions: {},
        },
      }),
      { action: 'L', path: 'actions.L.operationOptions', message: /either 'operationOptions: Sequential' or/ },
    );
  });

  it('refuses a Foreach concurrency outside 1..50', () => {
    assertRefused(
      workflow({ L: { type: 'Foreach', foreach: '@createArray(1)', runtimeConfiguration: { concurrency: { repetitions: 51 } }, actions: {} } }),
      { action: 'L', path: 'actions.L.runtimeConfiguration.concurrency.repetitions', message: /50/ },
    );
  });

  it('refuses a Foreach without a foreach expression', () => {
    assertRefused(workflow({ L: { type: 'Foreach', actions: {} } }), { action: 'L', path: 'actions.L.foreach', message: /needs a 'foreach'/ });
  });

  it('refuses a Switch whose cases share a value', () => {
    assertRefused(
      workflow({
        Pick: {
          type: 'Switch',
          expression: '@triggerBody()',
          cases: { First: { case: 'high', actions: {} }, Second: { case: 'high', actions: {} } },
        },
      }),
      { action: 'Pick', path: 'actions.Pick.cases.Second.case', message: /'high' is used by more than one case/ },
    );
  });

  it('refuses a Switch case value that is neither a string nor an integer', () => {
    assertRefused(
      workflow({ Pick: { type: 'Switch', expression: '@triggerBody()', cases: { One: { case: 1.5, actions: {} } } } }),
      { action: 'Pick', path: 'actions.Pick.cases.One.case', message: /string or an integer/ },
    );
  });

  it('names the inner action for problems inside Switch cases and If branches', () => {
    assertRefused(
      workflow({
        Pick: {
          type: 'Switch',
          expression: '@triggerBody()',
          cases: { One: { case: 1, actions: { Bad: compose('@nope()') } } },
          default: { actions: {} },
        },
      }),
      { action: 'Bad', path: 'actions.Pick.cases.One.actions.Bad.inputs', message: /nope/i },
    );
  });
});

it('reports every problem of a definition at once', () => {
  const issues = compileIssues(
    workflow({ A: compose('@nope()'), B: compose(1, { Z: ['Succeeded'] }), C: { type: 'Unknown' } }),
  );
  assert.deepEqual(new Set(issues.map((issue) => issue.action)), new Set(['A', 'B', 'C']));
});
