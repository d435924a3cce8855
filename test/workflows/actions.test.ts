/**
 * Every action type end to end: a definition is compiled and run, and each action's outputs are checked the way a
 * later action would see them, through `outputs('X')` and `body('X')` in a Compose that runs after it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Value } from '../../src/expressions/index.js';
import {
  type ConnectorClient,
  type ConnectorRequest,
  type ConnectorResponse,
  HttpConnectionError,
  reachesOutside,
} from '../../src/workflows/index.js';
import { refusedUrl } from '../support/http-sink.js';
import { VirtualTime } from '../support/virtual-time.js';
import { action, after, compileOk, compose, run, sinksClosedAfterEachTest, START, statuses } from '../support/workflow-harness.js';

type Actions = Record<string, unknown>;

/** A Compose named `See_<name>` that shows what later actions see of `<name>`. */
const observe = (name: string, expression: string, statuses?: string[]) => ({ [`See_${name}`]: compose(expression, after(name, statuses)) });

const sink = sinksClosedAfterEachTest();

describe('Compose', () => {
  it('outputs the evaluated inputs themselves', async () => {
    const { record } = await run(
      {
        actions: {
          Make: compose({ id: "@triggerBody()['id']", tags: ['a', "@{triggerBody()['id']}-b"], n: '@add(1, 2)' }),
          ...observe('Make', "@outputs('Make')"),
          Field: compose("@outputs('Make')['tags'][1]", after('Make')),
        },
      },
      { body: { id: 7 } },
    );
    assert.equal(record.status, 'Succeeded');
    const expected = { id: 7, tags: ['a', '7-b'], n: 3 };
    assert.deepEqual(action(record, 'Make').outputs, expected);
    assert.deepEqual(action(record, 'Make').inputs, expected);
    assert.deepEqual(action(record, 'See_Make').outputs, expected);
    assert.equal(action(record, 'Field').outputs, '7-b');
  });

  it('outputs a scalar, and body() of a Compose is null (its outputs have no body)', async () => {
    const { record } = await run({
      actions: { Text: compose('hello'), ...observe('Text', "@outputs('Text')"), Body: compose("@body('Text')", after('Text')) },
    });
    assert.equal(action(record, 'See_Text').outputs, 'hello');
    assert.equal(action(record, 'Body').outputs, null);
  });
});

describe('ParseJson', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, severity: { type: 'integer' } },
    required: ['name', 'severity'],
  };
  const parse = (content: unknown) => ({ Parse: { type: 'ParseJson', inputs: { content, schema } } });

  it('parses JSON text and exposes the tokens through body()', async () => {
    const { record } = await run(
      { actions: { ...parse("@triggerBody()['raw']"), ...observe('Parse', "@body('Parse')?['severity']") } },
      { body: { raw: '{"name":"alert","severity":3}' } },
    );
    assert.equal(action(record, 'Parse').status, 'Succeeded');
    assert.deepEqual(action(record, 'Parse').outputs, { body: { name: 'alert', severity: 3 } });
    assert.equal(action(record, 'See_Parse').outputs, 3);
  });

  it('validates an object given directly', async () => {
    const { record } = await run({ actions: parse('@triggerBody()') }, { body: { name: 'x', severity: 1 } });
    assert.deepEqual(action(record, 'Parse').outputs, { body: { name: 'x', severity: 1 } });
  });

  it('fails with InvalidJSON when the content is not JSON', async () => {
    const { record } = await run({ actions: parse('{"name": "x",') });
    assert.equal(action(record, 'Parse').status, 'Failed');
    assert.equal(action(record, 'Parse').code, 'InvalidJSON');
    assert.equal(record.status, 'Failed');
  });

  it('fails with ValidationFailed when the content does not match the schema, naming the problems, and keeps the body', async () => {
    const { record } = await run({ actions: parse('{"name": 5}') });
    const parsed = action(record, 'Parse');
    assert.equal(parsed.status, 'Failed');
    assert.equal(parsed.code, 'ValidationFailed');
    assert.equal(parsed.error?.code, 'ValidationFailed');
    assert.match(parsed.error?.message ?? '', /severity/);
    assert.match(parsed.error?.message ?? '', /\/name/);
    assert.deepEqual(parsed.outputs, { body: { name: 5 } });
  });
});

describe('Query, Select, Join and Table', () => {
  const alerts = [
    { name: 'a', severity: 3 },
    { name: 'b', severity: 1 },
    { name: 'c', severity: 5 },
  ];

  it('Query keeps the items for which where() is true', async () => {
    const { record } = await run(
      {
        actions: {
          Filter: { type: 'Query', inputs: { from: '@triggerBody()', where: "@greater(item()['severity'], 2)" } },
          ...observe('Filter', "@length(body('Filter'))"),
        },
      },
      { body: alerts },
    );
    assert.deepEqual(action(record, 'Filter').outputs, { body: [alerts[0], alerts[2]] });
    assert.equal(action(record, 'See_Filter').outputs, 2);
  });

  it('Query fails when where() is not a boolean, and when from is not an array', async () => {
    const { record } = await run({
      actions: {
        NotBool: { type: 'Query', inputs: { from: '@createArray(1)', where: '@item()' } },
        NotArray: { type: 'Query', inputs: { from: 'text', where: '@true' } },
      },
    });
    assert.equal(action(record, 'NotBool').status, 'Failed');
    assert.match(action(record, 'NotBool').error?.message ?? '', /true or false/);
    assert.equal(action(record, 'NotArray').status, 'Failed');
    assert.match(action(record, 'NotArray').error?.message ?? '', /'from' input must be an array.*String/i);
  });

  it('Select maps through an object of expressions', async () => {
    const { record } = await run(
      {
        actions: {
          Map: {
            type: 'Select',
            inputs: { from: '@triggerBody()', select: { title: "@toUpper(item()['name'])", high: "@greater(item()['severity'], 2)" } },
          },
          ...observe('Map', "@body('Map')[2]['title']"),
        },
      },
      { body: alerts },
    );
    assert.deepEqual(action(record, 'Map').outputs, {
      body: [
        { title: 'A', high: true },
        { title: 'B', high: false },
        { title: 'C', high: true },
      ],
    });
    assert.equal(action(record, 'See_Map').outputs, 'C');
  });

  it('Select maps through a single expression', async () => {
    const { record } = await run(
      { actions: { Names: { type: 'Select', inputs: { from: '@triggerBody()', select: "@item()['name']" } } } },
      { body: alerts },
    );
    assert.deepEqual(action(record, 'Names').outputs, { body: ['a', 'b', 'c'] });
  });

  it('Join joins the items as text', async () => {
    const { record } = await run({
      actions: {
        Joined: { type: 'Join', inputs: { from: "@createArray('x', 2, 'y')", joinWith: '; ' } },
        ...observe('Joined', "@body('Joined')"),
      },
    });
    assert.equal(action(record, 'See_Joined').outputs, 'x; 2; y');
  });

  it('Table renders CSV with RFC 4180 quoting and the columns in order of first appearance', async () => {
    const { record } = await run(
      { actions: { Csv: { type: 'Table', inputs: { from: '@triggerBody()', format: 'CSV' } }, ...observe('Csv', "@body('Csv')") } },
      { body: [{ name: 'a,b', note: 'say "hi"' }, { name: 'line\nbreak', count: 3 }] },
    );
    assert.equal(action(record, 'See_Csv').outputs, 'name,note,count\r\n"a,b","say ""hi""",\r\n"line\nbreak",,3\r\n');
  });

  it('Table renders HTML with every cell and header escaped', async () => {
    const { record } = await run(
      { actions: { Html: { type: 'Table', inputs: { from: '@triggerBody()', format: 'HTML' } } } },
      { body: [{ '<k>': `<script>alert("x") & 'y'</script>` }] },
    );
    assert.deepEqual(action(record, 'Html').outputs, {
      body:
        '<table><thead><tr><th>&lt;k&gt;</th></tr></thead><tbody><tr>' +
        '<td>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</td></tr></tbody></table>',
    });
  });

  it('Table uses explicit columns evaluated per item', async () => {
    const { record } = await run(
      {
        actions: {
          Csv: {
            type: 'Table',
            inputs: {
              from: '@triggerBody()',
              format: 'csv',
              columns: [
                { header: 'Name', value: "@toUpper(item()['name'])" },
                { header: 'Severity', value: "@item()['severity']" },
              ],
            },
          },
        },
      },
      { body: alerts },
    );
    assert.deepEqual(action(record, 'Csv').outputs, { body: 'Name,Severity\r\nA,3\r\nB,1\r\nC,5\r\n' });
  });
});

