import { type JsonObject, isObject } from '../../expressions/index.js';
import { tryParseDuration } from '../duration.js';
import { type RetryPolicy, defaultRetryPolicy, parseRetryPolicy } from '../retry-policy.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { prepareRequest, redactHttpInputs, responseBody, retryAfterMs, statusCodeName } from './http-message.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { failed, succeeded } from './outcome.js';
import { sendWithRetries } from './retry-loop.js';

/**
 * `Http {method, uri, headers?, queries?, body?, authentication?, retryPolicy?}`. Outputs `{statusCode, headers,
 * body}`; a final non-2xx answer fails the action and keeps its outputs.
 */
export const httpAction = defineActionType({
  type: 'Http',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    requireInput(inputs, 'method', cx);
    requireInput(inputs, 'uri', cx);
    const { retryPolicy, ...rest } = inputs;
    const parsed = parseRetryPolicy(retryPolicy, tryParseDuration);
    let policy: RetryPolicy = defaultRetryPolicy;
    if (parsed.ok) policy = parsed.policy;
    else cx.issue(parsed.message, `inputs.${parsed.field}`);
    const suppressHeaders = /(^|,)\s*SuppressWorkflowHeaders\s*(,|$)/i.test(definition.operationOptions ?? '');
    return { inputs: cx.template(rest, 'inputs'), policy, suppressHeaders };
  },
  async execute(plan, ex) {
    const evaluated = ex.evaluate(plan.inputs);
    if (!isObject(evaluated)) throw new ActionInputError('InvalidTemplate', 'The Http inputs must be an object.');
    const inputs: JsonObject = redactHttpInputs(evaluated);
    const prepared = prepareRequest(evaluated);
    // Like Logic Apps, tell the receiver which run and action repetition is calling, so it can recognise a repeat
    // after a crash (the idempotency key is stable across retries and resumes).
    const request = plan.suppressHeaders
      ? prepared
      : {
          ...prepared,
          headers: {
            'x-ms-workflow-run-id': ex.idempotencyKey.split('/')[0] ?? '',
            'x-ms-tracking-id': ex.idempotencyKey,
            ...prepared.headers,
          },
        };
    const { last, history } = await sendWithRetries(plan.policy, ex, async () => {
      const response = await ex.ports.http.send({ ...request, signal: ex.signal });
      return {
        statusCode: response.statusCode,
        retryAfterMs: retryAfterMs(response.headers, ex.ports.clock.now()),
        value: { statusCode: response.statusCode, headers: { ...response.headers }, body: responseBody(response) },
      };
    });
    const retryHistory = history.length > 0 ? { retryHistory: history } : {};
    if (last.kind === 'connectionError') {
      return failed('ConnectionError', `The HTTP request to '${request.url}' failed: ${last.message}`, { inputs, ...retryHistory });
    }
    const outputs = last.value;
    if (last.statusCode >= 200 && last.statusCode < 300) return { ...succeeded(inputs, outputs), ...retryHistory };
    const name = statusCodeName(last.statusCode);
    return failed(name, `The HTTP request to '${request.url}' answered ${last.statusCode} (${name}).`, {
      inputs,
      outputs,
      ...retryHistory,
    });
  },
});
