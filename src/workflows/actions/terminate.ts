import { type Value, isObject } from '../../expressions/index.js';
import { RunStatus } from '../run-record.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';

const runStatuses = new Map([RunStatus.Failed, RunStatus.Cancelled, RunStatus.Succeeded].map((s) => [s.toLowerCase(), s]));

/** `Terminate {runStatus, runError?}`: ends the run at once with that status; running actions are cancelled. */
export const terminateAction = defineActionType({
  type: 'Terminate',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    const status = inputs['runStatus'];
    if (typeof status !== 'string' || (!status.includes('@') && !runStatuses.has(status.toLowerCase()))) {
      cx.issue("'inputs.runStatus' must be 'Failed', 'Cancelled' or 'Succeeded'.", 'inputs.runStatus');
    }
    return cx.template(inputs, 'inputs');
  },
  async execute(template, ex) {
    const inputs = ex.evaluate(template);
    const spec = isObject(inputs) ? inputs : {};
    const status = runStatuses.get(String(spec['runStatus'] ?? '').toLowerCase());
    if (status === undefined) {
      throw new ActionInputError('InvalidTemplate', "'runStatus' must be 'Failed', 'Cancelled' or 'Succeeded'.");
    }
    const runError = isObject(spec['runError'] as Value) ? (spec['runError'] as Record<string, Value>) : undefined;
    const error =
      status === RunStatus.Succeeded
        ? undefined
        : {
            code: String(runError?.['code'] ?? (status === RunStatus.Failed ? 'Terminated' : 'Cancelled')),
            message: String(runError?.['message'] ?? `The run was terminated with status '${status}'.`),
          };
    return { status: 'Succeeded', inputs, terminate: { status, ...(error ? { error } : {}) } };
  },
});