describe('If', () => {
  const branches = (expression: unknown): Actions => ({
    Check: {
      type: 'If',
      expression,
      actions: { Then: compose('yes') },
      else: { actions: { Otherwise: compose('no'), After_otherwise: compose('no 2', after('Otherwise')) } },
    },
  });

  it('runs the true branch for a designer object expression, and Skips the other branch', async () => {
    const expression = {
      and: [{ equals: ["@triggerBody()['severity']", 'High'] }, { not: { contains: ["@triggerBody()['tags']", 'test'] } }],
    };
    const { record } = await run({ actions: branches(expression) }, { body: { severity: 'High', tags: ['prod'] } });
    assert.deepEqual(statuses(record), { Check: 'Succeeded', Then: 'Succeeded', Otherwise: 'Skipped', After_otherwise: 'Skipped' });
    assert.equal(action(record, 'Otherwise').code, 'ActionSkipped');
    assert.deepEqual(action(record, 'Check').inputs, { expressionResult: true });
    assert.equal(record.status, 'Succeeded');
  });

  it('runs the else branch when the object expression is false', async () => {
    const expression = { or: [{ equals: ["@triggerBody()['severity']", 'High'] }, { greater: ["@length(triggerBody()['tags'])", 3] }] };
    const { record } = await run({ actions: branches(expression) }, { body: { severity: 'Low', tags: ['test'] } });
    assert.deepEqual(statuses(record), { Check: 'Succeeded', Then: 'Skipped', Otherwise: 'Succeeded', After_otherwise: 'Succeeded' });
    assert.equal(action(record, 'After_otherwise').outputs, 'no 2');
  });

  it('accepts a string expression', async () => {
    const { record } = await run({ actions: branches("@greater(triggerBody()['n'], 5)") }, { body: { n: 9 } });
    assert.equal(action(record, 'Then').status, 'Succeeded');
    assert.equal(action(record, 'Otherwise').status, 'Skipped');
  });

  it('fails when the expression is not a boolean', async () => {
    const { record } = await run({ actions: branches("@triggerBody()['n']") }, { body: { n: 9 } });
    assert.equal(action(record, 'Check').status, 'Failed');
    assert.match(action(record, 'Check').error?.message ?? '', /true or false/);
    assert.equal(action(record, 'Then').status, 'Skipped');
  });

  it('fails when an action of the branch taken fails', async () => {
    const { record } = await run({
      actions: { Check: { type: 'If', expression: true, actions: { Bad: compose('@div(1, 0)') } } },
    });
    assert.equal(action(record, 'Bad').status, 'Failed');
    assert.equal(action(record, 'Check').status, 'Failed');
    assert.equal(action(record, 'Check').code, 'ActionFailed');
  });
});

describe('Switch', () => {
  const definition = {
    actions: {
      Pick: {
        type: 'Switch',
        expression: "@triggerBody()['severity']",
        cases: {
          High: { case: 'High', actions: { On_high: compose('high') } },
          Three: { case: 3, actions: { On_three: compose('three') } },
        },
        default: { actions: { On_default: compose('default') } },
      },
    },
  };

  it('runs the matching string case', async () => {
    const { record } = await run(definition, { body: { severity: 'High' } });
    assert.deepEqual(statuses(record), { Pick: 'Succeeded', On_high: 'Succeeded', On_three: 'Skipped', On_default: 'Skipped' });
  });

  it('runs the matching integer case', async () => {
    const { record } = await run(definition, { body: { severity: 3 } });
    assert.deepEqual(statuses(record), { Pick: 'Succeeded', On_high: 'Skipped', On_three: 'Succeeded', On_default: 'Skipped' });
  });

  it('runs the default when no case matches', async () => {
    const { record } = await run(definition, { body: { severity: 'Low' } });
    assert.deepEqual(statuses(record), { Pick: 'Succeeded', On_high: 'Skipped', On_three: 'Skipped', On_default: 'Succeeded' });
  });
});

