/**
 * How Logic Apps decides a run's status from its branches: a branch that ends in a failure fails the run unless the
 * failure was handled by a `runAfter`; a branch that ends Skipped takes the status of what caused the skip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { action, after, compose, run, sinksClosedAfterEachTest, statuses } from '../support/workflow-harness.js';

const fail = (runAfter?: Record<string, string[]>) => compose('@div(1, 0)', runAfter);

const sink = sinksClosedAfterEachTest();

describe('failures and handlers', () => {
  it('a failure handled by runAfter Failed leaves the run Succeeded', async () => {
    const { record } = await run({ actions: { A: fail(), Handle: compose('handled', after('A', ['Failed'])) } });
    assert.deepEqual(statuses(record), { A: 'Failed', Handle: 'Succeeded' });
    assert.equal(record.status, 'Succeeded');
    assert.equal(record.error, undefined);
  });

  it('an unhandled failure fails the run with ActionFailed', async () => {
    const { record } = await run({ actions: { Ok: compose(1), A: fail(after('Ok')) } });
    assert.equal(record.status, 'Failed');
    assert.equal(record.error?.code, 'ActionFailed');
  });

  it('a branch that ends Skipped because its predecessor failed fails the run', async () => {
    const { record } = await run({
      actions: { A: fail(), B: compose(2, after('A')), C: compose(3, after('B')) },
    });
    assert.deepEqual(statuses(record), { A: 'Failed', B: 'Skipped', C: 'Skipped' });
    assert.equal(action(record, 'B').error?.code, 'ActionConditionFailed');
    assert.match(action(record, 'B').error?.message ?? '', /'runAfter' condition for action 'A'.*'Succeeded'.*'Failed'/);
    assert.equal(record.status, 'Failed');
    assert.equal(record.error?.code, 'ActionFailed');
  });

  it('a branch that ends Skipped because a handler was not needed leaves the run Succeeded', async () => {
    const { record } = await run({
      actions: { A: compose(1), On_failure: compose('sorry', after('A', ['Failed'])), Notify: compose('x', after('On_failure')) },
    });
    assert.deepEqual(statuses(record), { A: 'Succeeded', On_failure: 'Skipped', Notify: 'Skipped' });
    assert.equal(record.status, 'Succeeded');
  });

  it('try/catch: the catch ran, but the success path ended Skipped after the failure, so the run fails', async () => {
    const { record } = await run({
      actions: {
        Try: { type: 'Scope', actions: { Step: fail() } },
        Catch: compose('caught', after('Try', ['Failed', 'TimedOut'])),
        Success_path: compose('ok', after('Try')),
      },
    });
    assert.deepEqual(statuses(record), { Try: 'Failed', Step: 'Failed', Catch: 'Succeeded', Success_path: 'Skipped' });
    assert.equal(record.status, 'Failed');
  });

  it('try/catch with the success path continuing after the catch succeeds', async () => {
    const { record } = await run({
      actions: {
        Try: { type: 'Scope', actions: { Step: fail() } },
        Catch: compose('caught', after('Try', ['Failed'])),
        Finally: compose('done', { Catch: ['Succeeded', 'Skipped'] }),
      },
    });
    assert.equal(action(record, 'Finally').status, 'Succeeded');
    assert.equal(record.status, 'Succeeded');
  });

  it('runAfter Skipped runs after a skip, and the branch then ends Succeeded', async () => {
    const { record } = await run({
      actions: { A: fail(), B: compose(2, after('A')), C: compose(3, after('B', ['Skipped'])) },
    });
    assert.deepEqual(statuses(record), { A: 'Failed', B: 'Skipped', C: 'Succeeded' });
    assert.equal(record.status, 'Succeeded');
  });

  it('an action with several predecessors runs only when every condition holds', async () => {
    const { record } = await run({
      actions: {
        A: compose(1),
        B: fail(),
        Both: compose('both', { A: ['Succeeded'], B: ['Failed'] }),
        Neither: compose('neither', { A: ['Failed'], B: ['Failed'] }),
      },
    });
    assert.equal(action(record, 'Both').status, 'Succeeded');
    assert.equal(action(record, 'Neither').status, 'Skipped');
    // Neither was skipped because A succeeded: a handler that was not needed.
    assert.equal(record.status, 'Succeeded');
  });

  it('one failing branch fails the run while the other branch still runs to its end', async () => {
    const { record } = await run({
      actions: { Bad: fail(), Good: compose(1), Good_next: compose(2, after('Good')) },
    });
    assert.deepEqual(statuses(record), { Bad: 'Failed', Good: 'Succeeded', Good_next: 'Succeeded' });
    assert.equal(record.status, 'Failed');
  });

  it('the same rules decide the status of a container', async () => {
    const { record } = await run({
      actions: {
        Handled: { type: 'Scope', actions: { A: fail(), H: compose(1, after('A', ['Failed'])) } },
        Unhandled: { type: 'Scope', actions: { B: fail(), C: compose(1, after('B')) } },
        Not_needed: { type: 'Scope', actions: { D: compose(1), E: compose(1, after('D', ['Failed'])) } },
      },
    });
    assert.equal(action(record, 'Handled').status, 'Succeeded');
    assert.equal(action(record, 'Unhandled').status, 'Failed');
    assert.equal(action(record, 'Not_needed').status, 'Succeeded');
    assert.equal(record.status, 'Failed');
  });
});

describe('timeouts', () => {
  it('a TimedOut action handled by runAfter TimedOut leaves the run Succeeded', async () => {
    const { record } = await run({
      actions: {
        Slow: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } }, limit: { timeout: 'PT1M' } },
        On_timeout: compose('late', after('Slow', ['TimedOut'])),
      },
    });
    assert.deepEqual(statuses(record), { Slow: 'TimedOut', On_timeout: 'Succeeded' });
    assert.equal(action(record, 'Slow').code, 'ActionTimedOut');
    assert.equal(record.status, 'Succeeded');
  });

  it('an unhandled TimedOut fails the run, and runAfter Failed does not catch it', async () => {
    const { record, time } = await run({
      actions: {
        Slow: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } }, limit: { timeout: 'PT1M' } },
        On_failure: compose('x', after('Slow', ['Failed'])),
      },
    });
    assert.deepEqual(statuses(record), { Slow: 'TimedOut', On_failure: 'Skipped' });
    assert.equal(record.status, 'Failed');
    assert.equal(time.elapsedSince('2024-01-01T00:00:00Z'), 60_000);
  });

  it('an Http call that outlasts its timeout is TimedOut and can be handled', async () => {
    const target = await sink([{ status: 200, delayMs: 3_000 }]);
    const { record } = await run({
      actions: {
        Call: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/slow` }, limit: { timeout: 'PT30S' } },
        Handle: compose('handled', after('Call', ['TimedOut'])),
      },
    });
    assert.deepEqual(statuses(record), { Call: 'TimedOut', Handle: 'Succeeded' });
    assert.equal(record.status, 'Succeeded');
  });

  it('a Scope that times out cancels what runs inside it', async () => {
    const { record } = await run({
      actions: {
        Group: {
          type: 'Scope',
          limit: { timeout: 'PT5M' },
          actions: { Long: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Hour' } } }, Next: compose(1, after('Long')) },
        },
      },
    });
    assert.equal(action(record, 'Group').status, 'TimedOut');
    assert.equal(action(record, 'Long').status, 'Cancelled');
    assert.match(action(record, 'Long').error?.message ?? '', /'Group' did not finish within its timeout/);
    assert.equal(action(record, 'Next').status, 'Skipped');
    assert.equal(record.status, 'Failed');
  });
});

describe('concurrency of independent branches', () => {
  it('starts independent branches together', async () => {
    const target = await sink(() => ({ status: 200, delayMs: 200 }));
    const call = (path: string, runAfter?: Record<string, string[]>) => ({
      type: 'Http',
      inputs: { method: 'GET', uri: `${target.url}${path}` },
      ...(runAfter ? { runAfter } : {}),
    });
    const { record } = await run({
      actions: { Left: call('/left'), Right: call('/right'), Middle: call('/middle'), Join: compose(1, { Left: ['Succeeded'], Right: ['Succeeded'], Middle: ['Succeeded'] }) },
    });
    assert.equal(record.status, 'Succeeded');
    assert.equal(target.maxInFlight, 3, 'the three calls were in flight at the same time');
    assert.equal(action(record, 'Join').status, 'Succeeded');
  });

  it('runs a dependent action only after its predecessor finished', async () => {
    const target = await sink(() => ({ status: 200, delayMs: 50 }));
    const { record } = await run({
      actions: {
        First: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/1` } },
        Second: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/2` }, runAfter: after('First') },
      },
    });
    assert.equal(record.status, 'Succeeded');
    assert.equal(target.maxInFlight, 1);
    assert.deepEqual(target.requests.map((request) => request.url), ['/1', '/2']);
  });
});

describe('expression errors at run time', () => {
  it('fails the action with InvalidTemplate, quoting the expression', async () => {
    const { record } = await run({ actions: { Divide: compose("@div(triggerBody()['n'], 0)") } }, { body: { n: 4 } });
    const divide = action(record, 'Divide');
    assert.equal(divide.status, 'Failed');
    assert.equal(divide.code, 'InvalidTemplate');
    assert.equal(divide.error?.code, 'InvalidTemplate');
    assert.match(divide.error?.message ?? '', /Unable to process template language expressions in action 'Divide' inputs/);
    assert.ok(divide.error?.message.includes("div(triggerBody()['n'], 0)"), divide.error?.message);
    assert.equal(record.status, 'Failed');
  });

  it('a missing property without ? fails; with ? it is null', async () => {
    const { record } = await run(
      {
        actions: {
          Strict: compose("@triggerBody()['missing']"),
          Lenient: compose("@triggerBody()?['missing']"),
          Deep: compose("@triggerBody()?['missing']?['deeper']"),
          Deep_strict: compose("@triggerBody()?['missing']['deeper']"),
          Present: compose("@triggerBody()['present']"),
        },
      },
      { body: { present: 1 } },
    );
    assert.equal(action(record, 'Strict').status, 'Failed');
    assert.equal(action(record, 'Strict').code, 'InvalidTemplate');
    assert.match(action(record, 'Strict').error?.message ?? '', /missing/);
    assert.equal(action(record, 'Lenient').status, 'Succeeded');
    assert.equal(action(record, 'Lenient').outputs, null);
    assert.equal(action(record, 'Deep').outputs, null);
    assert.equal(action(record, 'Deep_strict').status, 'Failed');
    assert.equal(action(record, 'Present').outputs, 1);
  });

  it('an error in a runAfter-Failed handler is itself an unhandled failure', async () => {
    const { record } = await run({ actions: { A: fail(), Handle: fail(after('A', ['Failed'])) } });
    assert.equal(action(record, 'Handle').status, 'Failed');
    assert.equal(record.status, 'Failed');
  });
});

describe('cancellation', () => {
  it('a run whose signal aborts ends Cancelled, with running actions cancelled and the rest not run', async () => {
    const controller = new AbortController();
    const running = run(
      {
        actions: {
          Long: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Day' } } },
          Next: compose(1, after('Long')),
        },
      },
      { signal: controller.signal },
    );
    controller.abort();
    const { record } = await running;
    assert.equal(record.status, 'Cancelled');
    assert.equal(action(record, 'Long').status, 'Cancelled');
    assert.equal(action(record, 'Next').status, 'Skipped');
  });

  it('reaches an action running inside containers (an If in a Scope): it ends Cancelled, its call abandoned', async () => {
    const target = await sink([{ status: 200, delayMs: 5_000 }]);
    const controller = new AbortController();
    const started = Date.now();
    const running = run(
      {
        actions: {
          Outer: {
            type: 'Scope',
            actions: {
              Check: {
                type: 'If',
                expression: { and: [{ equals: [1, 1] }] },
                actions: { Long: { type: 'Http', inputs: { method: 'GET', uri: `${target.url}/slow` } } },
                else: { actions: {} },
              },
            },
          },
          Next: compose(1, after('Outer')),
        },
      },
      { signal: controller.signal },
    );
    // Once the call inside has reached the sink (which holds its answer).
    while (target.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const { record } = await running;
    assert.equal(record.status, 'Cancelled');
    assert.equal(action(record, 'Long').status, 'Cancelled');
    assert.equal(action(record, 'Next').status, 'Skipped');
    assert.ok(Date.now() - started < 4_000, 'the call was abandoned, not awaited');
  });
});

it('the run record keeps the trigger outputs and the workflow outputs', async () => {
  const { record } = await run(
    {
      actions: { A: compose("@triggerBody()['x']") },
      outputs: { doubled: { type: 'Int', value: "@mul(outputs('A'), 2)" } },
    },
    { body: { x: 21 }, headers: { 'x-h': 'v' } },
  );
  assert.deepEqual(record.trigger, { name: 'manual', outputs: { headers: { 'x-h': 'v' }, body: { x: 21 } } });
  assert.deepEqual(record.outputs, { doubled: 42 });
  assert.equal(record.startTime, '2024-01-01T00:00:00.0000000Z');
});
