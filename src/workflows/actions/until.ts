import { isInteger } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { compileCondition } from './condition.js';
import { containerFailed, succeeded } from './outcome.js';

export const DEFAULT_UNTIL_COUNT = 60;
export const MAX_UNTIL_COUNT = 5000;
const DEFAULT_UNTIL_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * `Until`: runs its actions, then checks the expression; repeats until it is true, `limit.count` repetitions ran
 * (the loop then ends Succeeded, as in Logic Apps) or `limit.timeout` passed (TimedOut). The timeout counts from the
 * loop's first start, journaled when it starts, so a restart does not give it a new one.
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
    for (let index = 0; index < count; index++) {
      const outcome = await ex.runContainer(plan.body, { name: ex.name, index });
      // A repetition restored from the journal is checked at the time it ended then, as the first run checked it.
      const ended = outcome.endTime === undefined ? ex.ports.clock.now() : Date.parse(outcome.endTime);
      const inputs = { limit, iterations: index + 1 };
      if (outcome.failed) return containerFailed({ inputs, repetitionCount: index + 1 });
      // The condition sees the repetition that just ran, so `iterationIndexes('<this loop>')` works in it.
      const done = ex.evaluate(plan.expression, { name: ex.name, index });
      if (typeof done !== 'boolean') {
        throw new ActionInputError('InvalidTemplate', "The 'Until' expression must evaluate to true or false.");
      }
      if (done) return { ...succeeded(inputs, undefined), repetitionCount: index + 1 };
      if (ended - started >= plan.timeoutMs) {
        return {
          status: 'TimedOut',
          code: 'ActionTimedOut',
          error: { code: 'ActionTimedOut', message: `The 'Until' loop did not finish within its timeout.` },
          inputs,
          repetitionCount: index + 1,
        };
      }
    }
    return { ...succeeded({ limit }, undefined), repetitionCount: count };
  },
});