describe('Foreach', () => {
  it('runs its body per item with item(), items() and iterationIndexes(), and records every repetition', async () => {
    const { record } = await run(
      {
        actions: {
          Loop: {
            type: 'Foreach',
            foreach: "@triggerBody()['alerts']",
            actions: {
              Describe: compose("@concat(item()['name'], '#', iterationIndexes('Loop'), '/', items('Loop')['name'])"),
            },
          },
          ...observe('Loop', "@outputs('Describe')"),
        },
      },
      { body: { alerts: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
    );
    assert.equal(record.status, 'Succeeded');
    const loop = action(record, 'Loop');
    assert.equal(loop.status, 'Succeeded');
    assert.equal(loop.repetitionCount, 3);
    const describe = action(record, 'Describe');
    assert.deepEqual(
      describe.repetitions?.map((repetition) => [repetition.iteration, repetition.outputs]),
      [
        [[{ loop: 'Loop', index: 0 }], 'a#0/a'],
        [[{ loop: 'Loop', index: 1 }], 'b#1/b'],
        [[{ loop: 'Loop', index: 2 }], 'c#2/c'],
      ],
    );
  });

  it('nests loops: items() of the outer loop inside the inner one, keys per iteration', async () => {
    const { record, journal } = await run({
      actions: {
        Outer: {
          type: 'Foreach',
          foreach: "@createArray('x', 'y')",
          actions: {
            Inner: {
              type: 'Foreach',
              foreach: '@createArray(1, 2, 3)',
              actions: { Pair: compose("@concat(items('Outer'), item(), '@', iterationIndexes('Outer'), iterationIndexes('Inner'))") },
            },
          },
        },
      },
    });
    assert.equal(record.status, 'Succeeded');
    const pairs = action(record, 'Pair').repetitions?.map((repetition) => repetition.outputs);
    assert.deepEqual(pairs?.sort(), ['x1@00', 'x2@01', 'x3@02', 'y1@10', 'y2@11', 'y3@12']);
    const keys = journal.filter((entry) => entry.name === 'Pair').map((entry) => entry.key).sort();
    assert.deepEqual(keys, ['Outer[0]/Inner[0]/Pair', 'Outer[0]/Inner[1]/Pair', 'Outer[0]/Inner[2]/Pair', 'Outer[1]/Inner[0]/Pair', 'Outer[1]/Inner[1]/Pair', 'Outer[1]/Inner[2]/Pair']);
    assert.equal(action(record, 'Inner').repetitions?.length, 2);
  });

  it('sees the outputs of an action in the same repetition', async () => {
    const { record } = await run({
      actions: {
        Loop: {
          type: 'Foreach',
          foreach: '@range(0, 4)',
          actions: { First: compose('@mul(item(), 10)'), Second: compose("@add(outputs('First'), 1)", after('First')) },
        },
      },
    });
    assert.deepEqual(action(record, 'Second').repetitions?.map((repetition) => repetition.outputs), [1, 11, 21, 31]);
  });

  it('fails when a repetition fails, after running every repetition', async () => {
    const { record } = await run({
      actions: { Loop: { type: 'Foreach', foreach: '@createArray(1, 0, 2)', actions: { Divide: compose('@div(10, item())') } } },
    });
    assert.equal(action(record, 'Loop').status, 'Failed');
    assert.deepEqual(action(record, 'Divide').repetitions?.map((repetition) => repetition.status), ['Succeeded', 'Failed', 'Succeeded']);
    assert.equal(record.status, 'Failed');
  });

  it('fails when foreach is not an array, and succeeds with no repetition over an empty one', async () => {
    const { record } = await run({
      actions: {
        Bad: { type: 'Foreach', foreach: "@triggerBody()['x']", actions: { In_bad: compose(1) } },
        Empty: { type: 'Foreach', foreach: "@json('[]')", actions: { In_empty: compose(1) } },
      },
    }, { body: { x: 'text' } });
    assert.equal(action(record, 'Bad').status, 'Failed');
    assert.match(action(record, 'Bad').error?.message ?? '', /must be an array/);
    assert.equal(action(record, 'Empty').status, 'Succeeded');
    assert.equal(action(record, 'Empty').repetitionCount, 0);
    assert.equal(action(record, 'In_empty').status, 'Skipped');
  });

  describe('concurrency', () => {
    const loopOver = async (count: number, options: Record<string, unknown>) => {
      const target = await sink(() => ({ status: 200, delayMs: 300 }));
      const { record } = await run(
        {
          actions: {
            Loop: {
              type: 'Foreach',
              foreach: `@range(0, ${count})`,
              ...options,
              actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/item/@{item()}` } } },
            },
          },
        },
      );
      assert.equal(record.status, 'Succeeded');
      assert.equal(target.requests.length, count);
      return target.maxInFlight;
    };

    it('runs at most `repetitions` at once, and that many', async () => {
      assert.equal(await loopOver(9, { runtimeConfiguration: { concurrency: { repetitions: 3 } } }), 3);
    });

    it('runs one at a time when Sequential', async () => {
      assert.equal(await loopOver(4, { operationOptions: 'Sequential' }), 1);
    });

    it('runs 20 at a time by default', async () => {
      assert.equal(await loopOver(25, {}), 20);
    });

    it('a Foreach inside another runs one item at a time, whatever it asks for; other loops do not impose that', async () => {
      const nestedIn = async (outer: Record<string, unknown>, innerOptions: Record<string, unknown>) => {
        const target = await sink(() => ({ status: 200, delayMs: 100 }));
        const inner = {
          type: 'Foreach',
          foreach: '@range(0, 3)',
          ...innerOptions,
          actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/item/@{item()}` } } },
        };
        const { record } = await run({ actions: { Outer: { ...outer, actions: { Inner: inner } } } });
        assert.equal(record.status, 'Succeeded');
        return target.maxInFlight;
      };
      assert.equal(await nestedIn({ type: 'Foreach', foreach: '@range(0, 1)' }, {}), 1);
      assert.equal(await nestedIn({ type: 'Foreach', foreach: '@range(0, 1)' }, { runtimeConfiguration: { concurrency: { repetitions: 3 } } }), 1);
      assert.equal(await nestedIn({ type: 'Scope' }, {}), 3);
      assert.equal(await nestedIn({ type: 'Until', expression: '@true', limit: { count: 1 } }, {}), 3);
    });
  });
});

