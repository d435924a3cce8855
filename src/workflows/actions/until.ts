import { isInteger } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionOutcome, defineActionType } from './action-type.js';
import { compileCondition } from './condition.js';
import { hasOperationOption } from './operation-options.js';
import { containerFailed, succeeded } from './outcome.js';

export const DEFAULT_UNTIL_COUNT = 60;
export const MAX_UNTIL_COUNT = 5000;
const DEFAULT_UNTIL_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * `Until`: runs its actions, then checks the expression; repeats until it is true, `limit.count` repetitions ran or
 * `limit.timeout` passed. As in Logic Apps, a repetition with a failed action does not stop the loop: the loop's
 * status is that of its last repetition (Failed if an action in it failed, else Succeeded), also when a limit ended
 * it; with `operationOptions: FailWhenLimitsReached` a loop ended by a limit is TimedOut. The timeout counts from
 * the loop's first start, journaled when it starts, so a restart does not give it a new one.
 */
export const untilAction = defineActionType({
  type: 'Until',
  isLoop: true,
  ownsTimeout: true,
  compile(definition, cx) {
    if (definition.expression === undefined) cx.issue("The 'Until' action needs an 'expression'.", 'expression');
    const count = definition.limit?.count;
    if (typeof count === 'number' && (!Number.isInteger(count) || count < 1 || count > MAX_UNTIL_COUNT)) {
      cx.issue(`'limit.count' must be an integer from 1 to ${MAX_UNTIL_COUNT}.`, 'limit.count');
    }
    return {
      expression: compileCondition(definition.expression ?? true, cx, 'expression'),
      count: cx.template(count ?? DEFAULT_UNTIL_COUNT, 'limit.count'),
      timeoutMs:
        definition.limit?.timeout === undefined
          ? DEFAULT_UNTIL_TIMEOUT_MS
          : (cx.duration(definition.limit.timeout, 'limit.timeout') ?? DEFAULT_UNTIL_TIMEOUT_MS),
      failWhenLimitsReached: hasOperationOption(definition.operationOptions, 'FailWhenLimitsReached'),
      body: cx.container(definition.actions, 'actions'),
    };
  },
  async execute(plan, ex) {
    const count = ex.evaluate(plan.count);
    if (!isInteger(count) || count < 1 || count > MAX_UNTIL_COUNT) {
      throw new ActionInputError('InvalidTemplate', `'limit.count' must be an integer from 1 to ${MAX_UNTIL_COUNT}.`);
    }
    const limit = { count, timeout: plan.timeoutMs };
    await ex.recordStart({ limit });
    const started = Date.parse(ex.startTime);
    /** The loop's outcome after `iterations` repetitions, the last of which failed or not. */
    const ended = (iterations: number, lastFailed: boolean): ActionOutcome => {
      const inputs = { limit, iterations };
      return lastFailed ? containerFailed({ inputs, repetitionCount: iterations }) : { ...succeeded(inputs, undefined), repetitionCount: iterations };
    };
    const limitReached = (iterations: number, lastFailed: boolean, which: string): ActionOutcome => {
      if (!plan.failWhenLimitsReached) return ended(iterations, lastFailed);
      const message = `The 'Until' loop reached its ${which} before its expression was true.`;
      return { status: 'TimedOut', code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message }, inputs: { limit, iterations }, repetitionCount: iterations };
    };
    let lastFailed = false;
    for (let index = 0; index < count; index++) {
      const outcome = await ex.runContainer(plan.body, { name: ex.name, index });
      lastFailed = outcome.failed;
      // Cancelled (the run, or a parent's timeout): no further repetition starts.
      if (ex.signal.aborted) return ended(index + 1, true);
      // A repetition restored from the journal is checked at the time it ended then, as the first run checked it.
      const endedAt = outcome.endTime === undefined ? ex.ports.clock.now() : Date.parse(outcome.endTime);
      // The condition sees the repetition that just ran, so `iterationIndexes('<this loop>')` works in it.
      const done = ex.evaluate(plan.expression, { name: ex.name, index });
      if (typeof done !== 'boolean') {
        throw new ActionInputError('InvalidTemplate', "The 'Until' expression must evaluate to true or false.");
      }
      if (done) return ended(index + 1, lastFailed);
      if (endedAt - started >= plan.timeoutMs) return limitReached(index + 1, lastFailed, 'timeout');
    }
    return limitReached(count, lastFailed, `count of ${count} repetitions`);
  },
});
