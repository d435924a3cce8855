import { defineActionType } from './action-type.js';
import { containerFailed, succeeded } from './outcome.js';

/** `Scope`: runs its actions as a group; fails when one of its branches ends in an unhandled failure. */
export const scopeAction = defineActionType({
  type: 'Scope',
  compile: (definition, cx) => cx.container(definition.actions, 'actions'),
  async execute(container, ex) {
    const outcome = await ex.runContainer(container);
    return outcome.failed ? containerFailed() : succeeded(undefined, undefined);
  },
});