describe('Until', () => {
  const init = { Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'Integer', value: 0 }] } } };
  const until = (expression: unknown, limit: Record<string, unknown>, body: Actions = {}) => ({
    actions: {
      ...init,
      Loop: {
        type: 'Until',
        expression,
        limit,
        runAfter: after('Init'),
        actions: { Count: { type: 'IncrementVariable', inputs: { name: 'n', value: 1 } }, ...body },
      },
      ...observe('Loop', "@variables('n')"),
    },
  });

  it('stops when the expression becomes true', async () => {
    const { record } = await run(until("@greaterOrEquals(variables('n'), 4)", { count: 60 }));
    assert.equal(action(record, 'Loop').status, 'Succeeded');
    assert.equal(action(record, 'Loop').repetitionCount, 4);
    assert.equal(action(record, 'See_Loop').outputs, 4);
  });

  it('accepts the designer object form of the expression', async () => {
    const { record } = await run(until({ equals: ["@variables('n')", 2] }, { count: 60 }));
    assert.equal(action(record, 'See_Loop').outputs, 2);
  });

  it('stops after limit.count repetitions and then succeeds', async () => {
    const { record } = await run(until('@equals(1, 2)', { count: 3 }));
    assert.equal(action(record, 'Loop').status, 'Succeeded');
    assert.equal(action(record, 'Loop').repetitionCount, 3);
    assert.equal(action(record, 'See_Loop').outputs, 3);
  });

  it('exposes the repetition through iterationIndexes()', async () => {
    const { record } = await run(until('@equals(1, 2)', { count: 3 }, { Index: compose("@iterationIndexes('Loop')", after('Count')) }));
    assert.deepEqual(action(record, 'Index').repetitions?.map((repetition) => repetition.outputs), [0, 1, 2]);
  });

  it('stops when limit.timeout passes and then succeeds (virtual time)', async () => {
    const wait = { Pause: { type: 'Wait', inputs: { interval: { count: 20, unit: 'Minute' } }, runAfter: after('Count') } };
    const { record, time } = await run(until('@equals(1, 2)', { count: 60, timeout: 'PT1H' }, wait));
    const loop = action(record, 'Loop');
    assert.equal(loop.status, 'Succeeded');
    assert.equal(loop.repetitionCount, 3);
    assert.equal(time.elapsedSince(START), 60 * 60 * 1000);
    assert.equal(record.status, 'Succeeded');
    assert.equal(action(record, 'See_Loop').outputs, 3);
  });

  it('with operationOptions FailWhenLimitsReached, ends TimedOut when a limit stops it', async () => {
    const wait = { Pause: { type: 'Wait', inputs: { interval: { count: 20, unit: 'Minute' } }, runAfter: after('Count') } };
    const timedOut = until('@equals(1, 2)', { count: 60, timeout: 'PT1H' }, wait);
    (timedOut.actions.Loop as Record<string, unknown>)['operationOptions'] = 'FailWhenLimitsReached';
    const { record } = await run(timedOut);
    assert.equal(action(record, 'Loop').status, 'TimedOut');
    assert.equal(action(record, 'Loop').code, 'ActionTimedOut');
    assert.match(action(record, 'Loop').error?.message ?? '', /reached its timeout/);
    assert.equal(record.status, 'Failed');
    assert.equal(action(record, 'See_Loop').status, 'Skipped');

    const counted = until('@equals(1, 2)', { count: 3 });
    (counted.actions.Loop as Record<string, unknown>)['operationOptions'] = 'failwhenlimitsreached';
    const second = await run(counted);
    assert.equal(action(second.record, 'Loop').status, 'TimedOut');
    assert.match(action(second.record, 'Loop').error?.message ?? '', /count of 3 repetitions/);

    const met = until("@greaterOrEquals(variables('n'), 2)", { count: 3 });
    (met.actions.Loop as Record<string, unknown>)['operationOptions'] = 'FailWhenLimitsReached';
    assert.equal(action((await run(met)).record, 'Loop').status, 'Succeeded', 'its expression came true within the limits');
  });

  it('polls: the expression sees the outputs of the repetition that just ran', async () => {
    const target = await sink([{ body: { status: 'Pending' } }, { body: { status: 'Pending' } }, { body: { status: 'Done' } }]);
    const poll = { Poll: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/job` }, runAfter: after('Count') } };
    const { record } = await run(until("@equals(body('Poll')?['status'], 'Done')", { count: 10 }, poll));
    assert.equal(action(record, 'Loop').status, 'Succeeded');
    assert.equal(action(record, 'Loop').repetitionCount, 3);
    assert.equal(target.requests.length, 3);
  });

  it('can stop on iterationIndexes() of the loop itself', async () => {
    const { record } = await run(until("@equals(iterationIndexes('Loop'), 2)", { count: 10 }));
    assert.equal(action(record, 'Loop').repetitionCount, 3);
  });

  it('goes on after a repetition with a failed action, and takes the status of its last repetition', async () => {
    // Fails in the first repetition only: the loop goes on and succeeds, as in Logic Apps.
    const flaky = { Flaky: compose("@if(equals(variables('n'), 1), div(1, 0), 'ok')", after('Count')) };
    const recovered = await run(until("@greaterOrEquals(variables('n'), 3)", { count: 10 }, flaky));
    assert.equal(action(recovered.record, 'Loop').status, 'Succeeded');
    assert.equal(action(recovered.record, 'Loop').repetitionCount, 3);
    assert.deepEqual(action(recovered.record, 'Flaky').repetitions?.map((repetition) => repetition.status), ['Failed', 'Succeeded', 'Succeeded']);
    assert.equal(recovered.record.status, 'Succeeded');

    // Fails in its last repetition: the loop fails.
    const { record } = await run(until('@equals(1, 2)', { count: 5 }, { Bad: compose('@div(1, 0)', after('Count')) }));
    assert.equal(action(record, 'Loop').status, 'Failed');
    assert.equal(action(record, 'Loop').repetitionCount, 5);
    assert.equal(record.status, 'Failed');
  });
});

describe('Scope', () => {
  it('fails when an action inside fails, and result() lists the inner results', async () => {
    const { record } = await run({
      actions: {
        Try: { type: 'Scope', actions: { Ok: compose(1), Bad: compose('@div(1, 0)', after('Ok')) } },
        Catch: compose("@result('Try')", after('Try', ['Failed'])),
        Failed_names: {
          type: 'Query',
          inputs: { from: "@result('Try')", where: "@equals(item()['status'], 'Failed')" },
          runAfter: after('Try', ['Failed']),
        },
      },
    });
    assert.equal(action(record, 'Try').status, 'Failed');
    assert.equal(action(record, 'Try').code, 'ActionFailed');
    assert.equal(action(record, 'Catch').status, 'Succeeded');
    const results = action(record, 'Catch').outputs as { name: string; status: string; error?: { code: string } }[];
    assert.deepEqual(results.map((result) => [result.name, result.status]), [['Ok', 'Succeeded'], ['Bad', 'Failed']]);
    assert.equal(results[1]?.error?.code, 'InvalidTemplate');
    assert.deepEqual((action(record, 'Failed_names').outputs as { body: { name: string }[] }).body.map((r) => r.name), ['Bad']);
    assert.equal(record.status, 'Succeeded');
  });

  it('succeeds when its inner failure is handled inside it', async () => {
    const { record } = await run({
      actions: {
        Try: { type: 'Scope', actions: { Bad: compose('@div(1, 0)'), Handle: compose('handled', after('Bad', ['Failed'])) } },
      },
    });
    assert.equal(action(record, 'Try').status, 'Succeeded');
    assert.equal(record.status, 'Succeeded');
  });
});

describe('variables', () => {
  const init = (variables: { name: string; type: string; value?: unknown }[]) => ({
    Init: { type: 'InitializeVariable', inputs: { variables } },
  });
  const step = (type: string, inputs: Record<string, unknown>, runAfterName = 'Init') => ({ type, inputs, runAfter: after(runAfterName) });

  it('initializes every type, with defaults when no value is given', async () => {
    const { record } = await run({
      actions: {
        ...init([
          { name: 'a', type: 'Array' },
          { name: 'b', type: 'Boolean', value: true },
          { name: 'f', type: 'Float', value: 1.5 },
          { name: 'i', type: 'integer' },
          { name: 'o', type: 'Object', value: { k: '@triggerBody()' } },
          { name: 's', type: 'String', value: 'x' },
        ]),
        Show: compose(
          { a: "@variables('a')", b: "@variables('b')", f: "@variables('f')", i: "@variables('i')", o: "@variables('o')", s: "@variables('s')" },
          after('Init'),
        ),
      },
    }, { body: 'v' });
    assert.deepEqual(action(record, 'Show').outputs, { a: [], b: true, f: 1.5, i: 0, o: { k: 'v' }, s: 'x' });
  });

  it('refuses an initial value of the wrong type', async () => {
    const { record } = await run({ actions: init([{ name: 'i', type: 'Integer', value: 'seven' }]) });
    assert.equal(action(record, 'Init').status, 'Failed');
    assert.equal(action(record, 'Init').code, 'InvalidVariableValue');
  });

  it('SetVariable replaces the value and refuses another type', async () => {
    const { record } = await run({
      actions: {
        ...init([{ name: 's', type: 'String', value: 'old' }, { name: 'i', type: 'Integer', value: 1 }]),
        Set: step('SetVariable', { name: 's', value: "@concat('new-', triggerBody())" }),
        Set_wrong: step('SetVariable', { name: 'i', value: 'text' }, 'Set'),
        Show: compose("@variables('s')", after('Set_wrong', ['Failed'])),
        Show_i: compose("@variables('i')", after('Set_wrong', ['Failed'])),
      },
    }, { body: 'value' });
    assert.equal(action(record, 'Set').status, 'Succeeded');
    assert.deepEqual(action(record, 'Set').outputs, { body: { name: 's', value: 'new-value' } });
    assert.equal(action(record, 'Set_wrong').status, 'Failed');
    assert.equal(action(record, 'Set_wrong').code, 'InvalidVariableValue');
    assert.equal(action(record, 'Show').outputs, 'new-value');
    assert.equal(action(record, 'Show_i').outputs, 1);
  });

  it('IncrementVariable and DecrementVariable count, by 1 by default', async () => {
    const { record } = await run({
      actions: {
        ...init([{ name: 'i', type: 'Integer', value: 10 }, { name: 'f', type: 'Float', value: 1.5 }]),
        Up: step('IncrementVariable', { name: 'i' }),
        Up_more: step('IncrementVariable', { name: 'i', value: 5 }, 'Up'),
        Down: step('DecrementVariable', { name: 'i', value: 3 }, 'Up_more'),
        Up_float: step('IncrementVariable', { name: 'f', value: 0.25 }, 'Down'),
        Up_float_int: step('IncrementVariable', { name: 'f', value: 2 }, 'Up_float'),
        Show: compose({ i: "@variables('i')", f: "@variables('f')" }, after('Up_float_int')),
      },
    });
    assert.deepEqual(action(record, 'Show').outputs, { i: 13, f: 3.75 });
    assert.deepEqual(action(record, 'Down').outputs, { body: { name: 'i', value: 13 } });
  });

  it('refuses to increment an Integer by a float, or a non-numeric variable', async () => {
    const { record } = await run({
      actions: {
        ...init([{ name: 'i', type: 'Integer', value: 1 }, { name: 's', type: 'String', value: 'x' }]),
        By_float: step('IncrementVariable', { name: 'i', value: 0.5 }),
        By_float_literal: step('IncrementVariable', { name: 'i', value: '@float(\'2.0\')' }),
        On_string: step('IncrementVariable', { name: 's', value: 1 }),
        Show: compose("@variables('i')", { By_float: ['Failed'], By_float_literal: ['Failed'] }),
      },
    });
    assert.equal(action(record, 'By_float').status, 'Failed');
    assert.equal(action(record, 'By_float_literal').status, 'Failed');
    assert.equal(action(record, 'On_string').status, 'Failed');
    assert.equal(action(record, 'Show').outputs, 1);
  });

  it('fails when the variable has not been initialized', async () => {
    // Not statically detectable: the name is computed.
    const { record } = await run({
      actions: { ...init([{ name: 'i', type: 'Integer' }]), Up: step('IncrementVariable', { name: 'j' }) },
    });
    assert.equal(action(record, 'Up').status, 'Failed');
    assert.match(action(record, 'Up').error?.message ?? '', /'j' has not been initialized/);
  });

  it('AppendToArrayVariable and AppendToStringVariable append, and refuse the other type', async () => {
    const { record } = await run({
      actions: {
        ...init([{ name: 'list', type: 'Array', value: [1] }, { name: 'text', type: 'String', value: 'a' }]),
        Push: step('AppendToArrayVariable', { name: 'list', value: { k: "@triggerBody()" } }),
        Push_again: step('AppendToArrayVariable', { name: 'list', value: 'two' }, 'Push'),
        Concat: step('AppendToStringVariable', { name: 'text', value: '-b' }),
        Concat_number: step('AppendToStringVariable', { name: 'text', value: 3 }, 'Concat'),
        Wrong_array: step('AppendToArrayVariable', { name: 'text', value: 1 }, 'Concat_number'),
        Wrong_string: step('AppendToStringVariable', { name: 'list', value: 'x' }, 'Push_again'),
        Show: compose({ list: "@variables('list')", text: "@variables('text')" }, { Wrong_array: ['Failed'], Wrong_string: ['Failed'] }),
      },
    }, { body: true });
    assert.deepEqual(action(record, 'Show').outputs, { list: [1, { k: true }, 'two'], text: 'a-b3' });
    assert.equal(action(record, 'Wrong_array').status, 'Failed');
    assert.equal(action(record, 'Wrong_string').status, 'Failed');
  });

  it('updates a variable atomically from parallel Foreach repetitions', async () => {
    const { record } = await run({
      actions: {
        ...init([{ name: 'n', type: 'Integer', value: 0 }, { name: 'seen', type: 'Array' }]),
        Loop: {
          type: 'Foreach',
          foreach: '@range(0, 30)',
          runAfter: after('Init'),
          actions: {
            Up: { type: 'IncrementVariable', inputs: { name: 'n', value: 2 } },
            Push: { type: 'AppendToArrayVariable', inputs: { name: 'seen', value: '@item()' } },
          },
        },
        Show: compose({ n: "@variables('n')", count: "@length(variables('seen'))" }, after('Loop')),
      },
    });
    assert.deepEqual(action(record, 'Show').outputs, { n: 60, count: 30 });
  });
});

describe('Terminate', () => {
  const withTerminate = (inputs: Record<string, unknown>) => ({
    actions: {
      First: compose(1),
      Stop: { type: 'Terminate', inputs, runAfter: after('First') },
      Later: compose(2, after('Stop')),
      Parallel_wait: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } } },
    },
  });

  it('ends the run Failed with the runError; later actions do not run and running ones are cancelled', async () => {
    const { record } = await run(withTerminate({ runStatus: 'Failed', runError: { code: 'NoAlerts', message: 'Nothing to do' } }));
    assert.equal(record.status, 'Failed');
    assert.deepEqual(record.error, { code: 'NoAlerts', message: 'Nothing to do' });
    assert.equal(action(record, 'Stop').status, 'Succeeded');
    assert.equal(action(record, 'Later').status, 'Skipped');
    assert.match(action(record, 'Later').error?.message ?? '', /terminated by action 'Stop'/);
    assert.equal(action(record, 'Parallel_wait').status, 'Cancelled');
  });

  it('aborts an Http call in flight in a parallel branch', async () => {
    const target = await sink([{ status: 200, delayMs: 5_000 }]);
    const started = Date.now();
    const { record } = await run({
      actions: {
        Slow_call: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/slow` } },
        Wait_a_bit: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Second' } } },
        Stop: { type: 'Terminate', inputs: { runStatus: 'Cancelled' }, runAfter: after('Wait_a_bit') },
      },
    });
    assert.equal(record.status, 'Cancelled');
    assert.equal(action(record, 'Slow_call').status, 'Cancelled');
    assert.ok(Date.now() - started < 4_000, 'the call was abandoned, not awaited');
  });

  it('ends the run Cancelled', async () => {
    const { record } = await run(withTerminate({ runStatus: 'Cancelled' }));
    assert.equal(record.status, 'Cancelled');
    assert.equal(record.error?.code, 'Cancelled');
    assert.equal(action(record, 'Later').status, 'Skipped');
  });

  it('ends the run Succeeded without an error, even with a failed action before it', async () => {
    const { record } = await run({
      actions: {
        Bad: compose('@div(1, 0)'),
        Stop: { type: 'Terminate', inputs: { runStatus: 'Succeeded' }, runAfter: after('Bad', ['Failed']) },
        Later: compose(2, after('Stop')),
      },
    });
    assert.equal(record.status, 'Succeeded');
    assert.equal(record.error, undefined);
    assert.equal(action(record, 'Later').status, 'Skipped');
  });

  it('takes the status from an expression', async () => {
    const { record } = await run(withTerminate({ runStatus: "@triggerBody()['status']" }), { body: { status: 'Cancelled' } });
    assert.equal(record.status, 'Cancelled');
  });
});

