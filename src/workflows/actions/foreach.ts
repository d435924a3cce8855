import { type Value } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { arrayInput } from './array-input.js';
import { hasOperationOption } from './operation-options.js';
import { containerFailed, succeeded } from './outcome.js';

export const DEFAULT_FOREACH_CONCURRENCY = 20;
/** Logic Apps' cap on items in one Foreach. */
export const MAX_FOREACH_ITEMS = 100_000;

/**
 * `Foreach`: runs its actions once per item, up to `runtimeConfiguration.concurrency.repetitions` at once (20 by
 * default, 1 with `operationOptions: Sequential`). A Foreach inside another always runs one item at a time, as in
 * Logic Apps. It fails when any repetition failed.
 */
export const foreachAction = defineActionType({
  type: 'Foreach',
  isLoop: true,
  compile(definition, cx) {
    const sequential = hasOperationOption(definition.operationOptions, 'Sequential');
    const repetitions = definition.runtimeConfiguration?.concurrency?.repetitions;
    if (sequential && repetitions !== undefined) {
      cx.issue("Set either 'operationOptions: Sequential' or 'runtimeConfiguration.concurrency', not both.", 'operationOptions');
    }
    if (definition.foreach === undefined) cx.issue("The 'Foreach' action needs a 'foreach' expression.", 'foreach');
    return {
      items: cx.template(definition.foreach ?? [], 'foreach'),
      concurrency: sequential || cx.insideForeach ? 1 : (repetitions ?? DEFAULT_FOREACH_CONCURRENCY),
      body: cx.container(definition.actions, 'actions'),
    };
  },
  async execute(plan, ex) {
    const items = arrayInput(ex.recordedInputs ?? ex.evaluate(plan.items), 'foreach');
    if (items.length > MAX_FOREACH_ITEMS) {
      throw new ActionInputError('InvalidTemplate', `A Foreach can iterate at most ${MAX_FOREACH_ITEMS} items; got ${items.length}.`);
    }
    await ex.recordStart(items);
    let next = 0;
    let anyFailed = false;
    const worker = async (): Promise<void> => {
      while (next < items.length && !ex.signal.aborted) {
        const index = next++;
        const outcome = await ex.runContainer(plan.body, { name: ex.name, index, item: items[index] as Value });
        if (outcome.failed) anyFailed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, items.length) }, worker));
    const result = { repetitionCount: items.length };
    return anyFailed ? containerFailed(result) : { ...succeeded(undefined, undefined), ...result };
  },
});