describe('Wait', () => {
  it('waits an interval in virtual time', async () => {
    const { record, time } = await run({
      actions: { Pause: { type: 'Wait', inputs: { interval: { count: 5, unit: 'Minute' } } }, After: compose('@utcNow()', after('Pause')) },
    });
    assert.equal(action(record, 'Pause').status, 'Succeeded');
    assert.equal(time.elapsedSince(START), 5 * 60 * 1000);
    assert.equal(action(record, 'Pause').endTime, '2024-01-01T00:05:00.0000000Z');
    assert.equal(action(record, 'After').outputs, '2024-01-01T00:05:00.0000000Z');
  });

  it('waits until a timestamp, and not at all for one in the past', async () => {
    const { time } = await run({
      actions: {
        Until_two: { type: 'Wait', inputs: { until: { timestamp: "@triggerBody()['at']" } } },
        Past: { type: 'Wait', inputs: { until: { timestamp: '2020-01-01T00:00:00Z' } }, runAfter: after('Until_two') },
      },
    }, { body: { at: '2024-01-01T02:00:00Z' } });
    assert.equal(time.elapsedSince(START), 2 * 60 * 60 * 1000);
    assert.deepEqual(time.sleeps, [2 * 60 * 60 * 1000]);
  });

  it('runs two parallel waits side by side', async () => {
    const { time } = await run({
      actions: {
        A: { type: 'Wait', inputs: { interval: { count: 10, unit: 'Second' } } },
        B: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } } },
      },
    });
    assert.equal(time.elapsedSince(START), 30_000);
  });
});

describe('Http', () => {
  const http = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ Call: { type: 'Http', inputs, ...extra } });

  describe('the asynchronous pattern (202 Accepted with a Location)', () => {
    const accepted = (location: string, retryAfter?: string) => ({ status: 202, headers: { Location: location, ...(retryAfter ? { 'Retry-After': retryAfter } : {}) } });

    it('polls the Location after its Retry-After (else 20 s) until the operation answers, and that answer is the outputs', async () => {
      const target = await sink([accepted('/operations/1', '1'), accepted('/operations/1'), { status: 200, body: { state: 'Done' } }]);
      const { record, time } = await run({
        actions: http({ method: 'DELETE', uri: `${target.url}/vms/vm1`, headers: { 'X-Api-Key': 'k-123', 'Content-Type': 'application/json' }, body: { force: true } }),
      });
      const call = action(record, 'Call');
      assert.equal(call.status, 'Succeeded');
      assert.deepEqual(call.outputs && (call.outputs as { statusCode: number; body: unknown }).body, { state: 'Done' });
      assert.equal((call.outputs as { statusCode: number }).statusCode, 200);
      assert.deepEqual(target.requests.map((request) => `${request.method} ${request.url}`), ['DELETE /vms/vm1', 'GET /operations/1', 'GET /operations/1']);
      assert.deepEqual(time.sleeps, [1_000, 20_000]);
      const poll = target.requests[1];
      assert.equal(poll?.headers['x-api-key'], 'k-123', 'the polls carry the request headers');
      assert.equal(poll?.headers['content-type'], undefined, 'but none describing a body');
      assert.equal(poll?.headers['x-ms-workflow-run-id'], target.requests[0]?.headers['x-ms-workflow-run-id']);
    });

    it('polls a Location on another origin without the credentials meant for the API', async () => {
      const storage = await sink([{ status: 200, body: { report: 'ready' } }]);
      const api = await sink([accepted(`${storage.url}/reports/1?sig=signed`, '1')]);
      const { record } = await run({
        actions: http({
          method: 'POST',
          uri: `${api.url}/scan`,
          headers: { 'X-Api-Key': 'k-123', 'X-Trace': 't-1' },
          authentication: { type: 'Basic', username: 'bob', password: 'pw-456' },
        }),
      });
      assert.equal(action(record, 'Call').status, 'Succeeded');
      assert.ok(api.requests[0]?.headers['authorization']?.startsWith('Basic '), 'the API got its credentials');
      const poll = storage.requests[0];
      assert.equal(poll?.url, '/reports/1?sig=signed');
      assert.equal(poll?.headers['authorization'], undefined);
      assert.equal(poll?.headers['x-api-key'], undefined);
      assert.equal(poll?.headers['x-trace'], 't-1', 'other headers still go');
    });

    it("fails as the operation's final answer does", async () => {
      const target = await sink([accepted('/operations/2', '1'), { status: 409, body: { error: 'conflict' } }]);
      const { record } = await run({ actions: http({ method: 'POST', uri: `${target.url}/start` }) });
      assert.equal(action(record, 'Call').status, 'Failed');
      assert.equal(action(record, 'Call').code, 'Conflict');
    });

    it('is not followed with DisableAsyncPattern, nor without a Location', async () => {
      const target = await sink([accepted('/operations/3')]);
      const disabled = await run({ actions: http({ method: 'POST', uri: `${target.url}/start` }, { operationOptions: 'DisableAsyncPattern' }) });
      assert.equal(action(disabled.record, 'Call').status, 'Succeeded');
      assert.equal((action(disabled.record, 'Call').outputs as { statusCode: number }).statusCode, 202);
      assert.equal(target.requests.length, 1);

      const plain = await sink([{ status: 202, body: { queued: true } }]);
      const { record } = await run({ actions: http({ method: 'POST', uri: `${plain.url}/start` }) });
      assert.equal((action(record, 'Call').outputs as { statusCode: number }).statusCode, 202);
      assert.equal(plain.requests.length, 1);
    });

    it('ends TimedOut when the operation still answers 202 after a day', async () => {
      const target = await sink(() => accepted('/operations/4', '3600'));
      const { record, time } = await run({ actions: http({ method: 'POST', uri: `${target.url}/start` }) });
      assert.equal(action(record, 'Call').status, 'TimedOut');
      assert.match(action(record, 'Call').error?.message ?? '', /still running \(202 Accepted\) after 24 hours/);
      assert.equal(time.sleeps.length, 24);
    });
  });

  it('sends method, uri, headers, queries and a JSON body built from the trigger', async () => {
    const target = await sink([{ status: 201, body: { id: 'new', ok: true }, headers: { 'x-request-id': 'abc' } }]);
    const { record } = await run(
      {
        actions: {
          ...http({
            method: 'post',
            uri: "@{triggerBody()['base']}/incidents/@{triggerBody()['id']}/comments",
            headers: { 'X-Severity': "@triggerBody()['severity']", 'X-Count': 3 },
            queries: { 'api-version': '2024-01-01', filter: "name eq '@{triggerBody()['name']}'" },
            body: { message: "@concat('Alert ', triggerBody()['name'])", tags: "@triggerBody()['tags']", n: 1.5 },
          }),
          ...observe('Call', "@body('Call')['id']"),
          Status: compose("@outputs('Call')['statusCode']", after('Call')),
          Header: compose("@outputs('Call')['headers']['x-request-id']", after('Call')),
        },
      },
      { body: { base: target.url, id: 42, severity: 'High', name: 'a & b', tags: ['x', 'y'] } },
    );
    assert.equal(record.status, 'Succeeded');
    assert.equal(target.requests.length, 1);
    const [request] = target.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, `/incidents/42/comments?api-version=2024-01-01&filter=name+eq+%27a+%26+b%27`);
    assert.equal(request?.headers['x-severity'], 'High');
    assert.equal(request?.headers['x-count'], '3');
    assert.match(request?.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(request?.body ?? ''), { message: 'Alert a & b', tags: ['x', 'y'], n: 1.5 });
    const call = action(record, 'Call');
    assert.equal(call.status, 'Succeeded');
    assert.deepEqual((call.outputs as { body: Value }).body, { id: 'new', ok: true });
    assert.equal((call.inputs as { uri: string }).uri, `${target.url}/incidents/42/comments`);
    assert.equal(action(record, 'See_Call').outputs, 'new');
    assert.equal(action(record, 'Status').outputs, 201);
    assert.equal(action(record, 'Header').outputs, 'abc');
  });

  it('sends a string body as is, and reads a text answer as text', async () => {
    const target = await sink([{ status: 200, body: 'plain answer' }]);
    const { record } = await run({
      actions: http({ method: 'PUT', uri: `${target.url}/x`, headers: { 'Content-Type': 'text/plain' }, body: 'raw text' }),
    });
    assert.equal(target.requests[0]?.body, 'raw text');
    assert.equal(target.requests[0]?.headers['content-type'], 'text/plain');
    assert.equal((action(record, 'Call').outputs as { body: Value }).body, 'plain answer');
  });

  it('fails on a non-2xx answer but keeps the outputs for later actions', async () => {
    const target = await sink([{ status: 404, body: { error: 'no such incident' } }]);
    const { record } = await run({
      actions: {
        ...http({ method: 'GET', uri: `${target.url}/missing` }),
        ...observe('Call', "@body('Call')['error']", ['Failed']),
      },
    });
    const call = action(record, 'Call');
    assert.equal(call.status, 'Failed');
    assert.equal(call.code, 'NotFound');
    assert.equal((call.outputs as { statusCode: number }).statusCode, 404);
    assert.equal(action(record, 'See_Call').outputs, 'no such incident');
    assert.equal(target.requests.length, 1, 'a 404 is not retried');
    assert.equal(record.status, 'Succeeded');
  });

  describe('retry policies', () => {
    it('default: exponential, retries 503 and records the history', async () => {
      const target = await sink([{ status: 503 }, { status: 503 }, { status: 200, body: { done: true } }]);
      const { record, time } = await run({ actions: http({ method: 'GET', uri: `${target.url}/flaky` }) });
      const call = action(record, 'Call');
      assert.equal(call.status, 'Succeeded');
      assert.equal(target.requests.length, 3);
      assert.deepEqual(call.retryHistory?.map((attempt) => attempt.code), ['503', '503', '200']);
      // random() is 0: the lower bound of each interval, at least the minimum of 5 s.
      assert.deepEqual(time.sleeps, [5_000, 7_000]);
      assert.equal(call.retryHistory?.[1]?.startTime, '2024-01-01T00:00:05.0000000Z');
      assert.equal(call.retryHistory?.[2]?.startTime, '2024-01-01T00:00:12.0000000Z');
    });

    it('default: gives up after 4 retries', async () => {
      const target = await sink([{ status: 500 }]);
      const { record } = await run({ actions: http({ method: 'GET', uri: `${target.url}/down` }) }, { random: () => 0.5 });
      assert.equal(target.requests.length, 5);
      const call = action(record, 'Call');
      assert.equal(call.status, 'Failed');
      assert.equal(call.code, 'InternalServerError');
      assert.equal(call.retryHistory?.length, 5);
    });

    it('fixed: waits the interval between tries', async () => {
      const target = await sink([{ status: 503 }]);
      const { record, time } = await run({
        actions: http({ method: 'GET', uri: `${target.url}/down`, retryPolicy: { type: 'fixed', count: 2, interval: 'PT10S' } }),
      });
      assert.equal(target.requests.length, 3);
      assert.deepEqual(time.sleeps, [10_000, 10_000]);
      assert.equal(action(record, 'Call').code, 'ServiceUnavailable');
      assert.equal((action(record, 'Call').outputs as { statusCode: number }).statusCode, 503);
    });

    it('exponential: intervals grow within the bounds', async () => {
      const target = await sink([{ status: 503 }]);
      const policy = { type: 'exponential', count: 3, interval: 'PT10S', minimumInterval: 'PT2S', maximumInterval: 'PT15S' };
      const low = await run({ actions: http({ method: 'GET', uri: `${target.url}/down`, retryPolicy: policy }) }, { random: () => 0 });
      assert.deepEqual(low.time.sleeps, [2_000, 10_000, 15_000]);
      const high = await run({ actions: http({ method: 'GET', uri: `${target.url}/down`, retryPolicy: policy }) }, { random: () => 1 });
      assert.deepEqual(high.time.sleeps, [10_000, 15_000, 15_000]);
      assert.equal(target.requests.length, 8);
    });

    it('none: one try, no history', async () => {
      const target = await sink([{ status: 503 }, { status: 200 }]);
      const { record, time } = await run({ actions: http({ method: 'GET', uri: `${target.url}/down`, retryPolicy: { type: 'none' } }) });
      assert.equal(target.requests.length, 1);
      assert.equal(action(record, 'Call').status, 'Failed');
      assert.equal(action(record, 'Call').retryHistory, undefined);
      assert.deepEqual(time.sleeps, []);
    });

    it('honours a longer Retry-After', async () => {
      const target = await sink([{ status: 429, headers: { 'Retry-After': '30' } }, { status: 200 }]);
      const { record, time } = await run({
        actions: http({ method: 'GET', uri: `${target.url}/throttled`, retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' } }),
      });
      assert.equal(action(record, 'Call').status, 'Succeeded');
      assert.deepEqual(time.sleeps, [30_000]);
      assert.deepEqual(action(record, 'Call').retryHistory?.map((attempt) => attempt.code), ['429', '200']);
    });

    it('retries a refused connection, then fails with ConnectionError', async () => {
      const uri = `${await refusedUrl()}/nothing`;
      const { record, time } = await run({
        actions: http({ method: 'GET', uri, retryPolicy: { type: 'fixed', count: 2, interval: 'PT1S' } }),
      });
      const call = action(record, 'Call');
      assert.equal(call.status, 'Failed');
      assert.equal(call.code, 'ConnectionError');
      assert.deepEqual(call.retryHistory?.map((attempt) => attempt.code), ['ConnectionError', 'ConnectionError', 'ConnectionError']);
      assert.deepEqual(time.sleeps, [1_000, 1_000]);
    });
  });

  it('ends TimedOut when limit.timeout passes before the answer', async () => {
    const target = await sink([{ status: 200, delayMs: 5_000 }]);
    const started = Date.now();
    const { record } = await run({
      actions: { ...http({ method: 'GET', uri: `${target.url}/slow` }, { limit: { timeout: 'PT10S' } }), ...observe('Call', '@true', ['TimedOut']) },
    });
    assert.equal(action(record, 'Call').status, 'TimedOut');
    assert.equal(action(record, 'See_Call').status, 'Succeeded');
    assert.ok(Date.now() - started < 4_000, 'the action was abandoned before the sink answered');
  });

  it('sends Basic authentication but records the password redacted', async () => {
    const target = await sink();
    const { record } = await run({
      actions: http({ method: 'GET', uri: `${target.url}/secure`, authentication: { type: 'Basic', username: 'svc', password: 'p@ss:w0rd' } }),
    });
    assert.equal(target.requests[0]?.headers['authorization'], `Basic ${Buffer.from('svc:p@ss:w0rd').toString('base64')}`);
    const inputs = action(record, 'Call').inputs as { authentication: Record<string, string> };
    assert.equal(inputs.authentication['username'], 'svc');
    assert.notEqual(inputs.authentication['password'], 'p@ss:w0rd');
    assert.doesNotMatch(JSON.stringify(record), /p@ss:w0rd/);
    assert.doesNotMatch(JSON.stringify(record), new RegExp(Buffer.from('svc:p@ss:w0rd').toString('base64')));
  });

  it('fails with a clear message for a bad uri or method', async () => {
    const { record } = await run({
      actions: {
        Bad_uri: { type: 'Http', inputs: { method: 'GET', uri: 'not a url' } },
        Bad_method: { type: 'Http', inputs: { method: 'FETCH', uri: 'http://127.0.0.1/' } },
      },
    });
    assert.equal(action(record, 'Bad_uri').status, 'Failed');
    assert.match(action(record, 'Bad_uri').error?.message ?? '', /absolute http or https URL/);
    assert.equal(action(record, 'Bad_method').status, 'Failed');
  });
});

describe('Response', () => {
  it('records the response with evaluated status, headers and body', async () => {
    const { record } = await run(
      {
        triggers: { manual: { type: 'Request', kind: 'Http' } },
        actions: {
          Reply: { type: 'Response', inputs: { statusCode: '@triggerBody()[\'code\']', headers: { 'X-Run': 'R1' }, body: { got: '@triggerBody()' } } },
          ...observe('Reply', "@outputs('Reply')['statusCode']"),
        },
      },
      { body: { code: 202 } },
    );
    assert.deepEqual(record.response, { statusCode: 202, headers: { 'X-Run': 'R1' }, body: { got: { code: 202 } } });
    assert.equal(action(record, 'See_Reply').outputs, 202);
  });

  it('fails for a status code outside 200..599', async () => {
    for (const statusCode of [700, 101, 199]) {
      const { record } = await run({ actions: { Reply: { type: 'Response', inputs: { statusCode } } } });
      assert.equal(action(record, 'Reply').status, 'Failed', String(statusCode));
      assert.equal(record.response, undefined);
    }
  });

  it('fails, answering nothing, for headers an HTTP response cannot carry or the server sets; other values become text', async () => {
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ 'Bad Header Name': 'x' }, /not a valid HTTP header name/],
      [{ 'X-Split': 'a\r\nSet-Cookie: stolen=1' }, /line break/],
      [{ 'X-Emoji': '🛡' }, /cannot carry/],
      [{ 'Transfer-Encoding': 'chunked' }, /set by the server/],
      [{ 'content-length': '5' }, /set by the server/],
    ];
    for (const [headers, message] of refused) {
      const { record } = await run({ actions: { Reply: { type: 'Response', inputs: { statusCode: 200, headers, body: 'hi' } } } });
      assert.equal(action(record, 'Reply').status, 'Failed', JSON.stringify(headers));
      assert.match(action(record, 'Reply').error?.message ?? '', message);
      assert.equal(record.response, undefined);
    }
    const { record } = await run({ actions: { Reply: { type: 'Response', inputs: { headers: { 'X-Count': 3, 'X-Ok': true, 'X-Obj': { a: 1 }, 'X-Latin': 'café' } } } } });
    assert.deepEqual(record.response?.headers, { 'X-Count': '3', 'X-Ok': 'true', 'X-Obj': '{"a":1}', 'X-Latin': 'café' });
  });
});

describe('Expression (date and time built-ins)', () => {
  it('computes CurrentTime, GetPastTime, GetFutureTime and AddToTime from the run clock', async () => {
    const time = new VirtualTime('2024-03-15T13:00:00Z');
    const { record } = await run(
      {
        actions: {
          Now: { type: 'Expression', kind: 'CurrentTime', inputs: {} },
          Past: { type: 'Expression', kind: 'GetPastTime', inputs: { interval: 5, timeUnit: 'Minute' } },
          Future: { type: 'Expression', kind: 'GetFutureTime', inputs: { interval: 2, timeUnit: 'Day' } },
          Added: { type: 'Expression', kind: 'AddToTime', inputs: { baseTime: '2024-01-31T10:00:00Z', interval: 1, timeUnit: 'Hour' } },
          ...observe('Past', "@body('Past')"),
        },
      },
      { time },
    );
    assert.equal(record.status, 'Succeeded');
    assert.equal((action(record, 'Now').outputs as { body: string }).body, '2024-03-15T13:00:00.0000000Z');
    assert.equal(action(record, 'See_Past').outputs, '2024-03-15T12:55:00.0000000Z');
    assert.equal((action(record, 'Future').outputs as { body: string }).body, '2024-03-17T13:00:00.0000000Z');
    assert.equal((action(record, 'Added').outputs as { body: string }).body, '2024-01-31T11:00:00.0000000Z');
  });

  it('refuses an unknown kind', () => {
    assert.throws(() => compileOk({ actions: { X: { type: 'Expression', kind: 'Tomorrow', inputs: {} } } }), /kind/);
  });
});

describe('ApiConnection', () => {
  const connections = { parameters: { $connections: { type: 'Object', defaultValue: { azuresentinel: { connectionId: '/subscriptions/s/connections/azuresentinel' } } } } };
  const getIncident = (extra: Record<string, unknown> = {}) => ({
    Get_incident: {
      type: 'ApiConnection',
      inputs: {
        host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } },
        method: 'post',
        path: "/Incidents/@{encodeURIComponent(triggerBody()['id'])}",
        body: { incidentArmId: "@triggerBody()['id']" },
        ...extra,
      },
    },
  });

  class RecordingConnector implements ConnectorClient {
    readonly requests: ConnectorRequest[] = [];
    constructor(private readonly answers: (ConnectorResponse | Error)[]) {}
    async invoke(request: ConnectorRequest): Promise<ConnectorResponse> {
      this.requests.push(request);
      const answer = this.answers[Math.min(this.requests.length - 1, this.answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer ?? { statusCode: 200 };
    }
  }

  it('fails with ConnectorNotConfigured when no connector is configured', async () => {
    const { record } = await run({ ...connections, actions: getIncident() }, { body: { id: 'inc/1' } });
    const call = action(record, 'Get_incident');
    assert.equal(call.status, 'Failed');
    assert.equal(call.code, 'ConnectorNotConfigured');
    assert.match(call.error?.message ?? '', /azuresentinel/);
    assert.equal(record.status, 'Failed');
  });

  it('calls the configured connector with the evaluated request and exposes its answer', async () => {
    const connector = new RecordingConnector([{ statusCode: 200, headers: { 'x-ms': '1' }, body: { properties: { severity: 'High' } } }]);
    const { record } = await run(
      { ...connections, actions: { ...getIncident(), ...observe('Get_incident', "@body('Get_incident')?['properties']?['severity']") } },
      { body: { id: 'inc/1' }, connectors: connector },
    );
    assert.equal(action(record, 'Get_incident').status, 'Succeeded');
    assert.equal(action(record, 'See_Get_incident').outputs, 'High');
    assert.equal(connector.requests.length, 1);
    const [request] = connector.requests;
    assert.equal(request?.connectionName, 'azuresentinel');
    assert.equal(request?.connectionId, '/subscriptions/s/connections/azuresentinel');
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/Incidents/inc%2F1');
    assert.deepEqual(request?.body, { incidentArmId: 'inc/1' });
    assert.equal(request?.idempotencyKey, 'R1:Get_incident');
  });

  it('retries a connector 503 and a connection error, then fails with the last answer', async () => {
    const connector = new RecordingConnector([
      { statusCode: 503 },
      new HttpConnectionError('socket hang up'),
      { statusCode: 400, body: { error: 'bad' } },
    ]);
    const { record } = await run(
      { ...connections, actions: getIncident({ retryPolicy: { type: 'fixed', count: 3, interval: 'PT1S' } }) },
      { body: { id: 'x' }, connectors: connector },
    );
    const call = action(record, 'Get_incident');
    assert.equal(connector.requests.length, 3);
    assert.equal(call.status, 'Failed');
    assert.equal(call.code, 'BadRequest');
    assert.deepEqual(call.retryHistory?.map((attempt) => attempt.code), ['503', 'ConnectionError', '400']);
    assert.deepEqual((call.outputs as { body: Value }).body, { error: 'bad' });
  });
});

describe('which actions reach outside the run', () => {
  it('requests, responses, connector calls and timers do; computations, variables and containers do not; unknown types count as doing so', () => {
    for (const type of ['Http', 'http', 'ApiConnection', 'ApiConnectionWebhook', 'Response', 'Wait', 'SomethingNew']) assert.equal(reachesOutside(type), true, type);
    for (const type of ['Compose', 'ParseJson', 'Query', 'Select', 'If', 'Switch', 'Foreach', 'Until', 'Scope', 'SetVariable', 'Terminate', 'Expression']) {
      assert.equal(reachesOutside(type), false, type);
    }
  });
});
